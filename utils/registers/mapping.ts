import * as z from 'zod/mini';
import { ALL_CODES, codeInfo } from '../attendance/codes';
import type { ReadPupil, Session } from './schema';

/**
 * Mark mapping: from what a page shows ("Present - Late", "I - Illness (NOT medical…)", an icon
 * label, a school's sub-code) to a statutory code. A label that maps to nothing stays `null` and
 * is reported, never guessed.
 */

// zod/mini: the content script carries these schemas (see ./schema.ts).
const codeSchema = z.string().check(
  z.minLength(1),
  z.refine((c) => ALL_CODES.includes(c), { message: 'not an attendance code' }),
);

export const markMappingEntrySchema = z.object({
  raw: z.string().check(z.minLength(1)),
  code: z.nullable(codeSchema),
});
/** A per-site mapping the user edits in settings; entries match case- and space-insensitively. */
export const markMappingSchema = z.object({ entries: z.array(markMappingEntrySchema) });
export type MarkMapping = z.infer<typeof markMappingSchema>;
export type MarkMappingEntry = z.infer<typeof markMappingEntrySchema>;

export const EMPTY_MAPPING: MarkMapping = { entries: [] };

/** The comparison form of a label: case and spacing do not make two labels different. */
export const labelKey = (raw: string): string => raw.replace(/\s+/g, ' ').trim().toLowerCase();

// The dictionary compares words only, so "Late (before registers closed)" and "late - before
// register closed" meet.
const wordKey = (raw: string): string =>
  raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\bregisters\b/g, 'register');

// Plain-English labels that name one code beyond doubt. Ambiguous ones ("Left", "Off site",
// "Family", "Holiday", "Educational activity") are deliberately missing: the user maps those.
const WORDS: Record<string, string> = {};
const words = (code: string, ...labels: string[]) => {
  for (const l of labels) WORDS[wordKey(l)] = code;
};
words('/', 'present', 'present am', 'present pm');
words(
  'L',
  'late',
  'present late',
  'late before register closed',
  'late before register close',
  'late before the register closed',
  'late present',
);
words(
  'U',
  'late after register closed',
  'late after the register closed',
  'late after register close',
  'late after close',
);
words(
  'N',
  'absent',
  'absent no reason',
  'no reason yet',
  'no reason yet provided',
  'no reason provided',
  'absent no reason yet provided',
  'absent no reason yet',
  'reason not yet provided',
  'unexplained absence',
  'absent unexplained',
);
words('I', 'illness', 'ill', 'sick', 'absent illness', 'illness not medical or dental');
words(
  'M',
  'medical',
  'medical appointment',
  'dental appointment',
  'medical dental',
  'medical dental appointment',
  'medical or dental appointment',
  'medical dental appointments',
  'medical or dental appointments',
);
words('G', 'holiday not agreed', 'unauthorised holiday', 'holiday unauthorised');
words('O', 'unauthorised absence', 'other unauthorised', 'other unauthorised absence');
words('C', 'exceptional circumstances', 'other authorised', 'other authorised circumstances');
words('V', 'educational visit', 'educational visit or trip', 'school trip');
words('W', 'work experience');
words('P', 'approved sporting activity', 'sporting activity');
words('S', 'study leave');
words('R', 'religious observance');
words('E', 'excluded', 'suspended', 'suspended excluded', 'excluded suspended', 'suspension');
words('C2', 'part time timetable', 'agreed part time timetable');
words('#', 'school closed', 'planned closure', 'inset', 'inset day');
words('X', 'not required', 'not required to attend', 'not required to be in school');
words('D', 'dual registered', 'dual registration');
words('K', 'la arranged provision', 'local authority provision');
words('Q', 'no access arrangements');
words('Y1', 'transport not available');
words('T', 'parent travelling', 'parent travelling for work');
// US and international words, by meaning, only where the meaning is beyond doubt. A tardy pupil
// is late but here; an excused absence is authorised with no statutory reason given, so the
// catch-all authorised code; an unexcused one (or truancy) is other unauthorised absence.
words('L', 'tardy', 'tardy excused', 'excused tardy', 'tardy unexcused', 'unexcused tardy');
words(
  'C',
  'excused',
  'excused absence',
  'absent excused',
  'authorised absence',
  'authorized absence',
  'absent authorised',
  'absent authorized',
);
words(
  'O',
  'unexcused',
  'unexcused absence',
  'absent unexcused',
  'unauthorized absence',
  'absent unauthorised',
  'absent unauthorized',
  'truant',
  'truancy',
);
words('I', 'absent sick', 'sick day', 'absent ill');
// Left early: the pupil was there when the register was taken, so the session is attended.
words('/', 'left early', 'early departure', 'early dismissal', 'early leave');
// Present but away from the site on an activity the school arranged: approved educational
// activity, and B is the code for one the page does not name further. A bare "Off site" is not
// here: English schools also use it for a pupil who left the site without leave.
words('B', 'present offsite', 'present off site', 'present off campus');
words('V', 'field trip', 'class trip', 'excursion');
words('E', 'out of school suspension');

