import type { Figures, FlagId } from './types';

/**
 * How much evidence a figure rests on. The engine's figures are exact arithmetic whatever the
 * count (CONTRACTS §2 does not change); this decides only how they are shown. Below the school's
 * minimum of possible sessions (thresholds.fewSessions) a band is noise: a week's marks say what
 * happened, not where a pupil is heading (DOMAIN: early figures swing wildly).
 */
export const isEarly = (figures: Figures | null, minSessions: number): boolean =>
  !!figures && figures.possible > 0 && figures.possible < minSessions;

/**
 * Flags that judge a rate or a trend, quiet while evidence is thin. Flags about a concrete event
 * (an unexplained N, days absent in a row, a child possibly missing education, lateness, the
 * penalty count) speak on any evidence.
 */
export const RATE_FLAGS: ReadonlySet<FlagId> = new Set<FlagId>([
  'severe-absence',
  'persistent-absence',
  'at-risk',
  'near-persistent',
  'recent-decline',
  'projected-persistent',
  'absence-spells',
  'weekday-pattern',
  'few-sessions',
]);

/** The flags worth showing for figures on this much evidence. */
export function flagsToShow<T extends { id: FlagId }>(
  flags: readonly T[],
  figures: Figures | null,
  minSessions: number,
): T[] {
  return isEarly(figures, minSessions) ? flags.filter((f) => !RATE_FLAGS.has(f.id)) : [...flags];
}
