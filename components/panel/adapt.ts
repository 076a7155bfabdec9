import type { Band, Figures } from '../../utils/attendance/types';
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

/** The engine's cohort figures for one group, as a row of the cohort view. */
export function cohortLevel(
  kind: CohortLevel['kind'],
  label: string,
  figures: {
    pupils: number;
    possible: number;
    authorised: number;
    unauthorised: number;
    absenceRatePct: number | null;
    persistentCount: number;
    persistentPct: number | null;
    severeCount: number;
    severePct: number | null;
    bands: Record<Band | 'no-data', number>;
    weekly: readonly { weekStart: string; absencePct: number | null }[];
  },
  movement: Record<Band | 'no-data', Record<Band | 'no-data', number>>,
): CohortLevel {
  const band = (b: Band | 'no-data'): Band | null => (b === 'no-data' ? null : b);
  const moves: BandMovement[] = [];
  for (const [from, row] of Object.entries(movement) as [
    Band | 'no-data',
    Record<Band | 'no-data', number>,
  ][]) {
    for (const [to, count] of Object.entries(row) as [Band | 'no-data', number][]) {
      if (from !== to && count > 0) moves.push({ from: band(from), to: band(to), count });
    }
  }
  return {
    kind,
    label,
    pupils: figures.pupils,
    possible: figures.possible,
    absent: figures.authorised + figures.unauthorised,
    absencePct: figures.absenceRatePct,
    persistentCount: figures.persistentCount,
    persistentPct: figures.persistentPct,
    severeCount: figures.severeCount,
    severePct: figures.severePct,
    bandCounts: {
      severe: figures.bands.severe,
      persistent: figures.bands.persistent,
      'at-risk': figures.bands['at-risk'],
      none: figures.bands.none,
      unknown: figures.bands['no-data'],
    },
    movement: moves.sort((x, y) => y.count - x.count),
    weekly: figures.weekly.map((w) => ({ weekStart: w.weekStart, absencePct: w.absencePct })),
  };
}
