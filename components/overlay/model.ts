import { flagsToShow, isEarly } from '../../utils/attendance/evidence';
import { priorYearLead } from '../../utils/attendance/prior';
import type { Band, Figures, Flag, FlagId, Severity } from '../../utils/attendance/types';
import {
  absentOfWording,
  EARLY_WORDING,
  recoveryWording,
  restsOnWording,
} from '../../utils/support/wording';

/**
 * What one badge says, worked out from the engine's figures and flags. Pure: the overlay and its
 * tests share it, and nothing here knows about the page or the browser.
 */
export interface BadgeInput {
  /** The reading's pupil key. */
  key: string;
  /** The name as the page shows it (never shown under the privacy screen). */
  name: string;
  /** Null when the background has no figures for this pupil yet. */
  figures: Figures | null;
  flags: Flag[];
  /** True when the figures include today's unsaved marks (a live preview, not stored). */
  live?: boolean;
}

/** `early`: figures on too few sessions for a band; the badge shows counts in a neutral style. */
export type BadgeTone = 'severe' | 'persistent' | 'at-risk' | 'none' | 'unknown' | 'early';

/** What the badge's words depend on beyond the pupil's own figures (the school's settings). */
export interface BadgeContext {
  /** Below this many possible sessions a badge shows counts, not a band (thresholds.fewSessions). */
  minSessions: number;
  /** What is left of the academic year, for recovery wording; null when unknown. */
  year: { sessionsLeft: number; yearEnd: string } | null;
}

export const DEFAULT_BADGE_CONTEXT: BadgeContext = { minSessions: 20, year: null };

export interface BadgeModel {
  key: string;
  /** The name as the page shows it, for the bar's list of pupils whose badge has no room. */
  name: string;
  tone: BadgeTone;
  /** Band in words (or the counts, while evidence is thin): colour is never the only signal. */
  bandLabel: string;
  /** A shape for the band, so the band reads without colour or text size. */
  shape: '◆' | '▲' | '●' | '✓' | '○' | '◌';
  /** The compact form's text where the full badge has no room: one letter, or "2/7" counts. */
  short: string;
  /** True while the figures rest on fewer sessions than the school's minimum. */
  early: boolean;
  /** The most important flag that says something the band does not, in words. */
  flagLabel: string | null;
  /** The badge's accessible name. */
  label: string;
  /** Tooltip and accessible description, in counts. */
  lines: string[];
}

/** The band in a word or two; the tooltip says what it means in counts. */
export const BAND_LABELS: Record<Band, string> = {
  severe: 'Severe',
  persistent: 'Persistent',
  'at-risk': 'At risk',
  none: 'Attending well',
};

// The same shapes as the side panel's band badges (components/ui/band.ts), so a band looks alike
// on the register and in the panel.
const BAND_SHAPES: Record<BadgeTone, BadgeModel['shape']> = {
  severe: '◆',
  persistent: '▲',
  'at-risk': '●',
  none: '✓',
  unknown: '○',
  early: '◌',
};

/** One letter per band for the compact badge; the full words are in its name and tooltip. */
const BAND_LETTERS: Record<BadgeTone, string> = {
  severe: 'S',
  persistent: 'P',
  'at-risk': 'A',
  none: 'W',
  unknown: '?',
  early: '',
};

export const FLAG_LABELS: Record<FlagId, string> = {
  'severe-absence': 'Severe absence',
  'persistent-absence': 'Persistent absence',
  'at-risk': 'At risk',
  'near-persistent': 'Near persistent',
  'recent-decline': 'Recent decline',
  'projected-persistent': 'Heading for persistent',
  'absence-spells': 'Repeated spells',
  'weekday-pattern': 'Weekday pattern',
  'consecutive-absence': 'Absent in a row',
  'possible-missing-education': 'Possibly missing education',
  'unresolved-reason': 'Unexplained absence',
  lateness: 'Lateness',
  'penalty-threshold': 'Review support',
  'few-sessions': 'Few sessions',
  'prior-year-persistent': 'Persistent last year',
  'prior-year-severe': 'Severe last year',
  'part-time-timetable': 'Part-time timetable',
};

// Band flags restate what the band already says; the badge's second word should add something.
const BAND_FLAGS: ReadonlySet<FlagId> = new Set([
  'severe-absence',
  'persistent-absence',
  'at-risk',
]);

// Among flags of equal severity, the ones a tutor must act on today come first: a child possibly
// missing education or unexplained absence outranks a slow trend.
const FLAG_PRIORITY: readonly FlagId[] = [
  'possible-missing-education',
  'consecutive-absence',
  'unresolved-reason',
  'penalty-threshold',
  'part-time-timetable',
  'near-persistent',
  'projected-persistent',
  'recent-decline',
  'weekday-pattern',
  'absence-spells',
  'lateness',
  'prior-year-severe',
  'prior-year-persistent',
  'few-sessions',
  'severe-absence',
  'persistent-absence',
  'at-risk',
];
const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The flag the badge names: highest severity first, then the priority above. */
export function topFlag(flags: readonly Flag[]): Flag | null {
  let best: Flag | null = null;
  for (const flag of flags) {
    if (BAND_FLAGS.has(flag.id)) continue;
    if (!best || compareFlags(flag, best) < 0) best = flag;
  }
  return best;
}

