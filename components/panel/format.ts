import { priorYearLead } from '../../utils/attendance/prior';
import type { Figures, Flag, Severity } from '../../utils/attendance/types';
import { isEarly } from '../../utils/attendance/evidence';
import {
  FLAG_LABELS,
  recoveryWording,
  STAGE_LABELS,
  TAG_LABELS,
} from '../../utils/support/wording';
import type { PupilSummary, WeekChange } from './model';
import { bandLabel, bandRank } from '../ui/band';

/** Figures under this many possible sessions swing too much to be read without a caveat. */
export const FEW_SESSIONS = 20;

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatPct(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)}%`;
}

/** "12 of 140 sessions missed (8.6%)": counts first, the percentage beside them. */
export function absenceSentence(figures: Figures): string {
  if (figures.possible === 0) return 'No possible sessions recorded yet';
  const absent = figures.authorised + figures.unauthorised;
  return `${absent} of ${plural(figures.possible, 'session')} missed (${formatPct(figures.absencePct)})`;
}

export function caveat(figures: Figures, minSessions = FEW_SESSIONS): string | null {
  if (figures.possible === 0 || figures.possible >= minSessions) return null;
  return `based on ${plural(figures.possible, 'session')}`;
}

/**
 * Headroom and recovery in counts, the two numbers a tutor can act on. Recovery is worded within
 * the sessions left in the year (`year`); on too few sessions for a band, neither is said.
 */
export function headroomSentence(
  figures: Figures,
  basis: { minSessions: number; year: { sessionsLeft: number; yearEnd: string } | null } = {
    minSessions: 0,
    year: null,
  },
): string | null {
  if (figures.possible === 0 || isEarly(figures, basis.minSessions)) return null;
  const recover = recoveryWording(
    {
      absent: figures.authorised + figures.unauthorised,
      possible: figures.possible,
      presentSessionsToRecover: figures.presentSessionsToRecover,
    },
    basis.year,
  );
  if (recover) return recover;
  if (figures.sessionsUntilPersistent !== null && figures.sessionsUntilPersistent > 0) {
    return `${plural(figures.sessionsUntilPersistent, 'more absent session')} → persistent absence`;
  }
  return null;
}

/** The most important flag: highest severity, then the engine's own order. */
export function topFlag(flags: readonly Flag[]): Flag | null {
  // Early in the year last year's evidence leads, ahead of a figure on a handful of sessions.
  const lead = priorYearLead(flags);
  if (lead) return lead;
  let best: Flag | null = null;
  for (const flag of flags) {
    if (flag.id === 'few-sessions') continue;
    if (!best || SEVERITY_RANK[flag.severity] > SEVERITY_RANK[best.severity]) best = flag;
  }
  return best;
}

export function severityLabel(severity: Severity): string {
  return { high: 'High', medium: 'Medium', low: 'Low' }[severity];
}

export function changeSentence(change: WeekChange | null, current: Figures): string | null {
  if (!change) return null;
  const parts: string[] = [];
  if (change.previousBand !== current.band) {
    parts.push(`${bandLabel(change.previousBand)} → ${bandLabel(current.band)}`);
  }
  if (change.absencePointsDelta !== null && Math.abs(change.absencePointsDelta) >= 0.05) {
    const sign = change.absencePointsDelta > 0 ? 'up' : 'down';
    parts.push(`absence ${sign} ${Math.abs(change.absencePointsDelta).toFixed(1)} points`);
  }
  parts.push(
    change.newAbsences === 0
      ? 'no absence this week'
      : `${plural(change.newAbsences, 'absent session')} this week`,
  );
  return parts.join('; ');
}

function maxSeverity(flags: readonly Flag[]): number {
  let max = 0;
  for (const flag of flags) {
    if (flag.id !== 'few-sessions') max = Math.max(max, SEVERITY_RANK[flag.severity]);
  }
  return max;
}

/**
 * Most concerning first: band, then the worst flag, then how many high flags, then the absence
 * rate, then who is closest to persistent absence; the name breaks ties so the order is stable.
 */
export function compareConcern(a: PupilSummary, b: PupilSummary): number {
  return (
    bandRank(b.figures.band) - bandRank(a.figures.band) ||
    maxSeverity(b.flags) - maxSeverity(a.flags) ||
    b.flags.filter((f) => f.severity === 'high').length -
      a.flags.filter((f) => f.severity === 'high').length ||
    (b.figures.absencePct ?? -1) - (a.figures.absencePct ?? -1) ||
    (a.figures.sessionsUntilPersistent ?? Infinity) -
      (b.figures.sessionsUntilPersistent ?? Infinity) ||
    a.name.localeCompare(b.name, 'en-GB') ||
    a.pupilId.localeCompare(b.pupilId)
  );
}

export function sortByConcern<T extends PupilSummary>(pupils: readonly T[]): T[] {
  return [...pupils].sort(compareConcern);
}

/** Flag names as headings, from the one wording file (which words them for mid-sentence). */
export function flagName(id: string): string {
  const label = (FLAG_LABELS as Record<string, string>)[id] ?? id;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function stageName(id: string | null): string {
  if (!id) return 'No stage recorded';
  return (STAGE_LABELS as Record<string, { label: string }>)[id]?.label ?? id;
}

export const TAG_NAMES: Record<string, string> = TAG_LABELS;

/** "7B" → "Year 7", "10.2" → "Year 10"; null when the form name does not start with a year. */
export function yearOf(group: string | null): string | null {
  const match = group?.match(/^\s*(?:Y(?:ear)?\s*)?(\d{1,2})(?!\d)/i);
  return match ? `Year ${Number(match[1])}` : null;
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
