import { CODES_2024, CODES_LEGACY, CODE_SET_2024_START, type MarkCategory } from './codes';
import { dayNumber, fromDayNumber } from './calendar';
import type { MarkRecord } from './types';
import type { Session } from '../registers/schema';

/**
 * A pupil's marks compiled once for every figure and flag: one record per (date, session), in
 * date order, with each mark's category and day number precomputed. Everything downstream reads
 * these typed arrays, which keeps the whole-school recompute allocation-light.
 */

/** Numeric categories, so the hot loops compare small integers instead of strings. */
export const Cat = {
  present: 0,
  aea: 1,
  authorised: 2,
  unauthorised: 3,
  notPossible: 4,
  unmarked: 5,
  unknown: 6,
} as const;
export type CatId = (typeof Cat)[keyof typeof Cat];

const CAT_OF: Record<MarkCategory, CatId> = {
  present: Cat.present,
  aea: Cat.aea,
  authorised: Cat.authorised,
  unauthorised: Cat.unauthorised,
  'not-possible': Cat.notPossible,
  unmarked: Cat.unmarked,
  unknown: Cat.unknown,
};
export const CATEGORY_NAMES: readonly MarkCategory[] = [
  'present',
  'aea',
  'authorised',
  'unauthorised',
  'not-possible',
  'unmarked',
  'unknown',
];

export const isPossibleCat = (c: number): boolean => c <= Cat.unauthorised;
export const isAbsentCat = (c: number): boolean => c === Cat.authorised || c === Cat.unauthorised;

export interface Timeline {
  /** Sessions held; the typed arrays may be longer (room to append a register in place). */
  length: number;
  dates: string[];
  sessions: Session[];
  /** The mark after trimming spaces ('' for no mark; `-` stays `-`). */
  marks: string[];
  cats: Uint8Array;
  /** Days since 1970-01-01. */
  days: Int32Array;
  /** Monday-to-Sunday week number: floor((day + 3) / 7), since 1970-01-01 was a Thursday. */
  weeks: Int32Array;
}

/**
 * The number columns of a timeline, carved from a shared block of memory. A browser allocates
 * each ArrayBuffer's memory apart and tracks it for the collector, which costs far more than the
 * few hundred bytes a pupil's year needs: a whole school made 4,500 of them per recompute. Blocks
 * are only ever carved forward (never reused), so every column starts zeroed and owns its bytes.
 */
const BLOCK_BYTES = 1 << 16;
let block = new ArrayBuffer(0);
let blockAt = 0;

function numberColumns(n: number): Pick<Timeline, 'cats' | 'days' | 'weeks'> {
  // Int32 columns first, 4-byte aligned; the Uint8 column after them.
  const bytes = (n * 9 + 3) & ~3;
  if (bytes > BLOCK_BYTES / 4) {
    return { cats: new Uint8Array(n), days: new Int32Array(n), weeks: new Int32Array(n) };
  }
  if (blockAt + bytes > block.byteLength) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockAt = 0;
  }
  const at = blockAt;
  blockAt += bytes;
  return {
    days: new Int32Array(block, at, n),
    weeks: new Int32Array(block, at + 4 * n, n),
    cats: new Uint8Array(block, at + 8 * n, n),
  };
}

/** Day numbers of ISO dates are asked for over and over (a school has ~190 dates a year). */
const dayCache = new Map<string, number>();
export function cachedDay(date: string): number {
  let day = dayCache.get(date);
  if (day === undefined) {
    day = dayNumber(date);
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(date, day);
  }
  return day;
}

export const weekOfDay = (day: number): number => Math.floor((day + 3) / 7);

/** ISO dates of day numbers, for evidence and week labels, without a Date per call. */
const isoCache = new Map<number, string>();
export function isoOfDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = fromDayNumber(day);
    if (isoCache.size > 50_000) isoCache.clear();
    isoCache.set(day, iso);
  }
  return iso;
}

const catMap = (codes: typeof CODES_2024): ReadonlyMap<string, CatId> =>
  new Map(codes.map((info) => [info.code, CAT_OF[info.category]]));
const CATS_2024 = catMap(CODES_2024);
const CATS_LEGACY = catMap(CODES_LEGACY);

/** The category of an already-trimmed mark: the same rules as `categorise` in codes.ts. */
export function categoryOf(mark: string, date: string): CatId {
  if (mark === '' || mark === '-') return Cat.unmarked;
  const cat = (date >= CODE_SET_2024_START ? CATS_2024 : CATS_LEGACY).get(mark);
  return cat === undefined ? Cat.unknown : cat;
}

const before = (a: MarkRecord, b: MarkRecord): boolean =>
  a.date < b.date || (a.date === b.date && a.session < b.session);

/**
 * Compiles marks given in arrival order. For a repeated (date, session) the later record wins,
 * because a later reading of the same session is the MIS's corrected mark.
 */
