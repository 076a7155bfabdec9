import type { PupilAnalysis } from './analyse';
import { figuresInRange, pct2 } from './figures';
import { NATIONAL_LATEST } from './national';
import type { Thresholds } from './thresholds';
import { DEFAULT_THRESHOLDS } from './thresholds-defaults';
import { lowerBound, upperBound, type Timeline } from './timeline';
import type { Band } from './types';

/**
 * Figures for any set of pupils: a form, a year group, the school, or a context group (free
 * school meals, SEND). The caller picks the set; these functions only add up its analyses.
 *
 * As in the DfE statistics, the persistent absence rate counts every pupil at 10% or more,
 * severely absent pupils included; the severe rate counts those at 50% or more.
 */

export type BandOrNone = Band | 'no-data';
export const BANDS: readonly BandOrNone[] = ['severe', 'persistent', 'at-risk', 'none', 'no-data'];

export interface NationalFigure {
  year: string;
  persistentPct: number;
  severePct?: number;
  overallAbsencePct?: number;
}

/**
 * England, state-funded schools, from DOMAIN.md: earlier full years for context, and the latest
 * release (utils/attendance/national.ts, the one data file) that views compare against.
 */
export const NATIONAL_REFERENCE = {
  latest: NATIONAL_LATEST,
  source:
    'DfE, Pupil absence in schools in England (state-funded primary, secondary and special schools), full academic years',
  years: [
    { year: '2018/19', persistentPct: 10.9 },
    { year: '2022/23', persistentPct: 21.2, severePct: 2.0, overallAbsencePct: 7.4 },
    { year: '2023/24', persistentPct: 20.0, severePct: 2.3, overallAbsencePct: 7.1 },
  ] as readonly NationalFigure[],
  /** Overall absence rate by phase, 2023/24. */
  byPhase2023_24: { primary: 5.5, secondary: 8.9, special: 13.0 },
  fsmNote:
    'Pupils eligible for free school meals were about twice as likely to be persistently absent.',
} as const;

export interface CohortWeek {
  weekStart: string;
  possible: number;
  absent: number;
  absencePct: number | null;
  /** Absence from the first week of the series to this one. */
  cumulativeAbsencePct: number | null;
  /** Pupils persistently absent (10% or more) on their figures to the end of this week. */
  persistentCount: number;
  /** Of the pupils with at least one possible session by the end of this week. */
  pupilsWithData: number;
  persistentPct: number | null;
}

export interface CohortFigures {
  pupils: number;
  /** Pupils with at least one possible session. */
  pupilsWithData: number;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  /** All absence over all possible sessions of the set, 2 decimals. */
  absenceRatePct: number | null;
  authorisedRatePct: number | null;
  unauthorisedRatePct: number | null;
  /** Pupils at 10% or more (severe included), and their share of pupils with data. */
  persistentCount: number;
  persistentPct: number | null;
  severeCount: number;
  severePct: number | null;
  bands: Record<BandOrNone, number>;
  /** Pupils with each flag raised. */
  flagged: Record<string, number>;
  weekly: CohortWeek[];
  national: typeof NATIONAL_REFERENCE;
}

export function cohortFigures(
  analyses: Iterable<PupilAnalysis>,
  thresholds: Pick<Thresholds, 'persistentPct'> = DEFAULT_THRESHOLDS,
): CohortFigures {
  const bands: Record<BandOrNone, number> = {
    severe: 0,
    persistent: 0,
    'at-risk': 0,
    none: 0,
    'no-data': 0,
  };
  const flagged: Record<string, number> = {};
  let pupils = 0;
  let possible = 0;
  let present = 0;
  let authorised = 0;
  let unauthorised = 0;
  const list: PupilAnalysis[] = [];
  for (const a of analyses) {
    list.push(a);
    pupils++;
    const f = a.figures;
    possible += f.possible;
    present += f.present;
    authorised += f.authorised;
    unauthorised += f.unauthorised;
    bands[f.band ?? 'no-data']++;
    for (const flag of a.flags) flagged[flag.id] = (flagged[flag.id] ?? 0) + 1;
  }
  const withData = pupils - bands['no-data'];
  const persistentCount = bands.persistent + bands.severe;
  return {
    pupils,
    pupilsWithData: withData,
    possible,
    present,
    authorised,
    unauthorised,
    absenceRatePct: pct2(authorised + unauthorised, possible),
    authorisedRatePct: pct2(authorised, possible),
    unauthorisedRatePct: pct2(unauthorised, possible),
    persistentCount,
    persistentPct: pct2(persistentCount, withData),
    severeCount: bands.severe,
    severePct: pct2(bands.severe, withData),
    bands,
    flagged,
    weekly: cohortWeekly(list, thresholds.persistentPct),
    national: NATIONAL_REFERENCE,
  };
}

/** The set's weekly series, from each pupil's own weekly series (no marks are re-read). */
export function cohortWeekly(analyses: readonly PupilAnalysis[], persistentPct = 10): CohortWeek[] {
  const weekSet = new Set<string>();
  for (const a of analyses) for (const w of a.weeks) weekSet.add(w.weekStart);
  const weeks = [...weekSet].sort();
  const index = new Map(weeks.map((w, i) => [w, i]));
  const possible = new Array<number>(weeks.length).fill(0);
  const absent = new Array<number>(weeks.length).fill(0);
  const persistent = new Array<number>(weeks.length).fill(0);
  const withData = new Array<number>(weeks.length).fill(0);
  for (const a of analyses) {
    if (a.weeks.length === 0) continue;
    let cumP = 0;
    let cumA = 0;
    let j = 0;
    for (let i = index.get(a.weeks[0]!.weekStart)!; i < weeks.length; i++) {
      const w = a.weeks[j];
      if (w && w.weekStart === weeks[i]) {
        possible[i]! += w.possible;
        absent[i]! += w.absent;
        cumP += w.possible;
        cumA += w.absent;
        j++;
      }
      // A pupil's figure carries over weeks in which they have no possible session.
      withData[i]!++;
      if (100 * cumA >= persistentPct * cumP) persistent[i]!++;
    }
  }
  let cumP = 0;
  let cumA = 0;
  return weeks.map((weekStart, i) => {
    cumP += possible[i]!;
    cumA += absent[i]!;
    return {
      weekStart,
      possible: possible[i]!,
      absent: absent[i]!,
      absencePct: pct2(absent[i]!, possible[i]!),
      cumulativeAbsencePct: pct2(cumA, cumP),
      persistentCount: persistent[i]!,
      pupilsWithData: withData[i]!,
      persistentPct: pct2(persistent[i]!, withData[i]!),
    };
  });
}

export type BandMovement = Record<BandOrNone, Record<BandOrNone, number>>;

/**
 * How pupils moved between bands from one date to another, each band on the figures from `from`
 * (the start of the year, say) up to that date. `movement.persistent['at-risk']` counts pupils
 * who were persistently absent at `before` and at risk at `after`.
 */
export function bandMovement(
  timelines: Iterable<Timeline>,
  opts: { before: string; after: string; from?: string; thresholds?: Thresholds },
): BandMovement {
  const th = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const movement = Object.fromEntries(
    BANDS.map((b) => [b, Object.fromEntries(BANDS.map((c) => [c, 0]))]),
  ) as BandMovement;
  for (const t of timelines) {
    const start = opts.from ? lowerBound(t, opts.from) : 0;
    const before = figuresInRange(t, start, upperBound(t, opts.before), th).band ?? 'no-data';
    const after = figuresInRange(t, start, upperBound(t, opts.after), th).band ?? 'no-data';
    movement[before][after]++;
  }
  return movement;
}
