import type { Band, Figures } from '../../utils/attendance/types';
import { bandKey } from '../ui/band';
import type {
  BandMovement,
  CohortLevel,
  HeatCell,
  ImpactView,
  InterventionView,
  NoteView,
  StageView,
  Weekday,
  WeeklyPoint,
  WeekChange,
  WhatWorksRow,
} from './model';

/**
 * Pure adapters from the engine's and the support module's shapes to the panel's view model.
 * Kept structural (no imports of the producers' types) so a field the panel does not read can
 * change there without breaking the panel.
 */

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const invert = (absencePct: number | null): number | null =>
  absencePct === null ? null : round2(100 - absencePct);

export interface EngineWeek {
  weekStart: string;
  possible: number;
  absent: number;
  absencePct: number | null;
  cumulativeAbsencePct: number | null;
}

/** Attendance is the complement of absence: possible sessions are present or absent. */
export function weeklyPoints(weeks: readonly EngineWeek[]): WeeklyPoint[] {
  return weeks.map((w) => ({
    weekStart: w.weekStart,
    possible: w.possible,
    absent: w.absent,
    attendancePct: invert(w.absencePct),
    cumulativePct: invert(w.cumulativeAbsencePct),
  }));
}

const WEEKDAYS: readonly Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

/** The engine's 7 × 2 grids (0 = Monday; 0 = AM) as cells for the school week. */
export function heatCells(heatmap: { possible: number[][]; absent: number[][] }): HeatCell[] {
  const cells: HeatCell[] = [];
  WEEKDAYS.forEach((weekday, day) => {
    (['AM', 'PM'] as const).forEach((session, s) => {
      cells.push({
        weekday,
        session,
        possible: heatmap.possible[day]?.[s] ?? 0,
        absent: heatmap.absent[day]?.[s] ?? 0,
      });
    });
  });
  return cells;
}

export function weekChange(now: Figures, weekAgo: Figures, newAbsences: number): WeekChange {
  return {
    previousBand: weekAgo.band,
    absencePointsDelta:
      now.absencePct === null || weekAgo.absencePct === null
        ? null
        : round2(now.absencePct - weekAgo.absencePct),
    newAbsences,
  };
}

export function noteView(note: {
  id: string;
  date: string;
  by: string;
  stepId?: NoteView['stepId'];
  text: string;
  followUp?: string;
  followUpDone?: boolean;
}): NoteView {
  return {
    id: note.id,
    date: note.date,
    by: note.by,
    text: note.text,
    ...(note.stepId ? { stepId: note.stepId } : {}),
    ...(note.followUp && !note.followUpDone ? { followUp: note.followUp } : {}),
  };
}

export function interventionView(plan: {
  id: string;
  type: string;
  start: string;
  plannedWeeks: number;
  reviewDate: string;
  status: string;
  outcome?: string;
  by?: string;
}): InterventionView {
  return {
    id: plan.id,
    type: plan.type,
    start: plan.start,
    plannedWeeks: plan.plannedWeeks,
    reviewDate: plan.reviewDate,
    status: plan.status,
    ...(plan.outcome ? { outcome: plan.outcome } : {}),
    ...(plan.by ? { by: plan.by } : {}),
  };
}

export function stageView(record: {
  stage: StageView['stage'];
  date: string;
  by: string;
  reason: string;
}): StageView {
  return { stage: record.stage, date: record.date, by: record.by, reason: record.reason };
}

export function impactView(impact: {
  interventionId: string;
  type: string;
  weeks: number;
  before: { attendancePct: number | null; possible: number };
  since: { attendancePct: number | null; possible: number };
  changePoints: number | null;
  smallNumbers: boolean;
}): ImpactView {
  return {
    interventionId: impact.interventionId,
    type: impact.type,
    weeks: impact.weeks,
    beforePct: impact.before.attendancePct,
    sincePct: impact.since.attendancePct,
    beforePossible: impact.before.possible,
    sincePossible: impact.since.possible,
    changePoints: impact.changePoints,
    smallNumbers: impact.smallNumbers,
  };
}

