import { academicYearStart } from '../attendance/calendar';
import { CODE_SET_2024_START } from '../attendance/codes';
import {
  allocTimeline,
  cachedDay,
  categoryIn,
  categoryOfChar,
  CODE_SET_2024_START_DAY,
  dayAt,
  isoOfDay,
  markBetween,
  sealTimeline,
  weekOfDay,
  type Timeline,
} from '../attendance/timeline';
import type { Session } from '../registers/schema';
import type { MarkKey, MarkOrigin, StoredMark, TimelineRecord } from './schema';

/**
 * The packed shape of stored marks, with no Dexie in it: one `TimelineRecord` per pupil per
 * academic year. IndexedDB pays per record, not per byte, so a year of a pupil's sessions moves
 * as one record; provenance is kept once per origin and per run of sessions, not per mark.
 *
 * A record is opened into an `OpenYear` (plain parallel arrays) to be changed, and packed again
 * to be written; the engine reads records straight into its `Timeline` columns.
 */

/** Characters a session takes in `slots`: `YYYY-MM-DD` and `A` or `P`. */
export const SLOT_WIDTH = 11;

export const slotOf = (date: string, session: Session): string =>
  date + (session === 'AM' ? 'A' : 'P');

export const slotDate = (slot: string): string => slot.slice(0, 10);
export const slotSession = (slot: string): Session => (slot.charCodeAt(10) === 65 ? 'AM' : 'PM');

/** The academic year a mark is kept under (the year its 1 September falls in). */
export const yearOf = academicYearStart;

export type TimelineKey = [pupilId: string, year: number];

/** The key range of every year of one pupil (years are small positive numbers). */
export const pupilYearRange = (pupilId: string): [TimelineKey, TimelineKey] => [
  [pupilId, -Infinity],
  [pupilId, Infinity],
];

/**
 * A column of a record (`marks`, `raws`): its values joined with U+001F, the unit separator.
 * IndexedDB clones a string as one value and an array of 380 strings as 381, and the clone is
 * most of what a read or write of a year costs. A value holding the separator itself (no code
 * does; a page or file could) keeps the column as an array, so nothing is ever lost.
 */
export const COLUMN_SEPARATOR = '\u001f';
const SEPARATOR_CODE = 0x1f;

export type Column = string | string[];

export function joinColumn(values: readonly string[]): Column {
  for (const v of values) if (v.includes(COLUMN_SEPARATOR)) return [...values];
  return values.join(COLUMN_SEPARATOR);
}

/** A column's `n` values, as a new array the caller may change. */
export function splitColumn(column: Column, n: number): string[] {
  if (typeof column !== 'string') return column.slice(0, n);
  // '' is one empty value when the record holds one session, and no value when it holds none.
  return n === 0 ? [] : column.split(COLUMN_SEPARATOR);
}

/** Whether a column holds exactly `n` values ('' holds one, or none when `n` is 0). */
export function columnFits(column: Column, n: number): boolean {
  if (typeof column !== 'string') return column.length === n;
  if (n === 0) return column === '';
  let count = 1;
  for (let i = column.indexOf(COLUMN_SEPARATOR); i >= 0 && count <= n;) {
    count++;
    i = column.indexOf(COLUMN_SEPARATOR, i + 1);
  }
  return count === n;
}

/** `raws` as an empty array: every raw is its mark (most imports), so none is kept. */
export const rawsSameAsMarks = (raws: Column): boolean =>
  typeof raws !== 'string' && raws.length === 0;

/**
 * A record with its columns joined (version 6's shape). Records written by versions 4 and 5, and
 * their backups, hold arrays; the readers take both, and the upgrade and restore join them.
 */
export function withJoinedColumns(record: TimelineRecord): TimelineRecord {
  const n = sessionCount(record);
  const marks = joinColumn(splitColumn(record.marks, n));
  const raws = rawsSameAsMarks(record.raws) ? [] : joinColumn(splitColumn(record.raws, n));
  return { ...record, marks, raws };
}

/** The number of sessions a record holds. */
export const sessionCount = (record: Pick<TimelineRecord, 'slots'>): number =>
  record.slots.length / SLOT_WIDTH;

/** One pupil's year opened for change: parallel arrays in session order. */
export interface OpenYear {
  pupilId: string;
  year: number;
  slots: string[];
  marks: string[];
  raws: string[];
  /** Index into `origins` for each session. */
  origin: number[];
  origins: MarkOrigin[];
}

export const emptyYear = (pupilId: string, year: number): OpenYear => ({
  pupilId,
  year,
  slots: [],
  marks: [],
  raws: [],
  origin: [],
  origins: [],
});

