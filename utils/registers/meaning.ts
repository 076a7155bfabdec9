import * as z from 'zod/mini';
import { ALL_CODES, codeInfo, CODES_2024, CODES_LEGACY, codeSetFor } from '../attendance/codes';
import type { Category, CodeInfo } from '../attendance/codes';
import {
  builtInCode,
  isUnmarkedLabel,
  labelKey,
  mapMark,
  type MarkMapping,
  type MarkMappingEntry,
} from './mapping';
import type { ReadMark, Reading } from './schema';
import { norm, textOf } from './text';

/**
 * "What does this mean?": the mark labels of a reading that the user has to map before their
 * marks count for what they are. Three kinds: labels that map to no code, absences counted as N
 * only until a reason is mapped (`needsMapping`), and the letters of a school's own code set that
 * look like English codes but are not (a page whose letters include an `A` is not using ours, so
 * its `P` is not approved sport). Pure: a reading, the site's mapping and the page's key in.
 */

// zod/mini: the content script carries these schemas (see ./schema.ts).
export const askReasonSchema = z.enum(['unmapped', 'needs-mapping', 'foreign']);
export type AskReason = z.infer<typeof askReasonSchema>;

export const askedLabelSchema = z.object({
  /** The label as the mapping matches it ("A", "Absent: Family"). */
  raw: z.string().check(z.minLength(1)),
  /** How many marks of the reading carry it. */
  count: z.int().check(z.minimum(1)),
  why: askReasonSchema,
  /** The code the reading gives it now (null: none). */
  current: z.nullable(z.string()),
  /** The code the page's own words suggest (its key, or the label's words); null when none. */
  suggestion: z.nullable(z.string()),
  /** What the page's key says the label means, when it says. */
  pageSays: z.nullable(z.string()),
  /** The latest date it was seen on: the code set of that date is the one to choose from. */
  date: z.string(),
});
export type AskedLabel = z.infer<typeof askedLabelSchema>;

/** The label a mapping entry must name for this mark (a reason beside it is part of it). */
export const mappingKeyOf = (mark: Pick<ReadMark, 'raw' | 'reason'>): string =>
  mark.reason?.trim() ? `${mark.raw.trim()}: ${mark.reason.trim()}` : mark.raw.trim();

