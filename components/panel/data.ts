import { academicYearStart, addDays, yearLeft } from '../../utils/attendance/calendar';
import { analysePupil, type PupilAnalysis } from '../../utils/attendance/analyse';
import { bandMovement, cohortFigures, NATIONAL_REFERENCE } from '../../utils/attendance/cohort';
import { nationalSource } from '../../utils/attendance/national';
import { categorise, isAbsence } from '../../utils/attendance/codes';
import type { MarkRecord } from '../../utils/attendance/types';
import { browser } from 'wxt/browser';
import type { ReplyOf } from '../../utils/messaging/protocol';
import { onBroadcast, sendToBackground } from '../../utils/messaging/runtime';
import { calendarFor, type Settings } from '../../utils/settings/schema';
import {
  allFigures,
  allInterventions,
  allNotes,
  allPupils,
  allReviews,
  allStageHistory,
  getPupil,
  latestRegisterMark,
  marksBetween,
  loadSettings,
  pupilInterventions,
  pupilMarks,
  pupilPriorSummaries,
  pupilNotes,
  pupilsInGroup,
  pupilStageHistory,
  reviewFlag,
  reviewHides,
  saveIntervention,
  saveNote,
  saveSettings,
  setPupilTags,
  toMarkRecords,
  type FlagReviewRecord,
  type PupilRecord,
} from '../../utils/store';
import { interventionImpact, whatWorks } from '../../utils/support/impact';
import {
  currentStage,
  dueFollowUps,
  stageTimeline,
  type InterventionRecord,
} from '../../utils/support/records';
import { suggestSteps } from '../../utils/support/suggest';
import type { PriorSummary } from '../../utils/attendance/prior';
import {
  cohortLevel,
  heatCells,
  impactView,
  interventionView,
  noteView,
  stageView,
  weekChange,
  weeklyPoints,
  whatWorksView,
} from './adapt';
import { yearOf } from './format';
import type {
  CohortData,
  CohortLevel,
  FlagReviewView,
  NationalReference,
  PanelSource,
  PupilDetail,
  PupilSummary,
  QueueItem,
  RegisterContext,
} from './model';

/** The latest national release (utils/attendance/national.ts), as the cohort view names it. */
export function nationalReference(): NationalReference {
  const latest = NATIONAL_REFERENCE.latest;
  return {
    year: latest.year,
    period: latest.period,
    coverage: latest.coverage,
    source: nationalSource(latest),
    overallAbsencePct: latest.overallAbsencePct,
    persistentPct: latest.persistentPct,
    severePct: latest.severePct,
  };
}

function localIsoDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

const byPupil = <T extends { pupilId: string }>(items: readonly T[]): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.pupilId);
    if (list) list.push(item);
    else map.set(item.pupilId, [item]);
  }
  return map;
};

function reviewView(review: FlagReviewRecord): FlagReviewView {
  return {
    flagId: review.flagId,
    action: review.action,
    ...(review.until ? { until: review.until } : {}),
    reason: review.reason,
    at: review.at,
  };
}

export interface StoreSourceOptions {
  now?: () => Date;
  /** Stand-in for the worker's broadcasts (tests); default: utils/messaging. */
  onDataChanged?: (handler: () => void) => () => void;
  /** Tell the worker that settings changed (so badges follow the toggles); default: messaging. */
  notifySettingsChanged?: () => Promise<unknown>;
  /** Ask the worker which register is open in the active tab; default: `panel:open-register`. */
  openRegister?: () => Promise<ReplyOf<'panel:open-register'>>;
}

/**
 * The active tab's id. `tabs.query` gives ids without the `tabs` permission (only addresses and
 * titles need it), which is all the worker needs to find that tab's reading.
 */
async function activeTabId(): Promise<number | undefined> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  } catch {
    return undefined;
  }
}

/**
 * The worker's broadcasts (each reading names its tab, so the panel follows the tutor marking),
 * and the user switching tabs, which changes which register is "open".
 */
function defaultDataChanged(handler: () => void): () => void {
  const off = onBroadcast(() => handler());
  const onActivated = () => handler();
  const tabs = browser.tabs?.onActivated;
  tabs?.addListener(onActivated);
  return () => {
    off();
    tabs?.removeListener(onActivated);
  };
}

