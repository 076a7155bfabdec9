import * as z from 'zod/mini';
import { DEFAULT_THRESHOLDS as D } from './thresholds-defaults';

/**
 * The thresholds behind bands and flags. The statutory ones (persistent 10%, severe 50%) are the
 * defaults; schools may watch other lines, so every number here is a setting the options page
 * edits. Each field has its own default so a stored settings object from an older version, with
 * fields missing, still parses to a complete set. `zod/mini`: the content script receives them.
 */
const pct = (value: number) => z._default(z.number().check(z.minimum(0), z.maximum(100)), value);
const count = (value: number) => z._default(z.int().check(z.minimum(0)), value);
const weeks = (value: number) => z._default(z.int().check(z.minimum(1), z.maximum(52)), value);

export const thresholdsSchema = z.object({
  /** Band lines, as percentages of possible sessions (the exact ratio is compared). */
  severePct: pct(D.severePct),
  persistentPct: pct(D.persistentPct),
  atRiskPct: pct(D.atRiskPct),
  /** Figures on fewer possible sessions than this carry a caveat instead of a firm band. */
  fewSessions: count(D.fewSessions),
  /** `near-persistent`: this many absent sessions or fewer away from persistent absence. */
  nearPersistentSessions: count(D.nearPersistentSessions),
  /** `recent-decline`: the recent window, its absence line, the rise over year to date. */
  recentWeeks: weeks(D.recentWeeks),
  recentDeclinePct: pct(D.recentDeclinePct),
  recentDeclinePoints: pct(D.recentDeclinePoints),
  recentDeclineMinSessions: count(D.recentDeclineMinSessions),
  /** `absence-spells`: this many separate spells within the last so many school weeks. */
  spellsCount: count(D.spellsCount),
  spellsWeeks: weeks(D.spellsWeeks),
  /** `weekday-pattern`: days with absence falling on one weekday in the last so many weeks. */
  weekdayWeeks: weeks(D.weekdayWeeks),
  weekdayMinDays: count(D.weekdayMinDays),
  /** Share (0-1) of the days with absence that must fall on that weekday. */
  weekdayShare: z._default(z.number().check(z.minimum(0), z.maximum(1)), D.weekdayShare),
  /** `consecutive-absence`: the latest run of absent sessions reaches this length. */
  consecutiveSessions: count(D.consecutiveSessions),
  /** `possible-missing-education`: consecutive sessions of unauthorised absence. */
  missingEducationSessions: count(D.missingEducationSessions),
  /** `unresolved-reason`: an `N` mark at least this many school days old. */
  unresolvedSchoolDays: count(D.unresolvedSchoolDays),
  /** `lateness`: this many lates (L or U) in the last so many school weeks. */
  latenessCount: count(D.latenessCount),
  latenessWeeks: weeks(D.latenessWeeks),
  /** `penalty-threshold`: unauthorised sessions within any so many school weeks. */
  penaltySessions: count(D.penaltySessions),
  penaltyWeeks: weeks(D.penaltyWeeks),
  /** `part-time-timetable`: `C2` sessions in each of the last so many school weeks. */
  partTimeWeeks: weeks(D.partTimeWeeks),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = D;