export function buildTimeline(marks: readonly MarkRecord[]): Timeline {
  let ordered: readonly MarkRecord[] = marks;
  let sorted = true;
  for (let i = 1; i < marks.length; i++) {
    if (!before(marks[i - 1]!, marks[i]!)) {
      sorted = false;
      break;
    }
  }
  if (!sorted) {
    // Stable sort keeps arrival order among equal keys, so the last of each run is the latest.
    const byKey = marks
      .map((m, i) => ({ m, i }))
      .sort((x, y) =>
        x.m.date < y.m.date
          ? -1
          : x.m.date > y.m.date
            ? 1
            : x.m.session < y.m.session
              ? -1
              : x.m.session > y.m.session
                ? 1
                : x.i - y.i,
      );
    const kept: MarkRecord[] = [];
    for (let i = 0; i < byKey.length; i++) {
      const cur = byKey[i]!.m;
      const next = byKey[i + 1]?.m;
      if (next && next.date === cur.date && next.session === cur.session) continue;
      kept.push(cur);
    }
    ordered = kept;
  }
  const n = ordered.length;
  const dates = new Array<string>(n);
  const sessions = new Array<Session>(n);
  const markCol = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = ordered[i]!;
    dates[i] = r.date;
    sessions[i] = r.session;
    markCol[i] = r.mark ?? '';
  }
  return timelineFromColumns(dates, sessions, markCol);
}

/**
 * Compiles columns already in (date, session) order with one entry per session: the store reads
 * its packed years straight into these, so no per-mark object is made on the way to the engine.
 * The arrays become the timeline's own (marks are trimmed in place).
 */
export function timelineFromColumns(
  dates: string[],
  sessions: Session[],
  marks: string[],
): Timeline {
  const n = dates.length;
  const t: Timeline = {
    length: n,
    dates,
    sessions,
    marks,
    ...numberColumns(n),
  };
  // Consecutive marks mostly share a date, so its day, week and code set are looked up once.
  let prevDate = '';
  let day = 0;
  let week = 0;
  let cats = CATS_2024;
  for (let i = 0; i < n; i++) {
    const date = dates[i]!;
    if (date !== prevDate) {
      prevDate = date;
      day = cachedDay(date);
      week = weekOfDay(day);
      cats = date >= CODE_SET_2024_START ? CATS_2024 : CATS_LEGACY;
    }
    const raw = marks[i] ?? '';
    const mark =
      raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32)
        ? raw.trim()
        : raw;
    marks[i] = mark;
    t.cats[i] = mark === '' || mark === '-' ? Cat.unmarked : (cats.get(mark) ?? Cat.unknown);
    t.days[i] = day;
    t.weeks[i] = week;
  }
  return t;
}

/**
 * Reading packed text (the store keeps a year of sessions as one string of dates and one of
 * codes): the helpers below take what they need at a position of such a string without making
 * a string per session, so a whole school compiles without half a million short-lived strings.
 * Each gives exactly what slicing and the rules above would give.
 */

const digitAt = (text: string, at: number): number => {
  const c = text.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days since 1970-01-01 of the ISO date (`YYYY-MM-DD`) starting at `at` in `text`, read in place;
 * NaN where `dayNumber` would give NaN or the text there is not such a date. Years before 100
 * are NaN too: `dayNumber` (Date.UTC) reads them as 19xx and refuses them.
 */
export function dayAt(text: string, at: number): number {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return NaN;
  const y =
    digitAt(text, at) * 1000 +
    digitAt(text, at + 1) * 100 +
    digitAt(text, at + 2) * 10 +
    digitAt(text, at + 3);
  const m = digitAt(text, at + 5) * 10 + digitAt(text, at + 6);
  const d = digitAt(text, at + 8) * 10 + digitAt(text, at + 9);
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1)) return NaN;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0)) return NaN;
  // Days from the civil date (H. Hinnant's algorithm): March-based years put 29 February last.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The first day of the 2024 code set, as a day number. */
export const CODE_SET_2024_START_DAY = dayNumber(CODE_SET_2024_START);

/** Two-character codes (`C1`, `Y4`) by their character pair, so each is one shared string. */
const pairs = new Map<number, string>();

/**
 * The mark held in `text` between `start` and `end`, trimmed as `timelineFromColumns` trims it.
 * Codes are one or two characters: those come back as shared strings (V8 keeps one string per
 * single character; pairs are kept here), so reading a code allocates nothing.
 */
export function markBetween(text: string, start: number, end: number): string {
  const len = end - start;
  if (len <= 0) return '';
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (first <= 32 || last <= 32) return text.slice(start, end).trim();
  if (len === 1) return text.charAt(start);
  if (len === 2) {
    const key = first * 65_536 + last;
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = text.slice(start, end);
      // Real code sets have a handful of pairs; a file of odd labels must not grow this forever.
      if (pairs.size < 4096) pairs.set(key, pair);
    }
    return pair;
  }
  return text.slice(start, end);
}