export function openYear(record: TimelineRecord): OpenYear {
  const n = sessionCount(record);
  const marks = splitColumn(record.marks, n);
  const slots = new Array<string>(n);
  for (let i = 0; i < n; i++) slots[i] = record.slots.slice(i * SLOT_WIDTH, (i + 1) * SLOT_WIDTH);
  const origin = new Array<number>(n);
  let at = 0;
  for (let r = 0; r < record.runs.length; r += 2) {
    const count = record.runs[r]!;
    const which = record.runs[r + 1]!;
    for (let k = 0; k < count; k++) origin[at++] = which;
  }
  return {
    pupilId: record.pupilId,
    year: record.year,
    slots,
    marks,
    raws: rawsSameAsMarks(record.raws) ? [...marks] : splitColumn(record.raws, n),
    origin,
    origins: record.origins.map((o) => ({ ...o })),
  };
}

const sameOrigin = (a: MarkOrigin, b: MarkOrigin): boolean =>
  a.source === b.source && a.at === b.at && a.url === b.url && a.batchId === b.batchId;

/** The index of an origin in an open year, added when new. */
export function originIndex(year: OpenYear, origin: MarkOrigin): number {
  for (let i = year.origins.length - 1; i >= 0; i--) {
    if (sameOrigin(year.origins[i]!, origin)) return i;
  }
  year.origins.push(origin);
  return year.origins.length - 1;
}

/** Packs an open year; null when it holds no session (the record is then deleted). */
export function packYear(year: OpenYear): TimelineRecord | null {
  const n = year.slots.length;
  if (n === 0) return null;
  // Only origins still in use are kept, renumbered in order of first use.
  const renumber = new Array<number>(year.origins.length).fill(-1);
  const origins: MarkOrigin[] = [];
  const runs: number[] = [];
  let registerAt: string | undefined;
  let rawsDiffer = false;
  for (let i = 0; i < n; i++) {
    const old = year.origin[i]!;
    let now = renumber[old]!;
    if (now < 0) {
      now = origins.length;
      renumber[old] = now;
      const o = year.origins[old]!;
      origins.push(o);
      if (o.source === 'register' && (registerAt === undefined || o.at > registerAt)) {
        registerAt = o.at;
      }
    }
    if (runs.length && runs[runs.length - 1] === now) runs[runs.length - 2]!++;
    else runs.push(1, now);
    if (!rawsDiffer && year.raws[i] !== year.marks[i]) rawsDiffer = true;
  }
  const record: TimelineRecord = {
    pupilId: year.pupilId,
    year: year.year,
    slots: year.slots.join(''),
    marks: joinColumn(year.marks.length === n ? year.marks : year.marks.slice(0, n)),
    raws: rawsDiffer ? joinColumn(year.raws.length === n ? year.raws : year.raws.slice(0, n)) : [],
    origins,
    runs,
  };
  if (registerAt !== undefined) record.registerAt = registerAt;
  return record;
}

/** Where a slot is, or where it would go (binary search over the sorted slots). */
export function findSlot(year: OpenYear, slot: string): { index: number; found: boolean } {
  let lo = 0;
  let hi = year.slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (year.slots[mid]! < slot) lo = mid + 1;
    else hi = mid;
  }
  return { index: lo, found: lo < year.slots.length && year.slots[lo] === slot };
}

/** Inserts a session at its place (callers insert in bulk through `insertSorted` when they can). */
export function insertSlot(
  year: OpenYear,
  index: number,
  slot: string,
  mark: string,
  raw: string,
  origin: number,
): void {
  year.slots.splice(index, 0, slot);
  year.marks.splice(index, 0, mark);
  year.raws.splice(index, 0, raw);
  year.origin.splice(index, 0, origin);
}

export function removeSlot(year: OpenYear, index: number): void {
  year.slots.splice(index, 1);
  year.marks.splice(index, 1);
  year.raws.splice(index, 1);
  year.origin.splice(index, 1);
}

/** New sessions for a year, merged in one pass (a year imported at once is 380 of them). */
export interface NewSession {
  slot: string;
  mark: string;
  raw: string;
  origin: number;
}

export function insertSorted(year: OpenYear, added: NewSession[], sorted = false): void {
  if (!added.length) return;
  if (!sorted) added.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
  const n = year.slots.length;
  if (n === 0) {
    // A year written whole (an import into an empty year): no merge, just the columns.
    year.slots = added.map((a) => a.slot);
    year.marks = added.map((a) => a.mark);
    year.raws = added.map((a) => a.raw);
    year.origin = added.map((a) => a.origin);
    return;
  }
  const total = n + added.length;
  const slots = new Array<string>(total);
  const marks = new Array<string>(total);
  const raws = new Array<string>(total);
  const origin = new Array<number>(total);
  let i = 0;
  let j = 0;
  for (let k = 0; k < total; k++) {
    if (j >= added.length || (i < n && year.slots[i]! < added[j]!.slot)) {
      slots[k] = year.slots[i]!;
      marks[k] = year.marks[i]!;
      raws[k] = year.raws[i]!;
      origin[k] = year.origin[i]!;
      i++;
    } else {
      const a = added[j++]!;
      slots[k] = a.slot;
      marks[k] = a.mark;
      raws[k] = a.raw;
      origin[k] = a.origin;
    }
  }
  year.slots = slots;
  year.marks = marks;
  year.raws = raws;
  year.origin = origin;
}

