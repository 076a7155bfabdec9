/**
 * The default thresholds as a plain object: the overlay shows figures against them and must not
 * carry Zod for it. thresholdsSchema takes each field's default from here (one source).
 */
export const DEFAULT_THRESHOLDS = Object.freeze({
  severePct: 50,
  persistentPct: 10,
  atRiskPct: 5,
  fewSessions: 20,
  nearPersistentSessions: 4,
  recentWeeks: 4,
  recentDeclinePct: 10,
  recentDeclinePoints: 5,
  recentDeclineMinSessions: 20,
  spellsCount: 3,
  spellsWeeks: 6,
  weekdayWeeks: 12,
  weekdayMinDays: 3,
  weekdayShare: 0.5,
  consecutiveSessions: 6,
  missingEducationSessions: 20,
  unresolvedSchoolDays: 5,
  latenessCount: 3,
  latenessWeeks: 4,
  penaltySessions: 10,
  penaltyWeeks: 10,
  partTimeWeeks: 6,
});
