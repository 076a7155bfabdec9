import { fromDayNumber, type SchoolCalendar } from './calendar';
import { figuresInRange, pct2 } from './figures';
import { computeFlags } from './flags';
import { priorYearFor, type PriorInput, type PriorYear } from './prior';
import { defaultCalendarFor } from './school-days';
import type { Thresholds } from './thresholds';
import { DEFAULT_THRESHOLDS } from './thresholds-defaults';
import {
  buildTimeline,
  cachedDay,
  isoOfDay,
  Cat,
  isAbsentCat,
  lowerBound,
  upperBound,
  type Timeline,
} from './timeline';
import type { Figures, Flag, MarkRecord, Severity } from './types';

/**
 * Everything the side panel, the overlay and the CLI show about one pupil, computed in one go so
 * no view recomputes: figures, flags, the recent window, the weekly series, the weekday × session
 * heatmap and the compiled marks timeline.
 */

export interface AnalyseOptions {
  /** The day the figures are for; marks after it are ignored. */
  asOf: string;
  /** Inclusive start of the "year to date" window; omitted = from the pupil's first mark. */
  from?: string;
  thresholds?: Thresholds;
  /** The school calendar; default: the English school year holding `asOf`. */
  calendar?: SchoolCalendar;
  /**
   * Look at the previous academic year (stored marks, else prior schools' summaries) and raise
   * the prior-year flags. Omitted: last year is not looked at (the plain `analyse` command).
   */
  prior?: PriorInput;
}

export interface WeekPoint {
  /** Monday of the week. */
  weekStart: string;
  possible: number;
  absent: number;
  unauthorised: number;
  late: number;
  /** Absence % of this week alone, 2 decimals (null when no possible session). */
  absencePct: number | null;
  /** Absence % from the series' first week to this one, 2 decimals. */
  cumulativeAbsencePct: number | null;
}

/** Per weekday (0 = Monday … 6 = Sunday) and session (0 = AM, 1 = PM). */
export interface Heatmap {
  possible: number[][];
  absent: number[][];
}

export interface PupilAnalysis {
  asOf: string;
  /** Year to date (the `from` window up to `asOf`): every figure of CONTRACTS.md §2. */
  figures: Figures;
  /** The last `recentWeeks` school weeks up to `asOf`. */
  recent: Figures;
  /** Monday of the first week of the recent window (null when the pupil has no school week). */
  recentFrom: string | null;
  /** Best first: by severity, then by a fixed order of ids. */
  flags: Flag[];
  /** The highest severity among the flags, for a badge; null when none. */
  topSeverity: Severity | null;
  /** Whether any flag other than the few-sessions caveat is raised. */
  needsAttention: boolean;
  weeks: WeekPoint[];
  heatmap: Heatmap;
  /** Every mark of the pupil (also after `asOf`), deduplicated and in date order. */
  timeline: Timeline;
  /** The timeline index range [start, end) the figures cover. */
  span: [number, number];
  /** The previous academic year's figures (null when not asked for or nothing is known). */
  priorYear: PriorYear | null;
}

/** Weekly series over school weeks (weeks with at least one possible session) of a range. */
export function weeklySeriesInRange(t: Timeline, start: number, end: number): WeekPoint[] {
  const out: WeekPoint[] = [];
  let curWeek = NaN;
  let cur: WeekPoint | null = null;
  let cumP = 0;
  let cumA = 0;
  const close = () => {
    if (!cur) return;
    cumP += cur.possible;
    cumA += cur.absent;
    cur.absencePct = pct2(cur.absent, cur.possible);
    cur.cumulativeAbsencePct = pct2(cumA, cumP);
    out.push(cur);
  };
  for (let i = start; i < end; i++) {
    const c = t.cats[i]!;
    if (c > Cat.unauthorised) continue;
    const w = t.weeks[i]!;
    if (w !== curWeek) {
      close();
      curWeek = w;
      cur = {
        weekStart: isoOfDay(w * 7 - 3),
        possible: 0,
        absent: 0,
        unauthorised: 0,
        late: 0,
        absencePct: null,
        cumulativeAbsencePct: null,
      };
    }
    cur!.possible++;
    if (isAbsentCat(c)) cur!.absent++;
    if (c === Cat.unauthorised) cur!.unauthorised++;
    const m = t.marks[i];
    if ((m === 'L' && c === Cat.present) || (m === 'U' && c === Cat.unauthorised)) cur!.late++;
  }
  close();
  return out;
}

