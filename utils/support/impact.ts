import { isPossible, isPresence } from '../attendance/codes';
import type { MarkRecord } from '../attendance/types';
import { weekIndex } from './dates';
import { sessionsUpTo } from './sessions';
import type { InterventionRecord, InterventionType } from './records';
import { fill } from './template';
import { IMPACT_WORDING, INTERVENTION_LABELS } from './wording';

/**
 * Did it help? Attendance in equal windows of school weeks before and since an intervention
 * started, for one pupil, and a "what works here" summary by intervention type across pupils.
 *
 * A school week is a Monday-to-Sunday week in which the pupil has at least one possible session.
 * The week holding the start date is split: its days before the start count before, the rest since.
 * The windows hold k school weeks each: as many as have passed since the start, capped (12 by
 * default), and never more than exist before the start, so the two are always the same length.
 */

export interface WindowFigures {
  /** The first and last dates with a possible session in the window, null when it is empty. */
  from: string | null;
  to: string | null;
  weeks: number;
  possible: number;
  present: number;
  absent: number;
  attendancePct: number | null;
}

export interface Impact {
  interventionId: string;
  type: InterventionType;
  start: string;
  weeks: number;
  before: WindowFigures;
  since: WindowFigures;
  /** Attendance since minus attendance before, in percentage points (2 dp); null without both. */
  changePoints: number | null;
  /** Either window rests on fewer than `minPossible` possible sessions. */
  smallNumbers: boolean;
  caveat?: string;
}

export interface ImpactOptions {
  maxWeeks?: number;
  minPossible?: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

interface Tally {
  possible: number;
  present: number;
  first: string;
  last: string;
}

function emptyWindow(): WindowFigures {
  return {
    from: null,
    to: null,
    weeks: 0,
    possible: 0,
    present: 0,
    absent: 0,
    attendancePct: null,
  };
}

function windowOf(weeks: readonly Tally[]): WindowFigures {
  if (weeks.length === 0) return emptyWindow();
  let possible = 0;
  let present = 0;
  for (const w of weeks) {
    possible += w.possible;
    present += w.present;
  }
  return {
    from: weeks[0]?.first ?? null,
    to: weeks.at(-1)?.last ?? null,
    weeks: weeks.length,
    possible,
    present,
    absent: possible - present,
    attendancePct: possible > 0 ? round2((100 * present) / possible) : null,
  };
}

export function interventionImpact(
  intervention: Pick<InterventionRecord, 'id' | 'pupilId' | 'type' | 'start'>,
  marks: readonly MarkRecord[],
  today: string,
  opts: ImpactOptions = {},
): Impact {
  const maxWeeks = opts.maxWeeks ?? 12;
  const minPossible = opts.minPossible ?? 20;
  const { start } = intervention;

  // The same one-record-per-session rule as everywhere else: a later record replaces an earlier.
  const before = new Map<number, Tally>();
  const since = new Map<number, Tally>();
  for (const m of sessionsUpTo(marks, today, intervention.pupilId)) {
    if (!isPossible(m.category)) continue;
    const side = m.date < start ? before : since;
    const key = weekIndex(m.date);
    let tally = side.get(key);
    if (!tally) {
      tally = { possible: 0, present: 0, first: m.date, last: m.date };
      side.set(key, tally);
    }
    tally.possible += 1;
    if (isPresence(m.category)) tally.present += 1;
    // Sessions come oldest first, so the last one seen is the window's latest date.
    tally.last = m.date;
  }
  const byWeek = (side: Map<number, Tally>): Tally[] =>
    [...side.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  const beforeWeeks = byWeek(before);
  const sinceWeeks = byWeek(since);
  const weeks = Math.min(maxWeeks, beforeWeeks.length, sinceWeeks.length);

  const beforeWindow = weeks > 0 ? windowOf(beforeWeeks.slice(-weeks)) : emptyWindow();
  const sinceWindow = weeks > 0 ? windowOf(sinceWeeks.slice(0, weeks)) : emptyWindow();
  const changePoints =
    beforeWindow.possible > 0 && sinceWindow.possible > 0
      ? round2(
          100 *
            (sinceWindow.present / sinceWindow.possible -
              beforeWindow.present / beforeWindow.possible),
        )
      : null;
  const smallNumbers = beforeWindow.possible < minPossible || sinceWindow.possible < minPossible;
  const caveat =
    weeks === 0
      ? IMPACT_WORDING.noWindow
      : smallNumbers
        ? fill(IMPACT_WORDING.smallNumbers, {
            possible: Math.min(beforeWindow.possible, sinceWindow.possible),
          })
        : undefined;
  return {
    interventionId: intervention.id,
    type: intervention.type,
    start,
    weeks,
    before: beforeWindow,
    since: sinceWindow,
    changePoints,
    smallNumbers,
    ...(caveat ? { caveat } : {}),
  };
}

/** One plain sentence for the pupil page: "Attendance rose by 6.5 points." */
export function describeChange(changePoints: number | null): string {
  if (changePoints === null) return IMPACT_WORDING.noWindow;
  // Under a point either way is noise at the scale of one pupil's few weeks.
  if (Math.abs(changePoints) < 1) return IMPACT_WORDING.unchanged;
  return fill(changePoints > 0 ? IMPACT_WORDING.improved : IMPACT_WORDING.declined, {
    points: Math.abs(changePoints),
  });
}

export interface WhatWorksRow {
  type: InterventionType;
  label: string;
  /** Interventions with a before/since comparison. */
  count: number;
  /** Interventions started but without a school week since, or with nothing before, to compare. */
  pending: number;
  medianChange: number | null;
  improved: number;
  /** Fewer than `minCount` comparisons: too few to say whether it works. */
  smallNumbers: boolean;
  caveat?: string;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return round2(value);
}

/**
 * By intervention type across pupils: how many, the median change in attendance points and how
 * many improved, most used first. Interventions that start after `today` are left out.
 */
export function whatWorks(
  interventions: readonly InterventionRecord[],
  marksByPupil:
    ReadonlyMap<string, readonly MarkRecord[]> | Readonly<Record<string, readonly MarkRecord[]>>,
  today: string,
  opts: ImpactOptions & { minCount?: number } = {},
): WhatWorksRow[] {
  const minCount = opts.minCount ?? 5;
  const marksOf = (pupilId: string): readonly MarkRecord[] =>
    (marksByPupil instanceof Map
      ? marksByPupil.get(pupilId)
      : (marksByPupil as Readonly<Record<string, readonly MarkRecord[]>>)[pupilId]) ?? [];
  const groups = new Map<InterventionType, { changes: number[]; pending: number }>();
  for (const plan of interventions) {
    if (plan.start > today) continue;
    const group = groups.get(plan.type) ?? { changes: [], pending: 0 };
    const impact = interventionImpact(plan, marksOf(plan.pupilId), today, opts);
    if (impact.changePoints === null) group.pending += 1;
    else group.changes.push(impact.changePoints);
    groups.set(plan.type, group);
  }
  const rows: WhatWorksRow[] = [];
  for (const [type, { changes, pending }] of groups) {
    const smallNumbers = changes.length < minCount;
    rows.push({
      type,
      label: INTERVENTION_LABELS[type],
      count: changes.length,
      pending,
      medianChange: median(changes),
      improved: changes.filter((c) => c > 0).length,
      smallNumbers,
      ...(smallNumbers
        ? { caveat: fill(IMPACT_WORDING.fewInterventions, { count: changes.length }) }
        : {}),
    });
  }
  return rows.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
