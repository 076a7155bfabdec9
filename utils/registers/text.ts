import type { Session } from './schema';

/**
 * Text, date, session and name helpers shared by every reader. Pure: they look only at the nodes
 * and strings they are handed, and know no clock (a year is inferred from a reference date the
 * page itself supplies).
 */

/**
 * Most page strings are already clean; checking is much cheaper than rebuilding them. Clean means
 * no tab, newline, form feed, no-break or zero-width space, no two spaces together and none at
 * either end; a character loop says so faster than a regular expression on short strings.
 */
function needsNorm(s: string): boolean {
  const n = s.length;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    if ((c >= 9 && c <= 13) || c === 0xa0 || c === 0x200b) return true;
  }
  return false;
}
export const norm = (s: string | null | undefined): string =>
  !s ? '' : needsNorm(s) ? s.replace(/[\s\u00a0\u200b]+/g, ' ').trim() : s;

/**
 * An element's tag in capitals. HTML elements already report capitals (and upper-casing is a
 * copy per call), so only tags starting in lower case (SVG, XHTML) are converted.
 */
export const upperTag = (el: Element): string => {
  const t = el.tagName;
  return t.charCodeAt(0) >= 97 ? t.toUpperCase() : t;
};

// Block boundaries and <br> separate words on screen but not in textContent ("M<br>01").
const BLOCK = new Set([
  'BR',
  'DIV',
  'P',
  'LI',
  'TD',
  'TH',
  'TR',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'TABLE',
  'TBODY',
  'THEAD',
  'DD',
  'DT',
  'LABEL',
  'OPTION',
]);
const SKIP_TEXT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

const SPACED_PUNCT = / [,.;:]/;

/** The element's text roughly as a reader sees it: words at block boundaries kept apart. */
export function textOf(node: Node): string {
  // Most cells hold one text node or nothing: no walk needed.
  const first = node.firstChild;
  if (!first) return '';
  if (first.nodeType === 3 && !first.nextSibling) {
    const t = norm((first as Text).data);
    return t.includes(' ') && SPACED_PUNCT.test(t) ? t.replace(/ ([,.;:])/g, '$1') : t;
  }
  let out = '';
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += (c as Text).data;
      else if (c.nodeType === 1) {
        const tag = (c as Element).tagName;
        if (SKIP_TEXT.has(tag)) continue;
        if (BLOCK.has(tag)) {
          out += ' ';
          walk(c);
          out += ' ';
        } else walk(c);
      }
    }
  };
  walk(node);
  const t = norm(out);
  return SPACED_PUNCT.test(t) ? t.replace(/ ([,.;:])/g, '$1') : t;
}

/**
 * Hidden without layout: the `hidden` attribute, inline display/visibility, templates and
 * data-template markers. Class-based hiding is invisible here on purpose: a reader that needs
 * computed style would cost a layout per row, and MIS templates are marked in markup.
 */
export function isHiddenEl(el: Element): boolean {
  if (!el.hasAttributes()) return el.tagName === 'TEMPLATE';
  if (el.tagName === 'TEMPLATE') return true;
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('data-template') === 'true') return true;
  const style = el.getAttribute('style');
  return !!style && HIDDEN_STYLE.test(style);
}

export const HIDDEN_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * `isHiddenEl` for a walker that already holds the element's attribute names (one call instead
 * of one per attribute asked about).
 */
export function isHiddenByNames(el: Element, names: readonly string[]): boolean {
  if (el.tagName === 'TEMPLATE') return true;
  for (const a of names) {
    if (a === 'hidden') return true;
    if (a === 'data-template' && el.getAttribute(a) === 'true') return true;
    if (a === 'style') {
      const style = el.getAttribute(a);
      if (style && HIDDEN_STYLE.test(style)) return true;
    }
  }
  return false;
}

/** True when the element or an ancestor up to (not including) `stop` is hidden. */
export function isHiddenWithin(el: Element, stop: Node | null): boolean {
  for (let e: Element | null = el; e && e !== stop; e = e.parentElement) {
    if (isHiddenEl(e)) return true;
  }
  return false;
}

