import type { Figures, Flag } from '../../../utils/attendance/types';
import type {
  CohortData,
  PanelSource,
  PupilDetail,
  PupilSummary,
  QueueItem,
} from '../../../components/panel/model';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

export const TODAY = '2026-01-21';

/** Figures from a count of possible and absent sessions, as the engine would give them. */
export function figures(possible: number, absent: number, extra: Partial<Figures> = {}): Figures {
  const ratio = possible ? absent / possible : 0;
  const band =
    possible === 0
      ? null
      : ratio >= 0.5
        ? 'severe'
        : ratio >= 0.1
          ? 'persistent'
          : ratio >= 0.05
            ? 'at-risk'
            : 'none';
  return {
    possible,
    present: possible - absent,
    authorised: absent,
    unauthorised: 0,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    notPossible: 0,
    unmarked: 0,
    unknown: 0,
    attendancePct: possible ? Math.round(10000 * (1 - ratio)) / 100 : null,
    absencePct: possible ? Math.round(10000 * ratio) / 100 : null,
    band,
    sessionsUntilPersistent: possible
      ? possible > 10 * absent
        ? Math.ceil((possible - 10 * absent) / 9)
        : 0
      : null,
    presentSessionsToRecover: possible
      ? 10 * absent >= possible
        ? 10 * absent - possible + 1
        : 0
      : null,
    maxUnauthorisedIn10Weeks: 0,
    ...extra,
  };
}

export const flag = (
  id: Flag['id'],
  severity: Flag['severity'] = 'medium',
  reason = `${id} reason`,
): Flag => ({
  id,
  severity,
  reason,
  evidence: ['2026-01-19 AM N'],
});

export function pupil(
  pupilId: string,
  name: string,
  possible: number,
  absent: number,
  more: Partial<PupilSummary> = {},
): PupilSummary {
  const f = figures(possible, absent);
  const flags: Flag[] = [];
  if (f.band === 'severe') flags.push(flag('severe-absence', 'high'));
  else if (f.band === 'persistent') flags.push(flag('persistent-absence', 'high'));
  else if (f.band === 'at-risk') flags.push(flag('at-risk'));
  return {
    pupilId,
    name,
    group: '7B',
    year: 'Year 7',
    figures: f,
    flags,
    tags: [],
    topStep: flags.length
      ? {
          id: 'tutor-conversation',
          stage: 'listen-and-understand',
          who: 'Form tutor',
          text: `Have a quiet word with ${name}`,
          why: 'Absence is rising.',
        }
      : null,
    stage: null,
    change: { previousBand: f.band, absencePointsDelta: 0, newAbsences: 0 },
    ...more,
  };
}

export function queueItem(summary: PupilSummary, more: Partial<QueueItem> = {}): QueueItem {
  return { ...summary, reviews: {}, dueFollowUp: null, ...more };
}

export function detail(summary: PupilSummary): PupilDetail {
  return {
    summary,
    asOf: TODAY,
    marks: [
      { pupilId: summary.pupilId, date: '2026-01-19', session: 'AM', mark: 'N' },
      { pupilId: summary.pupilId, date: '2026-01-19', session: 'PM', mark: 'I' },
      { pupilId: summary.pupilId, date: '2026-01-20', session: 'AM', mark: '/' },
      { pupilId: summary.pupilId, date: '2026-01-20', session: 'PM', mark: 'ZZ' },
    ],
    weekly: [
      { weekStart: '2026-01-05', possible: 10, absent: 1, attendancePct: 90, cumulativePct: 90 },
      { weekStart: '2026-01-12', possible: 10, absent: 3, attendancePct: 70, cumulativePct: 80 },
    ],
    heatmap: [
      { weekday: 'Mon', session: 'AM', possible: 6, absent: 4 },
      { weekday: 'Mon', session: 'PM', possible: 6, absent: 1 },
    ],
    steps: summary.topStep
      ? [
          summary.topStep,
          {
            id: 'family-meeting',
            stage: 'listen-and-understand',
            who: 'Pastoral lead',
            text: 'Meet the family',
            why: 'To understand the barriers.',
            record: 'What was agreed',
          },
        ]
      : [],
    notes: [
      { id: 'n1', date: '2026-01-10', by: 'Ms Khan', text: 'Called home', followUp: '2026-01-17' },
    ],
    interventions: [
      {
        id: 'i1',
        type: 'attendance-mentor',
        start: '2025-12-01',
        plannedWeeks: 12,
        reviewDate: '2026-02-23',
        status: 'active',
      },
    ],
    stageHistory: [
      { stage: 'monitor', date: '2025-11-01', by: 'Mr Lee', reason: 'Absence above 5%' },
    ],
    impact: [
      {
        interventionId: 'i1',
        type: 'attendance-mentor',
        weeks: 6,
        beforePct: 82,
        sincePct: 90.5,
        beforePossible: 60,
        sincePossible: 58,
        changePoints: 8.5,
        smallNumbers: false,
      },
    ],
  };
}