/** Weekly series of a pupil's marks (arrival order) or timeline, for an optional window. */
export function weeklySeries(
  marks: readonly MarkRecord[] | Timeline,
  window: { from?: string; to?: string } = {},
): WeekPoint[] {
  const t = Array.isArray(marks)
    ? buildTimeline(marks as readonly MarkRecord[])
    : (marks as Timeline);
  return weeklySeriesInRange(
    t,
    window.from ? lowerBound(t, window.from) : 0,
    window.to ? upperBound(t, window.to) : t.length,
  );
}

export function heatmapInRange(t: Timeline, start: number, end: number): Heatmap {
  const possible = Array.from({ length: 7 }, () => [0, 0]);
  const absent = Array.from({ length: 7 }, () => [0, 0]);
  for (let i = start; i < end; i++) {
    const c = t.cats[i]!;
    if (c > Cat.unauthorised) continue;
    const wd = t.days[i]! - t.weeks[i]! * 7 + 3; // 0 = Monday, from the precomputed week
    const s = t.sessions[i] === 'AM' ? 0 : 1;
    possible[wd]![s]!++;
    if (isAbsentCat(c)) absent[wd]![s]!++;
  }
  return { possible, absent };
}

const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low'];

/** What `analysePupil` and `analyseFigures` both work out: the window, figures and flags. */
interface Core {
  t: Timeline;
  start: number;
  end: number;
  schoolWeeks: number[];
  figures: Figures;
  recent: Figures;
  flags: Flag[];
  priorYear: PriorYear | null;
}

function analyseCore(marks: readonly MarkRecord[] | Timeline, opts: AnalyseOptions): Core {
  const t = Array.isArray(marks)
    ? buildTimeline(marks as readonly MarkRecord[])
    : (marks as Timeline);
  const th = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const calendar = opts.calendar ?? defaultCalendarFor(opts.asOf);
  const start = opts.from ? lowerBound(t, opts.from) : 0;
  const end = upperBound(t, opts.asOf);

  // The pupil's school weeks in the window, latest last, for "the last N school weeks".
  const schoolWeeks: number[] = [];
  for (let i = start; i < end; i++) {
    if (t.cats[i]! > Cat.unauthorised) continue;
    const w = t.weeks[i]!;
    if (schoolWeeks[schoolWeeks.length - 1] !== w) schoolWeeks.push(w);
  }
  const weekStartIndex = (n: number): number => {
    if (schoolWeeks.length === 0) return end;
    const w = schoolWeeks[Math.max(0, schoolWeeks.length - n)]!;
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.weeks[mid]! < w) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const figures = figuresInRange(t, start, end, th);
  const recent = figuresInRange(t, weekStartIndex(th.recentWeeks), end, th);
  const priorYear = opts.prior ? priorYearFor(opts.prior, t, opts.asOf, th) : null;
  const flags = computeFlags({
    t,
    start,
    end,
    asOf: opts.asOf,
    asOfDay: cachedDay(opts.asOf),
    figures,
    recent,
    weekStartIndex,
    thresholds: th,
    calendar,
    priorYear,
  });
  return { t, start, end, schoolWeeks, figures, recent, flags, priorYear };
}

/** Analyses one pupil: marks in arrival order (a later mark for a session wins) or a timeline. */
export function analysePupil(
  marks: readonly MarkRecord[] | Timeline,
  opts: AnalyseOptions,
): PupilAnalysis {
  const { t, start, end, schoolWeeks, figures, recent, flags, priorYear } = analyseCore(
    marks,
    opts,
  );
  const recentWeeks = (opts.thresholds ?? DEFAULT_THRESHOLDS).recentWeeks;
  const recentWeek =
    schoolWeeks.length > 0 ? schoolWeeks[Math.max(0, schoolWeeks.length - recentWeeks)]! : null;
  return {
    asOf: opts.asOf,
    figures,
    recent,
    recentFrom: recentWeek === null ? null : fromDayNumber(recentWeek * 7 - 3),
    flags,
    topSeverity: SEVERITY_ORDER.find((s) => flags.some((f) => f.severity === s)) ?? null,
    needsAttention: flags.some((f) => f.id !== 'few-sessions'),
    weeks: weeklySeriesInRange(t, start, end),
    heatmap: heatmapInRange(t, start, end),
    timeline: t,
    span: [start, end],
    priorYear,
  };
}

/**
 * What the store keeps of a pupil (utils/store/recompute.ts caches it): the figures, the flags
 * and last year, exactly as `analysePupil` gives them, without the weekly series, heatmap and
 * the badge summaries that only a view asks for: a whole school's recompute is that much lighter.
 */
export function analyseFigures(
  marks: readonly MarkRecord[] | Timeline,
  opts: AnalyseOptions,
): Pick<PupilAnalysis, 'figures' | 'flags' | 'priorYear'> {
  const { figures, flags, priorYear } = analyseCore(marks, opts);
  return { figures, flags, priorYear };
}
