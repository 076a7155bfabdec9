import type { Figures, Flag, FlagId, MarkRecord } from '../../utils/attendance/types';
import { addDays, weekdayIndex } from '../../utils/support/dates';
import type { InterventionRecord, NoteRecord } from '../../utils/support/records';
import type { SupportInput } from '../../utils/support/suggest';

/** Hand-built engine output, so these tests never wait on the engine's own timing. */
export function figures(partial: Partial<Figures> = {}): Figures {
  return {
    possible: 200,
    present: 196,
    authorised: 4,
    unauthorised: 0,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    notPossible: 0,
    unmarked: 0,
    unknown: 0,
    attendancePct: 98,
    absencePct: 2,
    band: 'none',
    sessionsUntilPersistent: 16,
    presentSessionsToRecover: 0,
    maxUnauthorisedIn10Weeks: 0,
    ...partial,
  };
}

export function flag(id: FlagId, evidence: string[] = []): Flag {
  return { id, severity: 'medium', reason: `Engine reason for ${id}.`, evidence };
}

/** The next `count` weekdays from `from` (inclusive), skipping Saturdays and Sundays. */
export function schoolDays(from: string, count: number): string[] {
  const days: string[] = [];
  for (let d = from; days.length < count; d = addDays(d, 1)) if (weekdayIndex(d) < 5) days.push(d);
  return days;
}

/** AM and PM marks for each date; `mark` may pick a code per date and session. */
export function marksOn(
  dates: readonly string[],
  mark: string | ((date: string, session: 'AM' | 'PM') => string) = (_d, s) =>
    s === 'AM' ? '/' : '\\',
  pupilId = 'P1',
): MarkRecord[] {
  const pick = typeof mark === 'string' ? () => mark : mark;
  return dates.flatMap((date) =>
    (['AM', 'PM'] as const).map((session) => ({
      pupilId,
      date,
      session,
      mark: pick(date, session),
    })),
  );
}

export function input(partial: Partial<SupportInput> = {}): SupportInput {
  return {
    pupilId: 'P1',
    name: 'Turner, Grace',
    asOf: '2026-03-27',
    figures: figures(),
    flags: [],
    marks: [],
    tags: [],
    interventions: [],
    ...partial,
  };
}

export function intervention(partial: Partial<InterventionRecord> = {}): InterventionRecord {
  return {
    id: 'i1',
    pupilId: 'P1',
    type: 'family-meeting',
    start: '2026-03-20',
    plannedWeeks: 4,
    reviewDate: '2026-04-17',
    status: 'completed',
    ...partial,
  };
}

export function note(partial: Partial<NoteRecord> = {}): NoteRecord {
  return {
    id: 'n1',
    pupilId: 'P1',
    date: '2026-03-20',
    by: 'Ms Khan',
    text: 'Spoke with mum.',
    ...partial,
  };
}