export function whatWorksView(row: {
  type: string;
  count: number;
  medianChange: number | null;
  improved: number;
  smallNumbers: boolean;
}): WhatWorksRow {
  return {
    type: row.type,
    count: row.count,
    medianChangePoints: row.medianChange,
    improved: row.improved,
    smallNumbers: row.smallNumbers,
  };
}

export interface CohortPupil {
  pupilId: string;
  group: string | null;
  year: string | null;
  figures: Figures;
  /** The band a week earlier, for movement. */
  previousBand: Band | null;
  weeks: readonly EngineWeek[];
}

const emptyBands = (): CohortLevel['bandCounts'] => ({
  severe: 0,
  persistent: 0,
  'at-risk': 0,
  none: 0,
  unknown: 0,
});

// TODO(2026-12-07): use the engine's cohort figures (utils/attendance/cohort.ts) once they land;
// this sums the same per-pupil figures so the two can be compared in a test then.
/** School, year and form figures from per-pupil figures and weekly series. */
export function aggregateCohort(pupils: readonly CohortPupil[]): CohortLevel[] {
  const levels = new Map<
    string,
    { level: CohortLevel; weeks: Map<string, [number, number]>; moves: Map<string, BandMovement> }
  >();
  const levelFor = (kind: CohortLevel['kind'], label: string) => {
    const key = `${kind}:${label}`;
    let entry = levels.get(key);
    if (!entry) {
      entry = {
        level: {
          kind,
          label,
          pupils: 0,
          possible: 0,
          absent: 0,
          absencePct: null,
          persistentCount: 0,
          persistentPct: null,
          severeCount: 0,
          severePct: null,
          bandCounts: emptyBands(),
          movement: [],
          weekly: [],
        },
        weeks: new Map(),
        moves: new Map(),
      };
      levels.set(key, entry);
    }
    return entry;
  };
  for (const pupil of pupils) {
    const targets = [levelFor('school', 'Whole school')];
    if (pupil.year) targets.push(levelFor('year', pupil.year));
    if (pupil.group) targets.push(levelFor('form', pupil.group));
    const f = pupil.figures;
    for (const { level, weeks, moves } of targets) {
      level.pupils += 1;
      level.possible += f.possible;
      level.absent += f.authorised + f.unauthorised;
      level.bandCounts[bandKey(f.band)] += 1;
      if (f.band === 'severe') level.severeCount += 1;
      // Persistent absence includes the severely absent, as in the national statistics.
      if (f.band === 'severe' || f.band === 'persistent') level.persistentCount += 1;
      if (pupil.previousBand !== f.band) {
        const key = `${pupil.previousBand}>${f.band}`;
        const move = moves.get(key) ?? { from: pupil.previousBand, to: f.band, count: 0 };
        move.count += 1;
        moves.set(key, move);
      }
      for (const week of pupil.weeks) {
        const sum = weeks.get(week.weekStart) ?? [0, 0];
        sum[0] += week.possible;
        sum[1] += week.absent;
        weeks.set(week.weekStart, sum);
      }
    }
  }
  const order = { school: 0, year: 1, form: 2 };
  const collator = new Intl.Collator('en-GB', { numeric: true });
  return [...levels.values()]
    .map(({ level, weeks, moves }) => {
      const counted = level.pupils - level.bandCounts.unknown;
      return {
        ...level,
        absencePct: level.possible ? round2((100 * level.absent) / level.possible) : null,
        persistentPct: counted ? round1((100 * level.persistentCount) / counted) : null,
        severePct: counted ? round1((100 * level.severeCount) / counted) : null,
        movement: [...moves.values()].sort((a, b) => b.count - a.count),
        weekly: [...weeks.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([weekStart, [possible, absent]]) => ({
            weekStart,
            absencePct: possible ? round2((100 * absent) / possible) : null,
          })),
      };
    })
    .sort((a, b) => order[a.kind] - order[b.kind] || collator.compare(a.label, b.label));
}
