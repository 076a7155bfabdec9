import { z } from 'zod';
import { ALL_CODES, codeInfo } from '../attendance/codes';
import type { Session } from './schema';

/**
 * Mark mapping: from what a page shows ("Present - Late", "I - Illness (NOT medical…)", an icon
 * label, a school's sub-code) to a statutory code. A label that maps to nothing stays `null` and
 * is reported, never guessed.
 */

const codeSchema = z
  .string()
  .min(1)
  .refine((c) => ALL_CODES.includes(c), { message: 'not an attendance code' });

export const markMappingEntrySchema = z.object({
  raw: z.string().min(1),
  code: codeSchema.nullable(),
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

// Plain-English labels that name one code beyond doubt. Ambiguous ones ("Left", "Offsite",
// "Family", "Educational activity") are deliberately missing: the user maps those.
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
  return undefined;
}

export interface MappedMark {
  code: string | null;
  /** The page shows "no mark yet": not a label to map, not worth a warning. */
  unmarked: boolean;
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

/**
 * Maps one label to a code. `reason` (a reason shown beside the mark in its own control) is tried
 * first as "raw: reason". Present maps to `/` in the morning and `\` in the afternoon unless the
 * page wrote the code itself.
 */
export function mapMark(
  raw: string,
  session: Session,
  options: MapOptions = {},
  reason?: string,
): MappedMark {
  const text = raw.trim();
  const withSession = (code: string | null): MappedMark => {
    if ((code === '/' || code === '\\') && !CODE_SET.has(text)) {
      return { code: session === 'PM' ? '\\' : '/', unmarked: false };
    }
    return { code, unmarked: false };
  };
  if (options.site?.entries.length || options.defaults?.entries.length) {
    const key = labelKey(reason?.trim() ? `${text}: ${reason}` : text);
    const entry = lookup(options.site, key) ?? lookup(options.defaults, key);
    if (entry) return withSession(entry.code);
  }
  if (reason?.trim()) {
    // A mark with a reason the mappings do not know is unmapped: dropping the reason and reading
    // the bare mark would be a guess.
    return { code: null, unmarked: false };
  }
  if (isUnmarkedLabel(text)) return { code: null, unmarked: true };
  const code = builtInCode(text);
  return withSession(code ?? null);
}

/** Whether a label looks like a mark at all (a code, a known word, "no mark"). */
export function looksLikeMark(raw: string, options: MapOptions = {}): boolean {
  if (builtInCode(raw) !== undefined || isUnmarkedLabel(raw)) return true;
  if (!options.site?.entries.length && !options.defaults?.entries.length) return false;
  const key = labelKey(raw);
  return !!lookup(options.site, key) || !!lookup(options.defaults, key);
}

/** A warning for a code that is not in the set in force on its date ("H" after August 2024). */
export function codeOutOfSet(code: string, date: string): boolean {
  return codeInfo(code, date) === undefined;
}
