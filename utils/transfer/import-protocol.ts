import { z } from 'zod';
import type { Session } from '../registers/schema';
import { columnMappingSchema, type CanonicalRow, type ShapeResult } from './shapes';

/** Messages between the import page and its parsing worker. */

export const importChoiceSchema = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('canonical') }),
  z.object({ shape: z.literal('mapped'), mapping: columnMappingSchema }),
]);

/**
 * `parse` reads the whole file and keeps its rows (in the worker); `part` asks for one part of
 * them, so the page never holds more than a part of a file's rows at once.
 */
export const workerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('parse'),
    file: z.instanceof(Blob),
    choice: importChoiceSchema,
    partRows: z.number().int().min(1),
  }),
  z.object({ type: z.literal('part'), index: z.number().int().min(0) }),
]);
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

export type ImportPhase = 'reading' | 'parsing' | 'checking' | 'writing';

export interface ImportProgress {
  phase: ImportPhase;
  /** 0 to 1 across the whole import, for one progress bar. */
  fraction: number;
}

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * A parsed file's rows as the worker posts them: one string per column (values joined with
 * U+001F) and the line numbers in one typed array. A message is copied value by value, so a
 * term's 177,600 row objects cost the page seconds to receive; seven strings cost nothing.
 */
export interface PackedRows {
  count: number;
  lines: Int32Array;
  /** Each column's values joined, or as an array when a value holds the separator itself. */
  columns: Record<'pupilId' | 'name' | 'group' | 'date' | 'session' | 'mark', string | string[]>;
}

const SEPARATOR = '\u001f';

function joinValues(values: readonly string[]): string | string[] {
  const joined = values.join(SEPARATOR);
  // One scan of the joined string, not one per value: a value holding the separator shows as
  // one separator too many.
  let separators = 0;
  for (let i = joined.indexOf(SEPARATOR); i >= 0; i = joined.indexOf(SEPARATOR, i + 1)) {
    separators++;
  }
  return separators === Math.max(0, values.length - 1) ? joined : [...values];
}

function splitValues(column: string | string[], count: number): string[] {
  const values = typeof column !== 'string' ? column : count === 0 ? [] : column.split(SEPARATOR);
  if (values.length !== count) {
    throw new Error(
      `A part of the file's rows arrived damaged (${values.length} values for ${count} rows).`,
    );
  }
  return values;
}

export function packRows(rows: readonly CanonicalRow[]): PackedRows {
  const lines = new Int32Array(rows.length);
  const pick = (f: (r: CanonicalRow) => string) => joinValues(rows.map(f));
  rows.forEach((r, i) => (lines[i] = r.line));
  return {
    count: rows.length,
    lines,
    columns: {
      pupilId: pick((r) => r.pupilId),
      // An absent name or group is '' here: the parser never keeps an empty one.
      name: pick((r) => r.name ?? ''),
      group: pick((r) => r.group ?? ''),
      date: pick((r) => r.date),
      session: pick((r) => r.session),
      mark: pick((r) => r.mark),
    },
  };
}

export function unpackRows(packed: PackedRows): CanonicalRow[] {
  const n = packed.count;
  if (packed.lines.length !== n) throw new Error("A part of the file's rows arrived damaged.");
  const c = packed.columns;
  const [pupilIds, names, groups, dates, sessions, marks] = [
    c.pupilId,
    c.name,
    c.group,
    c.date,
    c.session,
    c.mark,
  ].map((column) => splitValues(column, n));
  const rows = new Array<CanonicalRow>(n);
  for (let i = 0; i < n; i++) {
    const row: CanonicalRow = {
      line: packed.lines[i]!,
      pupilId: pupilIds![i]!,
      date: dates![i]!,
      session: sessions![i] as Session,
      mark: marks![i]!,
    };
    if (names![i]) row.name = names![i];
    if (groups![i]) row.group = groups![i];
    rows[i] = row;
  }
  return rows;
}

/** What a parse found, without its rows: those come a part at a time. */
export interface ParseSummary extends Omit<ShapeResult, 'rows'> {
  encoding: Encoding;
  rowCount: number;
  partCount: number;
}

export type WorkerReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'parsed'; summary: ParseSummary }
  | { type: 'part'; index: number; rows: PackedRows }
  | { type: 'error'; message: string };

const packedColumn = z.union([z.string(), z.array(z.string())]);

/**
 * A part as the page receives it: checked as columns (their kinds, the line count), not row by
 * row; `unpackRows` then refuses a column whose values do not number `count`.
 */
export const packedRowsSchema = z.object({
  count: z.number().int().min(0),
  lines: z.instanceof(Int32Array),
  columns: z.object({
    pupilId: packedColumn,
    name: packedColumn,
    group: packedColumn,
    date: packedColumn,
    session: packedColumn,
    mark: packedColumn,
  }),
});

/**
 * Where each phase sits on the one bar: reading and parsing, one pass over the file's pieces,
 * are most of the wait ('reading' is the moment before the first piece).
 */