/** One session of an open year as the per-mark shape views and backups of version 3 use. */
export function markAt(year: OpenYear, i: number): StoredMark {
  const slot = year.slots[i]!;
  const o = year.origins[year.origin[i]!]!;
  return {
    pupilId: year.pupilId,
    date: slotDate(slot),
    session: slotSession(slot),
    mark: year.marks[i]!,
    raw: year.raws[i]!,
    source: o.source,
    observedAt: o.at,
    url: o.url,
    batchId: o.batchId,
  };
}

/** Every session of a record, per mark (for views that list marks, not for the engine). */
export function unpackMarks(
  record: TimelineRecord,
  window: { from?: string; to?: string } = {},
): StoredMark[] {
  const year = openYear(record);
  const out: StoredMark[] = [];
  for (let i = 0; i < year.slots.length; i++) {
    const date = slotDate(year.slots[i]!);
    if ((window.from && date < window.from) || (window.to && date > window.to)) continue;
    out.push(markAt(year, i));
  }
  return out;
}

export const originOfMark = (m: StoredMark): MarkOrigin => ({
  source: m.source,
  at: m.observedAt,
  url: m.url,
  batchId: m.batchId,
});

/**
 * Packs per-mark records (version 3's shape, an old backup) into timeline records. For a
 * repeated session the later record wins, as a later write did in version 3.
 */
export function packMarks(marks: Iterable<StoredMark>): TimelineRecord[] {
  const years = new Map<string, { year: OpenYear; added: Map<string, NewSession> }>();
  for (const m of marks) {
    const y = yearOf(m.date);
    const key = `${m.pupilId}\u0000${y}`;
    let entry = years.get(key);
    if (!entry) years.set(key, (entry = { year: emptyYear(m.pupilId, y), added: new Map() }));
    const slot = slotOf(m.date, m.session);
    entry.added.set(slot, {
      slot,
      mark: m.mark,
      raw: m.raw,
      origin: originIndex(entry.year, originOfMark(m)),
    });
  }
  const out: TimelineRecord[] = [];
  for (const { year, added } of years.values()) {
    insertSorted(year, [...added.values()]);
    out.push(packYear(year)!);
  }
  return out;
}

/** Import batches keep the sessions they added packed per pupil and year, as `slots` are. */
export interface AddedSlots {
  pupilId: string;
  year: number;
  slots: string;
}

export function packKeys(keys: Iterable<MarkKey>): AddedSlots[] {
  const byYear = new Map<string, { pupilId: string; year: number; slots: string[] }>();
  for (const [pupilId, date, session] of keys) {
    const year = yearOf(date);
    const key = `${pupilId}\u0000${year}`;
    let entry = byYear.get(key);
    if (!entry) byYear.set(key, (entry = { pupilId, year, slots: [] }));
    entry.slots.push(slotOf(date, session));
  }
  return [...byYear.values()].map((e) => ({
    pupilId: e.pupilId,
    year: e.year,
    slots: e.slots.sort().join(''),
  }));
}

export function slotsOf(packed: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < packed.length; i += SLOT_WIDTH) out.push(packed.slice(i, i + SLOT_WIDTH));
  return out;
}

/** How many sessions a batch's added entries name. */
export const addedCount = (added: readonly AddedSlots[]): number =>
  added.reduce((n, a) => n + a.slots.length / SLOT_WIDTH, 0);

/** The sessions of one `slots` string, read once: what every timeline of that year shares. */
interface SlotDays {
  slots: string;
  count: number;
  dates: string[];
  sessions: Session[];
  /** Day numbers, NaN for a slot whose date is not one (for comparing against `to`). */
  dayValues: Float64Array;
  /** The same as a timeline keeps them (NaN as 0), to be copied whole. */
  days: Int32Array;
  weeks: Int32Array;
  /** 1 where the 2024 code set is in force. */
  in2024: Uint8Array;
}