const UNMARKED = /^(?:|-|–|—|\?|no mark|no mark recorded|not marked|unmarked|not yet marked)$/i;

/** True for what a page shows for "no mark yet": empty, a dash, "No mark". */
export const isUnmarkedLabel = (raw: string): boolean => UNMARKED.test(raw.trim());

const CODE_SET = new Set(ALL_CODES);
// A code written first, then its meaning: "L Late", "I - Illness (…)", "/ Present".
const CODE_FIRST = /^(\S{1,2})(?:\s*[-–:]\s*|\s+)(\S.*)$/;
const CODE_LAST = /\(([A-Z]\d?|[/\\#])\)\s*$/;

/** The code a label spells out by itself, without any mapping; undefined when it does not. */
export function builtInCode(raw: string): string | undefined {
  // Registers repeat a handful of labels thousands of times: remember the answers.
  if (codeCache.has(raw)) return codeCache.get(raw);
  if (codeCache.size > 5000) codeCache.clear();
  const code = parseCode(raw);
  codeCache.set(raw, code);
  return code;
}
const codeCache = new Map<string, string | undefined>();

function parseCode(raw: string): string | undefined {
  const t = raw.trim();
  if (CODE_SET.has(t)) return t;
  const segments = t.split(/\s+[-–—:]\s+|:\s+/);
  for (const seg of segments) {
    const s = seg.trim();
    if (CODE_SET.has(s)) return s;
    const m = CODE_FIRST.exec(s);
    if (m && CODE_SET.has(m[1]!) && /^[\p{L}(]/u.test(m[2]!)) return m[1]!;
  }
  const last = CODE_LAST.exec(t);
  if (last && CODE_SET.has(last[1]!)) return last[1]!;
  const whole = WORDS[wordKey(t)];
  if (whole) return whole;
  return SYMBOLS[t];
}

// A tick is present and a cross absent on every register that prints them; an absence with no
// reason is N until someone gives one.
const SYMBOLS: Record<string, string> = {
  '✓': '/',
  '✔': '/',
  '☑': '/',
  '✅': '/',
  '✗': 'N',
  '✘': 'N',
  '☒': 'N',
  '❌': 'N',
};

export interface MappedMark {
  code: string | null;
  /** The page shows "no mark yet": not a label to map, not worth a warning. */
  unmarked: boolean;
  /**
   * Clearly an absence, but its reason decides no statutory code ("Absent" + "Family"): counted
   * as N (no reason yet) so the pupil does not look present, until the user maps the label.
   */
  needsMapping?: true;
}

export interface MapOptions {
  /** The user's mapping for this site; wins over everything else. */
  site?: MarkMapping | undefined;
  /** The adapter's own defaults (labels its MIS uses). */
  defaults?: MarkMapping | undefined;
}

function lookup(mapping: MarkMapping | undefined, key: string): MarkMappingEntry | undefined {
  if (!mapping || mapping.entries.length === 0) return undefined;
  return mapping.entries.find((e) => labelKey(e.raw) === key);
}

// Reasons given beside an absence that name a statutory code beyond doubt. Gibbon's "Medical"
// covers illness as often as appointments (its demo data files flu under it); a reason alone
// says less than a label, so "Medical" is illness here: authorised either way.
const REASONS: Record<string, string> = {};
const reasons = (code: string, ...labels: string[]) => {
  for (const l of labels) REASONS[wordKey(l)] = code;
};
reasons('I', 'medical', 'illness', 'ill', 'sick', 'sickness', 'unwell', 'health');
reasons(
  'M',
  'medical appointment',
  'dental appointment',
  'medical or dental appointment',
  'doctor appointment',
  'dentist',
  'dental',
);
reasons('R', 'religious', 'religious observance', 'religious holiday');
reasons('C', 'excused', 'authorised', 'authorized', 'exceptional circumstances');
reasons('O', 'unexcused', 'unauthorised', 'unauthorized', 'truant', 'truancy');
reasons('G', 'holiday not agreed', 'unauthorised holiday', 'unauthorized holiday');
reasons('E', 'suspended', 'suspension', 'excluded', 'exclusion');
reasons('S', 'study leave');
reasons('C2', 'part time timetable', 'agreed part time timetable');
// "No reason yet" is itself what N means: counted, and nothing to map.
const NO_REASON = new Set(
  ['pending', 'no reason', 'no reason yet', 'unknown', 'not known', 'awaiting reason', 'tbc'].map(
    wordKey,
  ),
);

// A label written as a type then a reason: "Absent: Medical", "Left - Early: Medical",
// "Absent - Family", "Absent (Family)", "Absent, Medical". Every place a reason could start.
const REASON_SEP = /\s*[:,(]\s*|\s+[-–—]\s+/g;
// Without the comma: "Late, Ana" is a name written surname first, not a mark.
const REASON_SEP_STRICT = /\s*[:(]\s*|\s+[-–—]\s+/g;

/** Splits "Type: Reason" at the rightmost place where what comes before is a mark on its own. */
function splitTypeReason(
  text: string,
  separators = REASON_SEP,
): { type: string; code: string; reason: string } | null {
  const cuts = [...text.matchAll(separators)];
  for (let i = cuts.length - 1; i >= 0; i--) {
    const cut = cuts[i]!;
    const type = text.slice(0, cut.index).trim();
    const reason = text
      .slice(cut.index + cut[0].length)
      .replace(/\)\s*$/, '')
      .trim();
    if (!type || !reason) continue;
    const code = builtInCode(type);
    if (code !== undefined) return { type, code, reason };
  }
  return null;
}

/**
 * A mark's type and its reason, mapped by both: the type decides whether the pupil was here
 * (present, late, off site on an activity, left after registration), and only an absence is
 * refined by its reason. An absence whose reason decides no code counts as N, flagged.
 */
function byTypeAndReason(typeCode: string, reason: string): Omit<MappedMark, 'unmarked'> {
  if (typeCode !== 'N') return { code: typeCode };
  const key = wordKey(reason);
  if (!key || NO_REASON.has(key)) return { code: 'N' };
  const code = REASONS[key] ?? builtInCode(reason);
  // Only a reason that is itself an absence code refines an absence ("Absent" + "Present" is
  // not a mark we understand: it stays an absence pending a mapping).
  if (code && code !== 'N' && !PRESENTISH.has(code)) return { code };
  return { code: 'N', needsMapping: true };
}
const PRESENTISH = new Set(['/', '\\', 'L']);
const PRESENT_GLYPHS = new Set(['/', '\\']);

/**
 * Maps one label to a code. `reason` (a reason shown beside the mark in its own control) is tried
 * first as "raw: reason" in the mappings, then the two are read together by meaning; a single
 * label "Type: Reason" is read the same way. Present maps to `/` in the morning and `\` in the
 * afternoon unless the page wrote the code itself.
 */
export function mapMark(
  raw: string,
  session: Session,
  options: MapOptions = {},
  reason?: string,
): MappedMark {
  const text = raw.trim();
  const why = reason?.trim() ?? '';
  // Present has one code per session. Only a page that prints the present glyph itself keeps
  // it; any other label that means present (a word, a site's own letter "P" mapped to present,
  // a teach-mode answer) takes the code of the session it was read in.
  const withSession = (found: Omit<MappedMark, 'unmarked'>): MappedMark => {
    const code = found.code;
    const fixed =
      (code === '/' || code === '\\') && !PRESENT_GLYPHS.has(text)
        ? session === 'PM'
          ? '\\'
          : '/'
        : code;
    return found.needsMapping
      ? { code: fixed, unmarked: false, needsMapping: true }
      : { code: fixed, unmarked: false };
  };
  if (options.site?.entries.length || options.defaults?.entries.length) {
    const key = labelKey(why ? `${text}: ${why}` : text);
    const entry = lookup(options.site, key) ?? lookup(options.defaults, key);
    if (entry) return withSession({ code: entry.code });
  }
  if (isUnmarkedLabel(text)) return { code: null, unmarked: true };
  if (why) {
    // Two controls: the type must be a mark by itself; the reason then refines it.
    const typeCode = builtInCode(text) ?? splitTypeReason(text)?.code;
    return withSession(typeCode === undefined ? { code: null } : byTypeAndReason(typeCode, why));
  }
  const code = builtInCode(text);
  if (code !== undefined) return withSession({ code });
  const split = splitTypeReason(text);
  if (split) return withSession(byTypeAndReason(split.code, split.reason));
  return { code: null, unmarked: false };
}

/** Whether a label looks like a mark at all (a code, a known word, "no mark"). */
export function looksLikeMark(raw: string, options: MapOptions = {}): boolean {
  if (builtInCode(raw) !== undefined || isUnmarkedLabel(raw)) return true;
  // Looking for marks among every text of a page: names and headings must not pass.
  if (splitTypeReason(raw.trim(), REASON_SEP_STRICT)) return true;
  if (!options.site?.entries.length && !options.defaults?.entries.length) return false;
  const key = labelKey(raw);
  return !!lookup(options.site, key) || !!lookup(options.defaults, key);
}

/** A warning for a code that is not in the set in force on its date ("H" after August 2024). */
export function codeOutOfSet(code: string, date: string): boolean {
  return codeInfo(code, date) === undefined;
}

/**
 * Marks an N that stands only for an absence whose reason decides no code (rule 3) with
 * `needsMapping`, for readers that map through `mapMark` but do not carry the flag themselves.
 * Only N marks are looked at again, and few marks are N, so this costs next to nothing.
 */
export function flagPendingAbsences(pupils: readonly ReadPupil[], site?: MarkMapping): void {
  for (const p of pupils) {
    for (const m of p.marks) {
      if (m.code !== 'N' || m.needsMapping) continue;
      if (mapMark(m.raw, m.session, { site }, m.reason).needsMapping) m.needsMapping = true;
    }
  }
}

/** The start of the warning about marks no mapping decides; readers used to write their own. */
export const UNMAPPED_WARNING = 'Marks with no code mapping (shown, not counted)';
/** The start of the warning about absences counted as N until their label is mapped. */
export const NEEDS_MAPPING_WARNING = 'Absences counted as N (no reason yet) until they are mapped';

const labelOf = (m: { raw: string; reason?: string | undefined }): string =>
  m.reason ? `${m.raw}: ${m.reason}` : m.raw;

const listCounts = (counts: Map<string, number>): string =>
  [...counts].map(([label, n]) => `"${label}" (${n})`).join(', ');

/**
 * What a person needs to know about a reading's marks, whichever reader made it: every label no
 * mapping decides (shown, not counted), and every absence counted as N pending a mapping, each by
 * label with how many marks carry it.
 */
export function mappingWarnings(pupils: readonly ReadPupil[]): string[] {
  const unmapped = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const p of pupils) {
    for (const m of p.marks) {
      const into = m.needsMapping
        ? pending
        : m.code === null && !isUnmarkedLabel(m.raw)
          ? unmapped
          : null;
      if (!into) continue;
      const label = labelOf(m);
      into.set(label, (into.get(label) ?? 0) + 1);
    }
  }
  const out: string[] = [];
  if (unmapped.size) out.push(`${UNMAPPED_WARNING}: ${listCounts(unmapped)}.`);
  if (pending.size) out.push(`${NEEDS_MAPPING_WARNING}: ${listCounts(pending)}.`);
  return out;
}