async function askOpenRegister(): Promise<ReplyOf<'panel:open-register'>> {
  const tabId = await activeTabId();
  return sendToBackground({
    type: 'panel:open-register',
    ...(tabId === undefined ? {} : { tabId }),
  });
}

/**
 * The panel's data, read straight from the store (extension pages share the extension origin's
 * IndexedDB with the worker). Figures for a whole school come from the worker's cache; a pupil's
 * own page and the register (about 30 pupils) are analysed afresh from their marks, so the weekly
 * series, heat map and "since last week" need nothing more stored.
 */
export function createStoreSource(options: StoreSourceOptions = {}): PanelSource {
  const now = options.now ?? (() => new Date());
  const today = () => localIsoDate(now());
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((fn) => fn());

  const context = async () => {
    const { settings } = await loadSettings();
    const asOf = today();
    return {
      settings,
      asOf,
      from: `${academicYearStart(asOf)}-09-01`,
      calendar: calendarFor(settings, asOf),
    };
  };
  type Ctx = Awaited<ReturnType<typeof context>>;

  // Last year's evidence (stored marks of that year, else a prior school's summary) is looked at
  // as the worker does, so the panel shows the same prior-year flags as the badges.
  const analyse = (
    marks: MarkRecord[],
    ctx: Ctx,
    asOf = ctx.asOf,
    summaries: readonly PriorSummary[] = [],
  ) =>
    analysePupil(marks, {
      asOf,
      from: ctx.from,
      thresholds: ctx.settings.thresholds,
      calendar: ctx.calendar,
      prior: { summaries },
    });

  const supportFor = async (pupilId: string) => {
    const [notes, interventions, stages] = await Promise.all([
      pupilNotes(pupilId),
      pupilInterventions(pupilId),
      pupilStageHistory(pupilId),
    ]);
    return { notes, interventions, stages };
  };

  const absencesSince = (marks: readonly MarkRecord[], from: string, to: string): number => {
    let n = 0;
    for (const m of marks) {
      if (m.date > from && m.date <= to && isAbsence(categorise(m.mark, m.date))) n += 1;
    }
    return n;
  };

  async function summarise(
    pupil: PupilRecord,
    ctx: Ctx,
  ): Promise<{
    summary: PupilSummary;
    marks: MarkRecord[];
    summaries: PriorSummary[];
    support: Awaited<ReturnType<typeof supportFor>>;
  }> {
    const marks = toMarkRecords(await pupilMarks(pupil.id));
    const summaries = await pupilPriorSummaries(pupil);
    const analysis = analyse(marks, ctx, ctx.asOf, summaries);
    const weekAgo = addDays(ctx.asOf, -7);
    const before = analyse(marks, ctx, weekAgo).figures;
    const support = await supportFor(pupil.id);
    const steps = suggestSteps({
      pupilId: pupil.id,
      name: pupil.name,
      asOf: ctx.asOf,
      figures: analysis.figures,
      flags: analysis.flags,
      marks: marks.filter((m) => m.date <= ctx.asOf),
      tags: pupil.tags,
      interventions: support.interventions,
      notes: support.notes,
      stageHistory: support.stages,
      priorYear: analysis.priorYear,
    });
    return {
      marks,
      summaries,
      support,
      summary: {
        pupilId: pupil.id,
        name: pupil.name,
        group: pupil.group,
        year: yearOf(pupil.group),
        figures: analysis.figures,
        flags: analysis.flags,
        tags: pupil.tags,
        topStep: steps[0] ?? null,
        stage: currentStage(support.stages),
        change: weekChange(analysis.figures, before, absencesSince(marks, weekAgo, ctx.asOf)),
      },
    };
  }

  return {
    today,

    async saveMarkMapping(siteId, entries) {
      const reply = await sendToBackground({ type: 'panel:save-mark-mapping', siteId, entries });
      if (!reply.ok) throw new Error(reply.error);
    },

    async startTeach() {
      const tabId = await activeTabId();
      if (tabId === undefined) return { ok: false, error: 'There is no tab to teach.' };
      return sendToBackground({ type: 'panel:start-teach', tabId });
    },

    async currentRegister(): Promise<RegisterContext | null> {
      const reply = await (options.openRegister ?? askOpenRegister)();
      if (reply.ok && reply.register && reply.source) {
        const { register } = reply;
        return {
          group: register.group,
          date: register.date,
          session: register.session,
          source: reply.source,
          siteId: register.siteId,
          pupilIds: register.pupilIds,
          ...(register.needsMapping ? { needsMapping: register.needsMapping } : {}),
        };
      }
      // The worker remembers readings for this browser session only; after a restart (or with
      // the worker unreachable) the register read most recently is the best guess.
      const best = await latestRegisterMark();
      if (!best) return null;
      const pupil = await getPupil(best.pupilId);
      if (!pupil) return null;
      return {
        group: pupil.group,
        date: best.date,
        session: best.session,
        source: 'latest',
        siteId: pupil.siteId,
      };
    },

    async evidenceBasis() {
      const ctx = await context();
      return {
        minSessions: ctx.settings.thresholds.fewSessions,
        year: yearLeft(ctx.calendar, ctx.asOf),
      };
    },

    async registerPupils(register) {
      if (!register.siteId) return [];
      const listed = register.pupilIds;
      const [ctx, pupils] = await Promise.all([
        context(),
        listed?.length
          ? Promise.all(listed.map((id) => getPupil(id))).then((found) =>
              found.filter((p): p is PupilRecord => !!p),
            )
          : pupilsInGroup(register.siteId, register.group),
      ]);
      const rows = await Promise.all(pupils.map((p) => summarise(p, ctx)));
      return rows.map((r) => r.summary);
    },

    async queue(): Promise<QueueItem[]> {
      const asOf = today();
      const [pupils, figures, reviews, notes, interventions, stages] = await Promise.all([
        allPupils(),
        allFigures(),
        allReviews(),
        allNotes(),
        allInterventions(),
        allStageHistory(),
      ]);
      const pupilById = new Map(pupils.map((p) => [p.id, p]));
      const reviewsByPupil = byPupil(reviews);
      const stagesByPupil = byPupil(stages);
      const due = new Map<string, string>();
      for (const item of dueFollowUps({ notes, interventions }, asOf)) {
        if (!due.has(item.pupilId)) due.set(item.pupilId, item.due);
      }
      const items: QueueItem[] = [];
      for (const record of figures) {
        const pupil = pupilById.get(record.pupilId);
        // A pupil with a follow-up due stays in the queue even once their flags have cleared.
        if (!pupil || (!record.flags.some((f) => f.id !== 'few-sessions') && !due.has(pupil.id))) {
          continue;
        }
        const active: QueueItem['reviews'] = {};
        for (const review of reviewsByPupil.get(pupil.id) ?? []) {
          if (reviewHides(review, asOf)) active[review.flagId] = reviewView(review);
        }
        items.push({
          pupilId: pupil.id,
          name: pupil.name,
          group: pupil.group,
          year: yearOf(pupil.group),
          figures: record.figures,
          flags: record.flags,
          tags: pupil.tags,
          topStep: null,
          stage: currentStage(stagesByPupil.get(pupil.id) ?? []),
          change: null,
          reviews: active,
          dueFollowUp: due.get(pupil.id) ?? null,
        });
      }
      return items;
    },

    async pupil(pupilId): Promise<PupilDetail | null> {
      const [pupil, ctx] = await Promise.all([getPupil(pupilId), context()]);
      if (!pupil) return null;
      const { summary, marks, summaries, support } = await summarise(pupil, ctx);
      const analysis = analyse(marks, ctx, ctx.asOf, summaries);
      const steps = suggestSteps({
        pupilId,
        name: pupil.name,
        asOf: ctx.asOf,
        figures: analysis.figures,
        flags: analysis.flags,
        marks: marks.filter((m) => m.date <= ctx.asOf),
        tags: pupil.tags,
        interventions: support.interventions,
        notes: support.notes,
        stageHistory: support.stages,
        priorYear: analysis.priorYear,
      });
      return {
        summary,
        asOf: ctx.asOf,
        marks: marks.filter((m) => m.date <= ctx.asOf),
        weekly: weeklyPoints(analysis.weeks),
        heatmap: heatCells(analysis.heatmap),
        steps,
        notes: support.notes.map(noteView),
        interventions: support.interventions.map(interventionView),
        stageHistory: stageTimeline(support.stages).map(stageView),
        priorYear: analysis.priorYear,
        impact: support.interventions.map((plan) =>
          impactView(interventionImpact(plan, marks, ctx.asOf)),
        ),
      };
    },

    async cohort(): Promise<CohortData> {
      const ctx = await context();
      const weekAgo = addDays(ctx.asOf, -7);
      const [pupils, marks, interventions] = await Promise.all([
        allPupils(),
        marksBetween(ctx.from, ctx.asOf),
        allInterventions(),
      ]);
      const marksByPupil = byPupil(toMarkRecords(marks));
      const groups = new Map<
        string,
        { kind: CohortLevel['kind']; label: string; analyses: PupilAnalysis[] }
      >();
      const add = (kind: CohortLevel['kind'], label: string, analysis: PupilAnalysis) => {
        const key = `${kind}:${label}`;
        const group = groups.get(key) ?? { kind, label, analyses: [] };
        group.analyses.push(analysis);
        groups.set(key, group);
      };
      for (const pupil of pupils) {
        const analysis = analyse(marksByPupil.get(pupil.id) ?? [], ctx);
        add('school', 'Whole school', analysis);
        const year = yearOf(pupil.group);
        if (year) add('year', year, analysis);
        if (pupil.group) add('form', pupil.group, analysis);
      }
      const order = { school: 0, year: 1, form: 2 };
      const collator = new Intl.Collator('en-GB', { numeric: true });
      const levels = [...groups.values()]
        .sort((a, b) => order[a.kind] - order[b.kind] || collator.compare(a.label, b.label))
        .map(({ kind, label, analyses }) =>
          cohortLevel(
            kind,
            label,
            cohortFigures(analyses, ctx.settings.thresholds),
            bandMovement(
              analyses.map((a) => a.timeline),
              {
                before: weekAgo,
                after: ctx.asOf,
                from: ctx.from,
                thresholds: ctx.settings.thresholds,
              },
            ),
          ),
        );
      return {
        asOf: ctx.asOf,
        movementSince: weekAgo,
        levels,
        national: nationalReference(),
        whatWorks: whatWorks(interventions, marksByPupil, ctx.asOf).map(whatWorksView),
      };
    },

    async saveNote(input) {
      const note = await saveNote({
        id: input.id ?? crypto.randomUUID(),
        pupilId: input.pupilId,
        date: input.date,
        by: input.by,
        text: input.text,
        ...(input.stepId ? { stepId: input.stepId } : {}),
        ...(input.followUp ? { followUp: input.followUp } : {}),
      });
      changed();
      return noteView(note);
    },

    async saveIntervention(input) {
      await saveIntervention({
        id: crypto.randomUUID(),
        pupilId: input.pupilId,
        type: input.type as InterventionRecord['type'],
        start: input.start,
        plannedWeeks: input.plannedWeeks,
        reviewDate: input.reviewDate,
        by: input.by,
        status: input.start <= today() ? 'active' : 'planned',
      });
      changed();
    },

    async reviewFlag(input) {
      await reviewFlag({ ...input, at: now().toISOString() });
      changed();
    },

    async savePupilTags(pupilId, tags) {
      await setPupilTags(pupilId, tags);
      // Listeners reload the pupil, so the next steps are suggested again with the new tags.
      changed();
    },

    async loadPrefs() {
      const { settings } = await loadSettings();
      return { privacyScreen: settings.privacyScreen, overlayEnabled: settings.overlayEnabled };
    },

    async savePrefs(prefs) {
      const { settings } = await loadSettings();
      const next: Settings = { ...settings, ...prefs };
      await saveSettings(next);
      await (
        options.notifySettingsChanged ??
        (() => sendToBackground({ type: 'options:settings-changed' }))
      )();
    },

    subscribe(onChange) {
      listeners.add(onChange);
      const off = (options.onDataChanged ?? defaultDataChanged)(onChange);
      return () => {
        listeners.delete(onChange);
        off();
      };
    },
  };
}
