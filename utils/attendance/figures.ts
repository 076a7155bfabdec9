import type { Thresholds } from './thresholds';
import { DEFAULT_THRESHOLDS } from './thresholds-defaults';
import { buildTimeline, Cat, range, type Timeline, type Window } from './timeline';
import type { Band, Counts, Figures, MarkRecord } from './types';

/** The definitions of CONTRACTS.md §2, for any window of a pupil's marks. */

export type BandThresholds = Pick<Thresholds, 'severePct' | 'persistentPct' | 'atRiskPct'>;

const asTimeline = (marks: readonly MarkRecord[] | Timeline): Timeline =>
  Array.isArray(marks) ? buildTimeline(marks as readonly MarkRecord[]) : (marks as Timeline);

export function emptyCounts(): Counts {
  return {
    possible: 0,
    present: 0,
    authorised: 0,
    unauthorised: 0,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    notPossible: 0,
    unmarked: 0,
    unknown: 0,
  };
}

export function countRange(t: Timeline, start: number, end: number): Counts {
  let present = 0;
  let authorised = 0;
  let unauthorised = 0;
  let notPossible = 0;
  let unmarked = 0;
  let unknown = 0;
  let lateBefore = 0;
  let lateAfter = 0;
  const { cats, marks } = t;
  for (let i = start; i < end; i++) {
    switch (cats[i]) {
      case Cat.present:
        present++;
        if (marks[i] === 'L') lateBefore++;
        break;
      case Cat.aea:
        present++;
        break;
      case Cat.authorised:
        authorised++;
        break;
      case Cat.unauthorised:
        unauthorised++;
        if (marks[i] === 'U') lateAfter++;
        break;
      case Cat.notPossible:
        notPossible++;
        break;
      case Cat.unmarked:
        unmarked++;
        break;
      default:
        unknown++;
    }
  }
  return {
    possible: present + authorised + unauthorised,
    present,
    authorised,
    unauthorised,
    lateBeforeClose: lateBefore,
    lateAfterClose: lateAfter,
    notPossible,
    unmarked,
    unknown,
  };
}

/** Counts of CONTRACTS.md §2 over a window of marks given in arrival order (or a timeline). */
export function countMarks(marks: readonly MarkRecord[] | Timeline, window: Window = {}): Counts {
  const t = asTimeline(marks);
  const [start, end] = range(t, window);
  return countRange(t, start, end);
}

/**
 * 100 × n / p rounded half up to 2 decimals, computed on integers so that the exact ratio decides
 * (floating point would round 100 × 1 / 800 = 0.125 either way depending on representation).
 */
export function pct2(n: number, p: number): number | null {
  if (p === 0) return null;
  return Math.floor((20_000 * n + p) / (2 * p)) / 100;
}

/** The band by the exact ratio a / p: `a × 100 ≥ pct × p`, never the rounded percentage. */
export function bandFor(
  a: number,
  p: number,
  th: BandThresholds = DEFAULT_THRESHOLDS,
): Band | null {
  if (p === 0) return null;
  if (100 * a >= th.severePct * p) return 'severe';
  if (100 * a >= th.persistentPct * p) return 'persistent';
  if (100 * a >= th.atRiskPct * p) return 'at-risk';
  return 'none';
}

/** The smallest k ≥ 0 with 100(a + k) ≥ T(p + k): for T = 10, ceil((p − 10a) / 9) when p > 10a. */
export function sessionsUntilPersistent(a: number, p: number, persistentPct = 10): number | null {
  if (p === 0) return null;
  const T = persistentPct;
  const reached = (k: number) => 100 * (a + k) >= T * (p + k);
  if (reached(0)) return 0;
  if (T >= 100) return null;
  let k = Math.max(0, Math.ceil((T * p - 100 * a) / (100 - T)));
  while (!reached(k)) k++;
  while (k > 0 && reached(k - 1)) k--;
  return k;
}