export const PHASE_SPAN: Record<ImportPhase, [number, number]> = {
  reading: [0, 0.02],
  parsing: [0.02, 0.75],
  checking: [0.75, 0.8],
  writing: [0.8, 1],
};

export function progressAt(phase: ImportPhase, done: number, total: number): ImportProgress {
  const [from, to] = PHASE_SPAN[phase];
  const part = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  return { phase, fraction: from + (to - from) * part };
}

/**
 * V8 keeps a substring of 13 or more characters as a view into the string it was cut from, so
 * a name kept from a parsed piece would keep the whole piece alive. Values kept for the length
 * of an import are copied out once (they repeat, so `RowColumns` keeps one copy of each).
 */
const detach = (value: string): string =>
  value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);

/**
 * Rows kept as columns while a file is read: one array per column, each distinct pupil id,
 * name, group and mark held once, and the lines in a typed array. A term's 177,600 rows are
 * then six arrays of pointers rather than 177,600 objects, and nothing in them refers back to
 * the file's text. Packs into the message form (`PackedRows`) at the end.
 */
export class RowColumns {
  private lines = new Int32Array(4096);
  private readonly pupilIds: string[] = [];
  private readonly names: string[] = [];
  private readonly groups: string[] = [];
  private readonly dates: string[] = [];
  private readonly sessions: Session[] = [];
  private readonly marks: string[] = [];
  private readonly interned = new Map<string, string>();

  get length(): number {
    return this.pupilIds.length;
  }

  private intern(value: string): string {
    let kept = this.interned.get(value);
    if (kept === undefined) this.interned.set((kept = detach(value)), kept);
    return kept;
  }

  private write(index: number, row: CanonicalRow): void {
    if (index >= this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[index] = row.line;
    this.pupilIds[index] = this.intern(row.pupilId);
    this.names[index] = row.name ? this.intern(row.name) : '';
    this.groups[index] = row.group ? this.intern(row.group) : '';
    this.dates[index] = this.intern(row.date);
    this.sessions[index] = row.session === 'AM' ? 'AM' : 'PM';
    this.marks[index] = this.intern(row.mark);
  }

  push(row: CanonicalRow): void {
    this.write(this.length, row);
  }

  set(index: number, row: CanonicalRow): void {
    this.write(index, row);
  }

  get(index: number): CanonicalRow {
    const row: CanonicalRow = {
      line: this.lines[index]!,
      pupilId: this.pupilIds[index]!,
      date: this.dates[index]!,
      session: this.sessions[index]!,
      mark: this.marks[index]!,
    };
    if (this.names[index]) row.name = this.names[index];
    if (this.groups[index]) row.group = this.groups[index];
    return row;
  }

  pack(): PackedRows {
    return this.packIndexes(Int32Array.from({ length: this.length }, (_, i) => i));
  }

  /** The rows at these indexes, in this order, as one message. */
  packIndexes(indexes: Int32Array): PackedRows {
    const pick = <T extends string>(column: T[]) => {
      const out = new Array<T>(indexes.length);
      for (let i = 0; i < indexes.length; i++) out[i] = column[indexes[i]!]!;
      return joinValues(out);
    };
    const lines = new Int32Array(indexes.length);
    for (let i = 0; i < indexes.length; i++) lines[i] = this.lines[indexes[i]!]!;
    return {
      count: indexes.length,
      lines,
      columns: {
        pupilId: pick(this.pupilIds),
        name: pick(this.names),
        group: pick(this.groups),
        date: pick(this.dates),
        session: pick(this.sessions),
        mark: pick(this.marks),
      },
    };
  }

  /**
   * The rows cut into parts of about `maxRows`, each pupil's rows together in one part (in file
   * order, pupils in the order of their first row): a part then writes each of its pupils' years
   * once, and a file sorted by date costs no more than one sorted by pupil. A pupil with more
   * rows than `maxRows` makes a bigger part rather than being split.
   */
  parts(maxRows: number): Int32Array[] {
    const pupilOf = new Map<string, number>();
    const pupilIndex = new Int32Array(this.length);
    const counts: number[] = [];
    for (let i = 0; i < this.length; i++) {
      let p = pupilOf.get(this.pupilIds[i]!);
      if (p === undefined) {
        pupilOf.set(this.pupilIds[i]!, (p = counts.length));
        counts.push(0);
      }
      pupilIndex[i] = p;
      counts[p]!++;
    }
    const starts = new Int32Array(counts.length + 1);
    for (let p = 0; p < counts.length; p++) starts[p + 1] = starts[p]! + counts[p]!;
    const order = new Int32Array(this.length);
    const next = starts.slice(0, counts.length);
    for (let i = 0; i < this.length; i++) order[next[pupilIndex[i]!]!++] = i;
    const out: Int32Array[] = [];
    let from = 0;
    for (let p = 0; p < counts.length; p++) {
      const end = starts[p + 1]!;
      if (end - from >= maxRows || p === counts.length - 1) {
        out.push(order.subarray(from, end));
        from = end;
      }
    }
    return out;
  }
}