/** The category of a trimmed mark under the 2024 set or the legacy one. */
export function categoryIn(mark: string, in2024: boolean): CatId {
  if (mark === '' || mark === '-') return Cat.unmarked;
  const cat = (in2024 ? CATS_2024 : CATS_LEGACY).get(mark);
  return cat === undefined ? Cat.unknown : cat;
}

/** Categories of one-character marks by character code (`/`, `N`, `-`), per code set. */
const charCategories = (in2024: boolean): Uint8Array =>
  Uint8Array.from({ length: 128 }, (_, c) => categoryIn(String.fromCharCode(c), in2024));
const CHAR_CATS_2024 = charCategories(true);
const CHAR_CATS_LEGACY = charCategories(false);

/**
 * `categoryIn` of a one-character mark, by its character code (already trimmed: above 32), with
 * no string looked up.
 */
export function categoryOfChar(code: number, in2024: boolean): CatId {
  if (code >= 128) return categoryIn(String.fromCharCode(code), in2024);
  return (in2024 ? CHAR_CATS_2024 : CHAR_CATS_LEGACY)[code] as CatId;
}

/** An empty timeline with room for `capacity` sessions, to be filled in order (then sealed). */
export function allocTimeline(capacity: number): Timeline {
  return {
    length: 0,
    dates: new Array<string>(capacity),
    sessions: new Array<Session>(capacity),
    marks: new Array<string>(capacity),
    ...numberColumns(capacity),
  };
}

/** Ends filling: the string columns shrink to the sessions held. */
export function sealTimeline(t: Timeline): Timeline {
  const n = t.length;
  t.dates.length = n;
  t.sessions.length = n;
  t.marks.length = n;
  // Only when sessions were left out (after the day asked for): views of the sessions held.
  if (t.cats.length !== n) {
    t.cats = t.cats.subarray(0, n);
    t.days = t.days.subarray(0, n);
    t.weeks = t.weeks.subarray(0, n);
  }
  return t;
}

/** First index whose date is >= `date` (binary search over the sorted dates). */
export function lowerBound(t: Timeline, date: string): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose date is > `date`. */
export function upperBound(t: Timeline, date: string): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.dates[mid]! <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Window {
  /** Inclusive ISO date; omitted = from the first mark. */
  from?: string;
  /** Inclusive ISO date; omitted = to the last mark. */
  to?: string;
}

/** The index range [start, end) of a window. */
export function range(t: Timeline, w: Window = {}): [number, number] {
  return [w.from ? lowerBound(t, w.from) : 0, w.to ? upperBound(t, w.to) : t.length];
}

/** Evidence as CONTRACTS.md prints it: "YYYY-MM-DD AM N". */
export const evidenceAt = (t: Timeline, i: number): string =>
  `${t.dates[i]} ${t.sessions[i]} ${t.marks[i] === '' ? '(no mark)' : t.marks[i]}`;

function grow<T extends Uint8Array | Int32Array>(arr: T, size: number): T {
  const next = new (arr.constructor as new (n: number) => T)(size);
  next.set(arr);
  return next;
}

/**
 * Puts one record into a timeline in place: replaces the mark of a session already there, or
 * appends a session later than all others (a register being taken). Returns false, changing
 * nothing, for a session that would go between existing ones; the caller then rebuilds.
 */
export function upsertMark(t: Timeline, r: MarkRecord): boolean {
  const raw = r.mark ?? '';
  const mark = raw.trim();
  const i = lowerBound(t, r.date);
  let at = i;
  while (at < t.length && t.dates[at] === r.date && t.sessions[at]! < r.session) at++;
  if (at < t.length && t.dates[at] === r.date && t.sessions[at] === r.session) {
    t.marks[at] = mark;
    t.cats[at] = categoryOf(mark, r.date);
    return true;
  }
  if (at !== t.length) return false;
  const n = t.length;
  if (n >= t.cats.length) {
    const size = Math.max(16, Math.ceil(n * 1.25));
    t.cats = grow(t.cats, size);
    t.days = grow(t.days, size);
    t.weeks = grow(t.weeks, size);
  }
  const day = cachedDay(r.date);
  t.dates[n] = r.date;
  t.sessions[n] = r.session;
  t.marks[n] = mark;
  t.cats[n] = categoryOf(mark, r.date);
  t.days[n] = day;
  t.weeks[n] = weekOfDay(day);
  t.length = n + 1;
  return true;
}

/** The timeline's records, in date order (for rebuilding after an insert into history). */
export function timelineRecords(t: Timeline, pupilId: string): MarkRecord[] {
  return Array.from({ length: t.length }, (_, i) => ({
    pupilId,
    date: t.dates[i]!,
    session: t.sessions[i]!,
    mark: t.marks[i]!,
  }));
}
