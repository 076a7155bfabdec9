import { academicYearStart } from './calendar';
import { bandFor, figuresInRange, pct2 } from './figures';
import type { Thresholds } from './thresholds';
import { DEFAULT_THRESHOLDS } from './thresholds-defaults';
import { buildTimeline, lowerBound, upperBound, type Timeline } from './timeline';
import type { Band, Figures, Flag, MarkRecord, Severity } from './types';

/**
 * Last year's evidence. The strongest predictor of persistent absence is the pupil's own absence
 * the year before, so early in a year, when this year's figures rest on a handful of sessions,
 * the previous academic year speaks louder. It comes either from stored marks of that year or
 * from a prior school's summary (the Year 6 to Year 7 case). It is always kept apart from this
 * year's statutory figures: it raises its own flags and never enters `figures`.
 */

/** One pupil's counts for one academic year, as a prior school reports them. */
export interface PriorSummary {
  /** The year the academic year starts in: 2024 for 2024/25. */
  academicYear: number;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  /** The school the figures come from, where the file names one. */
  school?: string | null;
}

/** The previous academic year's figures, by the definitions of CONTRACTS.md §2. */
export interface PriorYear {
  academicYear: number;
  /** Stored or given marks of that year, or a prior school's summary. */
  source: 'marks' | 'summary';
  school: string | null;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  attendancePct: number | null;
  absencePct: number | null;
  band: Band | null;
}

/** Where last year's evidence may come from; absent means "do not look at last year". */
export interface PriorInput {
  /** Marks that may hold the previous year (default: the pupil's own timeline). */
  marks?: readonly MarkRecord[] | Timeline;
  /** Prior schools' summaries for the pupil, any years; only the previous year's is used. */
  summaries?: readonly PriorSummary[];
}

/** "2024/25" for 2024. */
export const academicYearLabel = (year: number): string =>
  `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** The academic year before the one holding `asOf`. */
export const previousAcademicYear = (asOf: string): number => academicYearStart(asOf) - 1;

function fromCounts(
  academicYear: number,
  source: PriorYear['source'],
  school: string | null,
  c: Pick<Figures, 'possible' | 'present' | 'authorised' | 'unauthorised'>,
  th: Pick<Thresholds, 'severePct' | 'persistentPct' | 'atRiskPct'>,
): PriorYear {
  const absent = c.authorised + c.unauthorised;
  return {
    academicYear,
    source,
    school,
    possible: c.possible,
    present: c.present,
    authorised: c.authorised,
    unauthorised: c.unauthorised,
    attendancePct: pct2(c.present, c.possible),
    absencePct: pct2(absent, c.possible),
    band: bandFor(absent, c.possible, th),
  };
}

/** That academic year's figures from marks, or null when it holds no possible session. */
export function priorYearFromMarks(
  marks: readonly MarkRecord[] | Timeline,
  academicYear: number,
  th: Pick<Thresholds, 'severePct' | 'persistentPct' | 'atRiskPct'> = DEFAULT_THRESHOLDS,
): PriorYear | null {
  const t = Array.isArray(marks)
    ? buildTimeline(marks as readonly MarkRecord[])
    : (marks as Timeline);
  const start = lowerBound(t, `${academicYear}-09-01`);
  const end = upperBound(t, `${academicYear + 1}-08-31`);
  const f = figuresInRange(t, start, end, th);
  return f.possible > 0 ? fromCounts(academicYear, 'marks', null, f, th) : null;
}

/** That academic year's figures from summaries (the last one for the year wins), or null. */
export function priorYearFromSummaries(
  summaries: readonly PriorSummary[],
  academicYear: number,
  th: Pick<Thresholds, 'severePct' | 'persistentPct' | 'atRiskPct'> = DEFAULT_THRESHOLDS,
): PriorYear | null {
  const s = summaries.filter((x) => x.academicYear === academicYear && x.possible > 0).at(-1);
  return s ? fromCounts(academicYear, 'summary', s.school ?? null, s, th) : null;
}

/**
 * The previous academic year of `asOf`: from marks when they hold any possible session of that
 * year (the school's own register is the fuller record), else from a prior school's summary.
 */
export function priorYearFor(
  input: PriorInput,
  ownTimeline: Timeline,
  asOf: string,
  th: Pick<Thresholds, 'severePct' | 'persistentPct' | 'atRiskPct'> = DEFAULT_THRESHOLDS,
): PriorYear | null {
  const year = previousAcademicYear(asOf);
  return (
    priorYearFromMarks(input.marks ?? ownTimeline, year, th) ??
    priorYearFromSummaries(input.summaries ?? [], year, th)
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** 14.04 → "14", 49.94 → "49.9": the lead line is read at a glance. */
const shortPct = (n: number | null) => (n === null ? 'n/a' : String(Math.round(n * 10) / 10));

/**
 * `prior-year-severe` or `prior-year-persistent` when last year's band was severe or persistent.
 * The reason opens with the line a badge leads with early in the year ("Persistently absent last
 * year: 14% of 342 sessions"). Once this year's figures are firm (not few) and under the at-risk
 * line, the pupil has improved and the flag stays only as low-severity context.
 */
export function priorYearFlags(
  prior: PriorYear | null,
  current: Figures,
  th: Thresholds = DEFAULT_THRESHOLDS,
): Flag[] {
  if (!prior || (prior.band !== 'severe' && prior.band !== 'persistent')) return [];
  const severe = prior.band === 'severe';
  const absent = prior.authorised + prior.unauthorised;
  const improved = current.possible >= th.fewSessions && current.band === 'none';
  const severity: Severity = improved ? 'low' : severe ? 'high' : 'medium';
  const from =
    prior.source === 'summary'
      ? `from the previous school's summary${prior.school ? ` (${prior.school})` : ''}`
      : 'from the stored register marks';
  const now = improved
    ? ` This year so far: ${current.authorised + current.unauthorised} of ${plural(current.possible, 'session')} absent (${shortPct(current.absencePct)}%), under ${th.atRiskPct}%.`
    : '';
  return [
    {
      id: severe ? 'prior-year-severe' : 'prior-year-persistent',
      severity,
      reason:
        `${severe ? 'Severely' : 'Persistently'} absent last year: ${shortPct(prior.absencePct)}% of ${plural(prior.possible, 'session')} ` +
        `(${academicYearLabel(prior.academicYear)}: absent for ${absent} of ${plural(prior.possible, 'possible session')}, ${prior.absencePct}%, ${from}).${now}`,
      evidence: [],
    },
  ];
}

const PRIOR_FLAGS = new Set<Flag['id']>(['prior-year-severe', 'prior-year-persistent']);

/**
 * The prior-year flag a view should lead with: only while this year's figures are too few for a
 * firm band (the engine's `few-sessions` caveat is raised), so a thin current figure never
 * outshouts last year's 300-odd sessions.
 */
export function priorYearLead(flags: readonly Flag[]): Flag | null {
  if (!flags.some((f) => f.id === 'few-sessions')) return null;
  return flags.find((f) => PRIOR_FLAGS.has(f.id)) ?? null;
}