/** The smallest m ≥ 0 with 100a < T(p + m): for T = 10, 10a − p + 1 when 10a ≥ p. */
export function presentSessionsToRecover(a: number, p: number, persistentPct = 10): number | null {
  if (p === 0) return null;
  const T = persistentPct;
  const below = (m: number) => 100 * a < T * (p + m);
  if (below(0)) return 0;
  if (T <= 0) return null;
  let m = Math.max(0, Math.floor((100 * a - T * p) / T) + 1);
  while (!below(m)) m++;
  while (m > 0 && below(m - 1)) m--;
  return m;
}

/**
 * The largest count of unauthorised sessions inside any `weeks` consecutive school weeks, where a
 * school week is a Monday-to-Sunday week holding at least one possible session of the pupil;
 * weeks without one are skipped, so holidays do not split a window. Returns the count and the
 * index of the first and last school week of the best window (for evidence).
 */
export function maxUnauthorisedInWeeks(
  t: Timeline,
  start: number,
  end: number,
  weeks = 10,
): { max: number; fromWeek: number; toWeek: number } {
  // Per school week: its week number and unauthorised count, built in one pass.
  const weekIds: number[] = [];
  const unauth: number[] = [];
  const { cats, weeks: wk } = t;
  for (let i = start; i < end; i++) {
    const c = cats[i]!;
    if (c > Cat.unauthorised) continue;
    const w = wk[i]!;
    if (weekIds.length === 0 || weekIds[weekIds.length - 1] !== w) {
      weekIds.push(w);
      unauth.push(0);
    }
    if (c === Cat.unauthorised) unauth[unauth.length - 1]!++;
  }
  let best = 0;
  let bestFrom = -1;
  let bestTo = -1;
  let sum = 0;
  for (let j = 0; j < unauth.length; j++) {
    sum += unauth[j]!;
    if (j >= weeks) sum -= unauth[j - weeks]!;
    if (sum > best) {
      best = sum;
      bestFrom = weekIds[Math.max(0, j - weeks + 1)]!;
      bestTo = weekIds[j]!;
    }
  }
  return { max: best, fromWeek: bestFrom, toWeek: bestTo };
}

export function figuresFromCounts(
  counts: Counts,
  maxUnauthorisedIn10Weeks: number,
  th: BandThresholds = DEFAULT_THRESHOLDS,
): Figures {
  const p = counts.possible;
  const a = counts.authorised + counts.unauthorised;
  return {
    possible: p,
    present: counts.present,
    authorised: counts.authorised,
    unauthorised: counts.unauthorised,
    lateBeforeClose: counts.lateBeforeClose,
    lateAfterClose: counts.lateAfterClose,
    notPossible: counts.notPossible,
    unmarked: counts.unmarked,
    unknown: counts.unknown,
    attendancePct: pct2(counts.present, p),
    absencePct: pct2(a, p),
    band: bandFor(a, p, th),
    sessionsUntilPersistent: sessionsUntilPersistent(a, p, th.persistentPct),
    presentSessionsToRecover: presentSessionsToRecover(a, p, th.persistentPct),
    maxUnauthorisedIn10Weeks: maxUnauthorisedIn10Weeks,
  };
}

export function figuresInRange(
  t: Timeline,
  start: number,
  end: number,
  th: BandThresholds = DEFAULT_THRESHOLDS,
): Figures {
  return figuresFromCounts(
    countRange(t, start, end),
    maxUnauthorisedInWeeks(t, start, end).max,
    th,
  );
}

/**
 * Every figure of CONTRACTS.md §2 for a window (year to date, a term, the last 4 school weeks, any
 * date range). Marks are given in arrival order; a repeated (date, session) takes the later mark.
 */
export function figuresFor(
  marks: readonly MarkRecord[] | Timeline,
  window: Window & { thresholds?: BandThresholds } = {},
): Figures {
  const t = asTimeline(marks);
  const [start, end] = range(t, window);
  return figuresInRange(t, start, end, window.thresholds ?? DEFAULT_THRESHOLDS);
}