// A bare code-like token: "A", "T", "C1", "/" — what a grid of letters shows.
const BARE = /^(?:[A-Za-z][A-Za-z0-9]?|[/\\#])$/;
const CODE_SET = new Set(ALL_CODES);

// "P = Present", "A: Absent", "T – Tardy", "E Excused" in a key; the word runs to a separator.
const KEY_ENTRY =
  /(?:^|[\s,;(|·•])([A-Za-z][A-Za-z0-9]?|[/\\#])\s*(?:=|:|–|—|-)\s*([A-Za-z][A-Za-z' ]{1,30}?)(?=\s*(?:[,;)|·•]|$|\s[A-Za-z][A-Za-z0-9]?\s*(?:=|:|–|—|-)\s))/g;
const KEY_HINT = /\b(?:key|legend|codes?|abbreviations?)\b/i;

/**
 * What the page's own key says its letters mean: letter → word. Read from `<abbr title>`, from
 * definition lists and from any short text that reads as a key ("Key: P = Present, A = Absent").
 */
export function pageKey(root: ParentNode): Map<string, string> {
  const key = new Map<string, string>();
  const add = (letter: string, word: string) => {
    const l = letter.trim();
    const w = norm(word);
    if (BARE.test(l) && w && !key.has(l)) key.set(l, w);
  };
  for (const abbr of Array.from(root.querySelectorAll('abbr[title]')))
    add(textOf(abbr), abbr.getAttribute('title') ?? '');
  for (const dt of Array.from(root.querySelectorAll('dl > dt'))) {
    const dd = dt.nextElementSibling;
    if (dd?.tagName === 'DD') add(textOf(dt), textOf(dd));
  }
  for (const el of Array.from(
    root.querySelectorAll('p, li, caption, figcaption, footer, small, div'),
  )) {
    // Only the innermost block that holds the key: a page-wide div would repeat everything.
    if (el.querySelector('p, li, div, table')) continue;
    const text = textOf(el);
    if (text.length > 300) continue;
    const entries = [...text.matchAll(KEY_ENTRY)];
    if (entries.length < 2 && !(entries.length === 1 && KEY_HINT.test(text))) continue;
    for (const m of entries) add(m[1]!, m[2]!);
  }
  return key;
}

export interface AskOptions {
  /** The site's own mapping: a label it maps to a code is answered and not asked again. */
  mapping?: MarkMapping | undefined;
  /** The page's key (`pageKey`). */
  key?: ReadonlyMap<string, string> | undefined;
}

function answered(mapping: MarkMapping | undefined, raw: string): boolean {
  const k = labelKey(raw);
  return !!mapping?.entries.some((e) => e.code !== null && labelKey(e.raw) === k);
}

/**
 * True when the page's letters are not the English code set: one of them is no English code at
 * all, or the page's key gives one a meaning of another category than the English code's.
 */
export function isForeignCodeSet(
  letters: readonly string[],
  date: string,
  key: ReadonlyMap<string, string> = new Map(),
): boolean {
  for (const l of letters) {
    if (!CODE_SET.has(l)) return true;
    const says = key.get(l);
    if (!says) continue;
    const word = builtInCode(says);
    if (word && word !== l && codeInfo(word, date)?.category !== codeInfo(l, date)?.category)
      return true;
  }
  return false;
}

/** Every label of the reading the user should map, most marks first. */
export function labelsToAsk(reading: Reading, options: AskOptions = {}): AskedLabel[] {
  const marks = reading.pupils.flatMap((p) => p.marks);
  const key = options.key ?? new Map<string, string>();
  const bare = [
    ...new Set(
      marks
        .map((m) => m.raw.trim())
        .filter((r) => BARE.test(r) && !isUnmarkedLabel(r) && !answered(options.mapping, r)),
    ),
  ];
  const lastDate = marks.reduce((d, m) => (m.date > d ? m.date : d), '');
  const foreign = new Set(isForeignCodeSet(bare, lastDate || '2026-01-01', key) ? bare : []);

  const asked = new Map<string, AskedLabel>();
  for (const mark of marks) {
    const raw = mappingKeyOf(mark);
    if (!raw || answered(options.mapping, raw)) continue;
    let why: AskReason | null = null;
    if (mark.needsMapping) why = 'needs-mapping';
    else if (mark.code === null && !isUnmarkedLabel(mark.raw)) why = 'unmapped';
    else if (!mark.reason && foreign.has(mark.raw.trim())) why = 'foreign';
    if (!why) continue;
    const seen = asked.get(labelKey(raw));
    if (seen) {
      seen.count += 1;
      if (mark.date > seen.date) seen.date = mark.date;
      continue;
    }
    const pageSays = key.get(mark.raw.trim()) ?? null;
    asked.set(labelKey(raw), {
      raw,
      count: 1,
      why,
      current: mark.code,
      suggestion: suggest(raw, pageSays, why, mark),
      pageSays,
      date: mark.date,
    });
  }
  return [...asked.values()].sort((a, b) => b.count - a.count || a.raw.localeCompare(b.raw));
}

/** The code the page's words name, if they name one; never the English reading of a letter. */
function suggest(
  raw: string,
  pageSays: string | null,
  why: AskReason,
  mark: ReadMark,
): string | null {
  if (pageSays) return mapMark(pageSays, mark.session).code;
  // An absence counted as N is counted so until someone says what its reason means: opening
  // the list and saving must not quietly confirm N.
  if (why === 'needs-mapping' || why === 'foreign') return null;
  return mapMark(raw, mark.session).code;
}

/** How many marks of the reading wait for a mapping (the overlay's and panel's notice). */
export function marksNeedingMapping(asked: readonly AskedLabel[]): number {
  return asked.reduce((n, a) => n + a.count, 0);
}

export interface CodeChoice {
  code: string;
  /** "N: No reason yet" — the code and its meaning in words. */
  label: string;
}
export interface CodeGroup {
  category: Category;
  /** The category in words. */
  label: string;
  codes: CodeChoice[];
}

export const CATEGORY_WORDS: Record<Category, string> = {
  present: 'Present',
  aea: 'Approved educational activity (counts as present)',
  authorised: 'Authorised absence',
  unauthorised: 'Unauthorised absence',
  'not-possible': 'Not a possible session',
};

/** The statutory codes in force on `date`, grouped by category, each labelled in words. */
export function codeChoices(date: string): CodeGroup[] {
  const set: readonly CodeInfo[] = codeSetFor(date) === '2024' ? CODES_2024 : CODES_LEGACY;
  return (Object.keys(CATEGORY_WORDS) as Category[]).map((category) => ({
    category,
    label: CATEGORY_WORDS[category],
    codes: set
      .filter((c) => c.category === category)
      .map((c) => ({ code: c.code, label: `${c.code}: ${c.meaning}` })),
  }));
}

/** The site's mapping with these answers in: an answer replaces the entry for its label. */
export function withAnswers(
  mapping: MarkMapping | undefined,
  answers: readonly MarkMappingEntry[],
): MarkMapping {
  const keys = new Set(answers.map((a) => labelKey(a.raw)));
  return {
    entries: [...answers, ...(mapping?.entries ?? []).filter((e) => !keys.has(labelKey(e.raw)))],
  };
}