// --- people --------------------------------------------------------------------------------

// Words that name things on a register page, never a pupil; a "name" containing one is a label.
const NOT_NAME_WORDS = new Set(
  (
    'present absent late total totals key name names student students pupil pupils mark marks ' +
    'reason reasons register registers registration attendance save saved submit cancel unmarked ' +
    'illness medical holiday activity educational authorised unauthorised school academy trust ' +
    'group groups form class year week term report reports summary search home dashboard help ' +
    'privacy notifications settings profile sign log options filters timetable behaviour ' +
    'assessment exams admin print load apply status code codes session sessions am pm reg ' +
    'period room tutor staff office notice notices date dates possible average percent view ' +
    'missing marked closed open today yesterday monday tuesday wednesday thursday friday ' +
    'saturday sunday all none other visit trip leave excluded suspended no yes not mr mrs ms miss ' +
    'dr sir prof'
  ).split(' '),
);
const PARTICLES = new Set(
  'de da di du del della der den van von ten ter le la bin binti bint al el dos das e y of'.split(
    ' ',
  ),
);
const NAME_WORD = /^[\p{Lu}][\p{L}\p{M}'’.-]*$/u;
const UPPER_WORD = /^[\p{Lu}\p{M}'’-]{2,}$/u;

/**
 * `NAME_WORD` for the common case, without a Unicode regular expression: an ASCII capital then
 * ASCII letters, apostrophes, dots and hyphens. Anything else is left to the expression.
 */
function asciiNameWord(w: string): boolean {
  const c0 = w.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return false;
  for (let i = 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 46 || c === 45) continue;
    return false;
  }
  return true;
}

const STRIPPED = /[.'’]/;

function nameWordsOk(words: string[]): boolean {
  if (words.length === 0) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const lower = w.toLowerCase();
    if (NOT_NAME_WORDS.has(STRIPPED.test(lower) ? lower.replace(/[.'’]/g, '') : lower)) {
      return false;
    }
    if (PARTICLES.has(lower) && i > 0 && i < words.length - 1) continue;
    if (!asciiNameWord(w) && !NAME_WORD.test(w) && !UPPER_WORD.test(w)) return false;
    // An initial ("R.") is how staff are written; pupils appear with full forenames. (At most
    // three code units: an astral capital and a dot.)
    if (w.length <= 3 && /^\p{Lu}\.?$/u.test(w)) return false;
  }
  return true;
}

/** Whether text reads as one person's name: "Ada Example", "Example, Ada", "EXAMPLE, Ada". */
export function looksLikePersonName(raw: string): boolean {
  const t = norm(raw);
  if (t.length < 3 || t.length > 60) return false;
  if (/[\d{}@#/\\|()[\]:;!?=+*_<>%&]/.test(t)) return false;
  // Most texts have no comma: no list is made to find that out.
  const comma = t.indexOf(',');
  if (comma >= 0) {
    if (t.indexOf(',', comma + 1) >= 0) return false;
    const a = t.slice(0, comma).trim().split(' ');
    const b = t
      .slice(comma + 1)
      .trim()
      .split(' ');
    return a.length <= 3 && b.length <= 3 && nameWordsOk(a) && nameWordsOk(b);
  }
  const words = t.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  return nameWordsOk(words);
}

// A tag after the name: "(9K)", "[SEN]", "(Alex)"; a quoted or bracketed nickname inside it; marks
// and symbols a page puts after it ("★", "*", "⚑").
const TRAILING_TAG = /\s*[([][^()[\]]{1,24}[)\]]\s*$/u;
const NICKNAME = /\s+(?:"[^"]{1,20}"|“[^”]{1,20}”|'[^']{1,20}'|\([^()]{1,20}\))\s+/u;
const TRAILING_SYMBOLS = /[\s\p{S}*†‡]+$/u;

/** A name without the tags, nicknames and symbols a page adds to it. */
export function nameCore(text: string): string {
  let t = text.replace(TRAILING_SYMBOLS, '');
  for (let i = 0; i < 2 && TRAILING_TAG.test(t); i++)
    t = t.replace(TRAILING_TAG, '').replace(TRAILING_SYMBOLS, '');
  return t.replace(NICKNAME, ' ').trim();
}

/** A stable, comparable form of a name ("Example, Ada" and "Ada Example" differ on purpose). */
export const nameKey = (name: string): string =>
  norm(name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9,' -]/g, '');

// --- dates ---------------------------------------------------------------------------------

// One table each for every date reader (dates.ts too): a name's first three letters find it.
export const MONTH_NAMES = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
export const WEEKDAY_NAMES = 'sun mon tue wed thu fri sat'.split(' ');
/** 1 to 12 for a month's name or its start ("Sept", "March"), else 0. */
export const monthNumber = (word: string): number =>
  MONTH_NAMES.indexOf(word.slice(0, 3).toLowerCase()) + 1;

const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY_RE = '(?:(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?,?\\s+)?';

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoOf = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d + days));
  return isoOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

const weekdayOf = (y: number, m: number, d: number): number =>
  new Date(Date.UTC(y, m - 1, d)).getUTCDay();

const dayNumber = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

/** The year for a day and month shown without one: the weekday decides, else the nearest. */
function inferYear(
  m: number,
  d: number,
  weekday: number | null,
  ref: string | null,
): number | null {
  if (!ref) return null;
  const refYear = Number(ref.slice(0, 4));
  let best: number | null = null;
  let bestGap = Infinity;
  for (const y of [refYear - 1, refYear, refYear + 1]) {
    if (!valid(y, m, d)) continue;
    if (weekday !== null && weekdayOf(y, m, d) !== weekday) continue;
    const gap = Math.abs(dayNumber(isoOf(y, m, d)) - dayNumber(ref));
    if (gap < bestGap) {
      best = y;
      bestGap = gap;
    }
  }
  return bestGap <= 200 ? best : null;
}

/** Shared between callers (findDates remembers them): never change one. */
export interface FoundDate {
  readonly date: string;
  readonly index: number;
  readonly end: number;
  readonly hasYear: boolean;
}

// 2026-03-13, and 2026/03/13 or 2026.03.13 with the same separator twice.
const RE_ISO = /\b(\d{4})([-/.])(\d{2})\2(\d{2})\b/g;
const RE_DMY = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g;
const RE_DM = new RegExp(`\\b${WEEKDAY_RE}(\\d{1,2})/(\\d{1,2})\\b(?![/.-]\\d)`, 'gi');
const RE_D_MON = new RegExp(
  // "13 March 2026", "Fri 13th Mar", and "13-Mar-2026" as reports print it.
  `\\b${WEEKDAY_RE}(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+|-)${MONTH_RE}\\.?(?:(?:,?\\s+|-)(\\d{4}))?\\b`,
  'gi',
);
const RE_MON_D = new RegExp(
  `\\b${WEEKDAY_RE}${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
  'gi',
);

/**
 * Every date written in `text`, in order: ISO, UK numeric (with or without a year), "19 Jan
 * 2026", "Mon 12 Jan", "January 19, 2026". A date without a year takes one from `ref`.
 */
export function findDates(text: string, ref: string | null = null): FoundDate[] {
  // Every pattern needs a digit; most labels have none.
  if (!DIGIT.test(text)) return [];
  // Pages repeat the same headers and labels in every row and on every re-read: remember them.
  const key = `${ref ?? ''}|${text}`;
  const known = datesCache.get(key);
  if (known) return known.slice();
  if (datesCache.size > 2000) datesCache.clear();
  const found = parseDates(text, ref);
  datesCache.set(key, found);
  return found.slice();
}
const DIGIT = /\d/;
const datesCache = new Map<string, FoundDate[]>();

function parseDates(text: string, ref: string | null): FoundDate[] {
  const out: FoundDate[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && b > x);
  const push = (date: string | null, index: number, end: number, hasYear: boolean) => {
    if (!date || overlaps(index, end)) return;
    taken.push([index, end]);
    out.push({ date, index, end, hasYear });
  };
  for (const m of text.matchAll(RE_ISO)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    push(valid(y, mo, d) ? isoOf(y, mo, d) : null, m.index, m.index + m[0].length, true);
  }
  for (const m of text.matchAll(RE_DMY)) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    push(valid(y, mo, d) ? isoOf(y, mo, d) : null, m.index, m.index + m[0].length, true);
  }
  const wd = (s: string | undefined) =>
    s ? WEEKDAY_NAMES.indexOf(s.slice(0, 3).toLowerCase()) : null;
  for (const m of text.matchAll(RE_D_MON)) {
    const d = Number(m[2]);
    const mo = monthNumber(m[3]!);
    const y = m[4] ? Number(m[4]) : inferYear(mo, d, wd(m[1]), ref);
    push(y && valid(y, mo, d) ? isoOf(y, mo, d) : null, m.index, m.index + m[0].length, !!m[4]);
  }
  for (const m of text.matchAll(RE_MON_D)) {
    const d = Number(m[3]);
    const mo = monthNumber(m[2]!);
    const y = m[4] ? Number(m[4]) : inferYear(mo, d, wd(m[1]), ref);
    push(y && valid(y, mo, d) ? isoOf(y, mo, d) : null, m.index, m.index + m[0].length, !!m[4]);
  }
  for (const m of text.matchAll(RE_DM)) {
    const [d, mo] = [Number(m[2]), Number(m[3])];
    const y = inferYear(mo, d, wd(m[1]), ref);
    push(y && valid(y, mo, d) ? isoOf(y, mo, d) : null, m.index, m.index + m[0].length, false);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A bare day of the month in a header cell ("M 01", "Tue 2", "14"), or null. */
export function dayOnly(text: string): { day: number; weekday: number | null } | null {
  const m = /^(?:(mo|tu|we|th|fr|sa|su|[mtwfs])[a-z]*\.?\s*)?(\d{1,2})$/i.exec(norm(text));
  if (!m) return null;
  const day = Number(m[2]);
  if (day < 1 || day > 31) return null;
  const key = (m[1] ?? '').toLowerCase();
  // "Mo"…"Su" by their weekday; of single letters only M, W and F are one day ("T" and "S" are two).
  const wd =
    key.length > 1
      ? WEEKDAY_NAMES.findIndex((w) => w.startsWith(key))
      : ' m w f'.indexOf(key || '?');
  return { day, weekday: wd < 0 ? null : wd };
}

/** The first date on or after `start` (within a fortnight) with day-of-month `day`. */
export function dateFromDay(start: string, day: number): string | null {
  for (let i = 0; i < 14; i++) {
    const iso = addDays(start, i);
    if (Number(iso.slice(8, 10)) === day) return iso;
  }
  return null;
}

// --- sessions ------------------------------------------------------------------------------

// "9 am", "8:40am" are times of day, not sessions; the "01 AM" of "12/01 AM" ends a date, so a
// number written after "/", "." or "-" is never read as an hour.
const CLOCK_AM = /(?<![\d/.-])\b\d{1,2}(:\d{2})?\s?am\b/i;
const CLOCK_PM = /(?<![\d/.-])\b\d{1,2}(:\d{2})?\s?pm\b/i;

/** AM or PM stated in text ("PM registration", "am", "Morning"); null when absent or both. */
export function findSession(text: string): Session | null {
  const t = norm(text);
  if (/^(a|am|a\.m\.)$/i.test(t)) return 'AM';
  if (/^(p|pm|p\.m\.)$/i.test(t)) return 'PM';
  const am = /\b(AM|A\.M\.|morning)\b/i.test(t) && !CLOCK_AM.test(t);
  const pm = /\b(PM|P\.M\.|afternoon)\b/i.test(t) && !CLOCK_PM.test(t);
  if (am === pm) return null;
  return am ? 'AM' : 'PM';
}

/**
 * Elements by tag under a root (a document or an element), in document order. The browser keeps
 * these lists ready (until the page changes), where a selector query builds one each time: the
 * reader asks on every read. Walked by index: copying the list into an array, or iterating it,
 * costs a call per element on top.
 */
export function byTag(root: ParentNode, tag: string): HTMLCollectionOf<Element> {
  return (root as Element | Document).getElementsByTagName(tag);
}