export function cohort(): CohortData {
  const level = (kind: 'school' | 'year' | 'form', label: string, pupils: number) => ({
    kind,
    label,
    pupils,
    possible: pupils * 100,
    absent: pupils * 8,
    absencePct: 8,
    persistentCount: Math.round(pupils / 5),
    persistentPct: 20,
    severeCount: 1,
    severePct: Math.round(10000 / pupils) / 100,
    bandCounts: {
      severe: 1,
      persistent: Math.round(pupils / 5) - 1,
      'at-risk': 3,
      none: pupils - Math.round(pupils / 5) - 3,
      unknown: 0,
    },
    movement: [{ from: 'at-risk' as const, to: 'persistent' as const, count: 2 }],
    weekly: [
      { weekStart: '2026-01-05', absencePct: 7.5 },
      { weekStart: '2026-01-12', absencePct: 9.1 },
    ],
  });
  return {
    asOf: TODAY,
    movementSince: '2026-01-14',
    levels: [
      level('school', 'Whole school', 300),
      level('year', 'Year 7', 60),
      level('form', '7B', 30),
    ],
    national: {
      year: '2023/24',
      period: 'full year 2023/24',
      coverage: 'England, state-funded schools',
      source: 'DfE pupil absence statistics',
      overallAbsencePct: 7.1,
      persistentPct: 20,
      severePct: 2.3,
    },
    whatWorks: [
      {
        type: 'attendance-mentor',
        count: 3,
        medianChangePoints: 4.2,
        improved: 2,
        smallNumbers: true,
      },
    ],
  };
}

export interface FakeSource extends PanelSource {
  calls: { method: string; arg: unknown }[];
  emit(): void;
}

export function fakeSource(
  data: {
    register?: PupilSummary[] | null;
    queue?: QueueItem[];
    details?: PupilDetail[];
  } = {},
): FakeSource {
  const calls: { method: string; arg: unknown }[] = [];
  let listener: (() => void) | null = null;
  let noteId = 0;
  return {
    calls,
    emit: () => listener?.(),
    today: () => TODAY,
    currentRegister: async () =>
      data.register === null
        ? null
        : { group: '7B', date: TODAY, session: 'AM', source: 'active-tab' },
    registerPupils: async () => data.register ?? [],
    queue: async () => data.queue ?? [],
    pupil: async (id) => data.details?.find((d) => d.summary.pupilId === id) ?? null,
    cohort: async () => cohort(),
    saveNote: async (note) => {
      calls.push({ method: 'saveNote', arg: note });
      return { id: note.id ?? `note-${++noteId}`, date: note.date, by: note.by, text: note.text };
    },
    saveIntervention: async (arg) => void calls.push({ method: 'saveIntervention', arg }),
    reviewFlag: async (arg) => void calls.push({ method: 'reviewFlag', arg }),
    savePupilTags: async (pupilId, tags) => {
      calls.push({ method: 'savePupilTags', arg: { pupilId, tags } });
      // As the store source does: a write tells the listeners, which reload.
      listener?.();
    },
    loadPrefs: async () => ({ privacyScreen: false, overlayEnabled: true }),
    savePrefs: async (arg) => void calls.push({ method: 'savePrefs', arg }),
    subscribe: (fn) => {
      listener = fn;
      return () => {
        listener = null;
      };
    },
  };
}

/** Renders into a fresh container and lets pending loads settle. */
export async function mount(node: ComponentChild): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(async () => {
    render(node, container);
  });
  await settle();
  return container;
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export async function unmount(container: HTMLElement): Promise<void> {
  await act(async () => {
    render(null, container);
  });
  container.remove();
}

export async function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('nothing to click');
  await act(async () => {
    (el as HTMLElement).click();
  });
  await settle();
}

export const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