function compareFlags(a: Flag, b: Flag): number {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  return rank(a.id) - rank(b.id);
}
const rank = (id: FlagId): number => {
  const i = FLAG_PRIORITY.indexOf(id);
  return i === -1 ? FLAG_PRIORITY.length : i;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const pct = (value: number) => value.toFixed(1).replace(/\.0$/, '');

/** The tooltip's lines, in counts first (DOMAIN: early-year percentages swing wildly). */
export function countLines(
  figures: Figures | null,
  context: BadgeContext = DEFAULT_BADGE_CONTEXT,
): string[] {
  if (!figures || figures.possible === 0) {
    return ['No attendance recorded yet for this pupil.'];
  }
  const absent = figures.authorised + figures.unauthorised;
  if (figures.possible < context.minSessions) {
    // No percentage and no band talk: a week's marks say what happened, not where it is going.
    return [
      `${EARLY_WORDING.tooEarly}: ${absentOfWording(absent, figures.possible)}`,
      ...(figures.unauthorised > 0
        ? [plural(figures.unauthorised, 'unauthorised session', 'unauthorised sessions')]
        : []),
      restsOnWording(figures.possible, context.minSessions),
    ];
  }
  const lines = [
    `Absent ${absent} of ${plural(figures.possible, 'session', 'sessions')}` +
      (figures.absencePct === null ? '' : ` (${pct(figures.absencePct)}%)`),
  ];
  const recover = recoveryWording(
    {
      absent,
      possible: figures.possible,
      presentSessionsToRecover: figures.presentSessionsToRecover,
    },
    context.year,
  );
  const until = figures.sessionsUntilPersistent;
  if (recover) {
    lines.push(recover.charAt(0).toUpperCase() + recover.slice(1));
  } else if (until !== null && until > 0) {
    lines.push(
      `${plural(until, 'more absent session', 'more absent sessions')} → persistent absence`,
    );
  }
  if (figures.unauthorised > 0) {
    lines.push(`${plural(figures.unauthorised, 'unauthorised session', 'unauthorised sessions')}`);
  }
  lines.push(restsOnWording(figures.possible, context.minSessions));
  return lines;
}

/**
 * What one badge says: its band word (or counts), shape, flag, name and tooltip. The one place
 * that decides the badge's words; layout and drawing never change them.
 */
export function badgeModel(
  input: BadgeInput,
  context: BadgeContext = DEFAULT_BADGE_CONTEXT,
): BadgeModel {
  const figures = input.figures;
  const band = figures?.band ?? null;
  const early = isEarly(figures, context.minSessions);
  const tone: BadgeTone = early ? 'early' : (band ?? 'unknown');
  const absent = figures ? figures.authorised + figures.unauthorised : 0;
  const possible = figures?.possible ?? 0;
  const bandLabel = early
    ? absentOfWording(absent, possible)
    : band
      ? BAND_LABELS[band]
      : 'No data';
  // Early in the year last year's evidence leads: its flag names the badge, its line opens the
  // tooltip, ahead of a current figure that rests on a handful of sessions. It rests on last
  // year's sessions, so it is not quieted with the rate flags of this year's thin evidence.
  const lead = priorYearLead(input.flags);
  const flag = lead ?? topFlag(flagsToShow(input.flags, figures, context.minSessions));
  // A low-severity flag stays in the tooltip: the badge must stay small beside the name.
  const flagLabel = flag && flag.severity !== 'low' ? FLAG_LABELS[flag.id] : null;
  const lines = countLines(figures, context);
  if (lead) lines.unshift(lead.reason);
  else if (flag) lines.push(flag.reason);
  if (input.live) lines.push("Includes today's unsaved mark.");
  const name = input.name.trim() || 'Pupil';
  const spoken = early ? `${bandLabel}, ${EARLY_WORDING.tooEarly.toLowerCase()}` : bandLabel;
  return {
    key: input.key,
    name,
    tone,
    bandLabel,
    shape: BAND_SHAPES[tone],
    short: early ? `${absent}/${possible}` : BAND_LETTERS[tone],
    early,
    flagLabel,
    label: `${name}: ${spoken}${flagLabel ? `, ${flagLabel}` : ''}`,
    lines,
  };
}

/** The texts a badge is drawn with, full and compact: placement measures by them. */
export const fullText = (m: BadgeModel): string =>
  `${m.shape}${m.bandLabel}${m.flagLabel ? ` · ${m.flagLabel}` : ''}`;
export const shortText = (m: BadgeModel): string => `${m.shape}${m.short}`;