function readSlotDays(slots: string): SlotDays {
  const count = Math.floor(slots.length / SLOT_WIDTH);
  const out: SlotDays = {
    slots,
    count,
    dates: new Array<string>(count),
    sessions: new Array<Session>(count),
    dayValues: new Float64Array(count),
    days: new Int32Array(count),
    weeks: new Int32Array(count),
    in2024: new Uint8Array(count),
  };
  let date = '';
  let day = 0;
  let in2024 = 0;
  for (let i = 0; i < count; i++) {
    const at = i * SLOT_WIDTH;
    if (date === '' || !slots.startsWith(date, at)) {
      day = dayAt(slots, at);
      date = Number.isNaN(day) ? '' : isoOfDay(day);
      if (date !== '' && slots.startsWith(date, at)) {
        in2024 = day >= CODE_SET_2024_START_DAY ? 1 : 0;
      } else {
        // Not a date the arithmetic reads as `dayNumber` does: the slow, exact way.
        date = slots.slice(at, at + 10);
        day = cachedDay(date);
        in2024 = date >= CODE_SET_2024_START ? 1 : 0;
      }
    }
    out.dates[i] = date;
    out.sessions[i] = slots.charCodeAt(at + 10) === 65 ? 'AM' : 'PM';
    out.dayValues[i] = day;
    out.days[i] = day;
    out.weeks[i] = weekOfDay(day);
    out.in2024[i] = in2024;
  }
  return out;
}

/**
 * The pupils of a school mostly hold the same sessions in a year (the school's own days): their
 * `slots` strings are equal, so the dates of the last one read serve the next pupil as they are.
 */
let lastSlotDays: SlotDays | null = null;
function slotDaysOf(slots: string): SlotDays {
  if (lastSlotDays === null || lastSlotDays.slots !== slots) lastSlotDays = readSlotDays(slots);
  return lastSlotDays;
}

/**
 * The engine's timeline of one pupil straight from that pupil's records (in year order), with
 * no per-mark object and no per-session string on the way: the dates come from `slots` (read
 * once for every pupil holding the same sessions), the codes from the joined `marks` column in
 * place (a shared string per code, its category from a table). Sessions after `to` are left out.
 */
export function timelineOfRecords(
  records: readonly TimelineRecord[],
  window: { to?: string } = {},
): Timeline {
  let total = 0;
  for (const r of records) total += sessionCount(r);
  const t = allocTimeline(total);
  // Sessions sort by date then A < P, so one compare against `${to}Q` bounds both. A valid `to`
  // and a valid date compare as day numbers (no slice).
  const toSlot = window.to === undefined ? null : `${window.to}Q`;
  const toDay = window.to === undefined ? Infinity : cachedDay(window.to);
  let n = 0;
  for (const r of records) {
    const cal = slotDaysOf(r.slots);
    const count = Math.min(cal.count, sessionCount(r));
    let end = count;
    if (toSlot !== null) {
      for (let i = 0; i < count; i++) {
        const day = cal.dayValues[i]!;
        const past =
          Number.isNaN(day) || Number.isNaN(toDay)
            ? r.slots.slice(i * SLOT_WIDTH, (i + 1) * SLOT_WIDTH) > toSlot
            : day > toDay;
        if (past) {
          end = i;
          break;
        }
      }
    }
    // The shared columns are copied whole: a pupil's timeline owns its arrays.
    if (n === 0 && end === total) {
      t.dates = cal.dates.slice(0, end);
      t.sessions = cal.sessions.slice(0, end);
    } else {
      for (let i = 0; i < end; i++) {
        t.dates[n + i] = cal.dates[i]!;
        t.sessions[n + i] = cal.sessions[i]!;
      }
    }
    t.days.set(cal.days.subarray(0, end), n);
    t.weeks.set(cal.weeks.subarray(0, end), n);
    const column = r.marks;
    if (typeof column === 'string') {
      // Where the next code starts in the joined column.
      let from = 0;
      const length = column.length;
      for (let i = 0; i < end; i++) {
        const in2024 = cal.in2024[i] === 1;
        const c = column.charCodeAt(from);
        if (c > 32 && (from + 1 === length || column.charCodeAt(from + 1) === SEPARATOR_CODE)) {
          // One character, the common case: no search, no string made.
          t.marks[n + i] = column.charAt(from);
          t.cats[n + i] = categoryOfChar(c, in2024);
          from += 2;
        } else {
          let stop = column.indexOf(COLUMN_SEPARATOR, from);
          if (stop < 0) stop = Math.max(from, length);
          const mark = markBetween(column, from, stop);
          t.marks[n + i] = mark;
          t.cats[n + i] = categoryIn(mark, in2024);
          from = stop + 1;
        }
      }
    } else {
      for (let i = 0; i < end; i++) {
        const raw = column[i] ?? '';
        const mark = markBetween(raw, 0, raw.length);
        t.marks[n + i] = mark;
        t.cats[n + i] = categoryIn(mark, cal.in2024[i] === 1);
      }
    }
    n += end;
  }
  t.length = n;
  return sealTimeline(t);
}
