import Papa from 'papaparse';
import { isValidIsoDate } from '../attendance/calendar';
import { CONTEXT_TAGS, type ContextTag } from '../attendance/types';
import type { Session } from '../registers/schema';
import { csvBody, readHeader } from './csv-header';

/**
 * The canonical marks CSV of CONTRACTS.md §1, parsed once for both the `analyse` command and the
 * extension's import. Line numbers are physical file lines (the header is line 1), so a quoted
 * name holding a line break still points the user at the right line in their editor.
 */

export interface CanonicalRow {
  /** The physical line the row starts on (1-based; the header is line 1). */
  line: number;
  pupilId: string;
  name?: string;
  group?: string;
  /** ISO `YYYY-MM-DD`, whichever of the accepted forms the file used. */
  date: string;
  session: Session;
  /** The mark trimmed of spaces; '' when the file has none (empty or `-`). */
  mark: string;
}

export interface LineMessage {
  line: number;
  message: string;
}

export interface CanonicalPupil {
  pupilId: string;
  /** The pupil's first non-empty name and group in the file. */
  name?: string;
  group?: string;
  /** The line of the pupil's first valid row. */
  firstLine: number;
}

export interface MarksCsvResult {
  /**
   * One row per (pupil, date, session), where the first row for that key stood in the file,
   * holding the content of the last row for it: a later row replaces an earlier one.
   */
  rows: CanonicalRow[];
  /** Every pupil with a valid row, in the order of their first row. */
  pupils: CanonicalPupil[];
  errors: LineMessage[];
  warnings: LineMessage[];
}

export const MARKS_CSV_COLUMNS = ['pupil_id', 'name', 'group', 'date', 'session', 'mark'] as const;
const REQUIRED = ['pupil_id', 'date', 'session', 'mark'] as const;
type Column = (typeof MARKS_CSV_COLUMNS)[number];

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` or `DD/MM/YYYY` to ISO; null for anything else or an impossible date. */
export function parseCsvDate(value: string): string | null {
  const v = value.trim();
  let iso: string | null = null;
  if (ISO_DATE.test(v)) iso = v;
  else {
    const m = UK_DATE.exec(v);
    if (m) iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  return iso && isValidIsoDate(iso) ? iso : null;
}

/** The mark as stored: trimmed; `-` (the MIS's "no mark") becomes ''. */
export function normaliseMark(value: string): string {
  const v = value.trim();
  return v === '-' ? '' : v;
}

/**
 * Where a file's rows are kept while it is read: an array for the command line, compact columns
 * in the import worker (see `RowColumns`), so the reader never decides how rows are held.
 */
export interface RowSink {
  readonly length: number;
  push(row: CanonicalRow): void;
  /** The row at an index, as a value (a later change to the sink does not change it). */
  get(index: number): CanonicalRow;
  set(index: number, row: CanonicalRow): void;
}

/** An array as a sink. */
export function arraySink(rows: CanonicalRow[] = []): RowSink & { rows: CanonicalRow[] } {
  return {
    rows,
    get length() {
      return rows.length;
    },
    push: (row) => void rows.push(row),
    get: (index) => rows[index]!,
    set: (index, row) => void (rows[index] = row),
  };
}

/**
 * The sessions one pupil's rows hold so far. Files list a pupil's sessions in order, so a
 * session after the last one seen is new and needs no look-up; only a pupil whose rows go back
 * in time gets a map of their sessions, built then.
 */
interface SeenSessions {
  last: string;
  rows: number[];
  bySession: Map<string, number> | null;
}

/**
 * Reads the marks CSV one record at a time, whichever way the records arrive (one parse of a
 * whole text, or a file read in pieces by `CsvChunker`): checks each row, keeps the pupils in
 * order of their first row, and lets a later row for a session replace an earlier one, with a
 * warning, in the earlier one's place.
 */
export class MarksCsvReader {
  readonly errors: LineMessage[] = [];
  readonly warnings: LineMessage[] = [];
  private readonly pupilMap = new Map<string, CanonicalPupil>();
  private columns: Partial<Record<Column, number>> | null = null;
  private width = 0;
  private readonly seen = new Map<string, SeenSessions>();
  // A term has a few hundred distinct dates and a hundred thousand rows: check each date once.
  private readonly dates = new Map<string, string | null>();
  private fatal = false;

  constructor(readonly rows: RowSink) {}

  /** Every pupil with a valid row, in the order of their first row. */
  get pupils(): CanonicalPupil[] {
    return [...this.pupilMap.values()];
  }

  /** Takes one record; false once the file cannot be read further (broken quoting, header). */
  record(fields: string[], rowLine: number, quoting: LineMessage | null): boolean {
    if (this.fatal) return false;
    const errors = this.errors;
    if (quoting) {
      errors.push({
        line: rowLine,
        message: `${quoting.message} (the file's quoting is broken here)`,
      });
      this.fatal = true;
      return false;
    }
    // A blank line (a row of empty cells too); a first cell with text is never one.
    if (fields[0]!.trim() === '' && fields.every((f) => f.trim() === '')) return true;
    if (!this.columns) {
      this.width = fields.length;
      this.columns = readHeader<Column>(fields, MARKS_CSV_COLUMNS, REQUIRED, rowLine, errors);
      if (errors.length > 0) this.fatal = true;
      return !this.fatal;
    }
    if (fields.length !== this.width) {
      errors.push({
        line: rowLine,
        message: `expected ${this.width} fields as in the header, found ${fields.length} (is a comma in a name not quoted?)`,
      });
      return true;
    }
    const columns = this.columns;
    const cell = (c: Column) => {
      const i = columns[c];
      return i === undefined ? '' : fields[i]!;
    };
    const pupilId = cell('pupil_id').trim();
    const dateRaw = cell('date');
    const sessionRaw = cell('session').trim().toUpperCase();
    const problems: string[] = [];
    if (pupilId === '') problems.push('pupil_id is empty');
    let date = this.dates.get(dateRaw);
    if (date === undefined) this.dates.set(dateRaw, (date = parseCsvDate(dateRaw)));
    if (date === null) {
      problems.push(
        dateRaw.trim() === ''
          ? 'date is empty'
          : `"${dateRaw.trim()}" is not a real date as YYYY-MM-DD or DD/MM/YYYY`,
      );
    }
    if (sessionRaw !== 'AM' && sessionRaw !== 'PM') {
      problems.push(`session "${cell('session').trim()}" is not AM or PM`);
    }
    if (problems.length > 0) {
      errors.push({ line: rowLine, message: problems.join('; ') });
      return true;
    }
    const name = cell('name').trim();
    const group = cell('group').trim();
    const row: CanonicalRow = {
      line: rowLine,
      pupilId,
      date: date!,
      session: sessionRaw as Session,
      mark: normaliseMark(cell('mark')),
    };
    if (name) row.name = name;
    if (group) row.group = group;

    const pupil = this.pupilMap.get(pupilId);
    if (!pupil) {
      const p: CanonicalPupil = { pupilId, firstLine: rowLine };
      if (name) p.name = name;
      if (group) p.group = group;
      this.pupilMap.set(pupilId, p);
    } else {
      if (pupil.name === undefined && name) pupil.name = name;
      if (pupil.group === undefined && group) pupil.group = group;
    }

    const at = this.earlierRow(pupilId, row);
    if (at === undefined) this.rows.push(row);
    else {
      const earlier = this.rows.get(at);
      this.warnings.push({
        line: rowLine,
        message: `replaces line ${earlier.line} (${pupilId} ${row.date} ${row.session}: "${earlier.mark}" becomes "${row.mark}")`,
      });
      this.rows.set(at, row);
    }
    return true;
  }

  /** After the last record: a file with no header at all is an error. */
  finish(): void {
    if (!this.columns && this.errors.length === 0) {
      this.errors.push({
        line: 1,
        message: 'the file is empty: expected a header row naming pupil_id, date, session and mark',
      });
    }
  }

  /** Where an earlier row for this row's pupil and session stands, recording this one if new. */
  private earlierRow(pupilId: string, row: CanonicalRow): number | undefined {
    const session = row.date + row.session;
    const index = this.rows.length;
    const s = this.seen.get(pupilId);
    if (!s) {
      this.seen.set(pupilId, { last: session, rows: [index], bySession: null });
      return undefined;
    }
    if (!s.bySession) {
      if (session > s.last) {
        s.last = session;
        s.rows.push(index);
        return undefined;
      }
      s.bySession = new Map(
        s.rows.map((i) => {
          const r = this.rows.get(i);
          return [r.date + r.session, i];
        }),
      );
    }
    const at = s.bySession.get(session);
    if (at === undefined) s.bySession.set(session, index);
    return at;
  }
}

export function parseMarksCsv(text: string): MarksCsvResult {
  const sink = arraySink();
  const reader = new MarksCsvReader(sink);
  const body = csvBody(text);
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    step: (result, parser) => {
      const rowLine = line;
      for (let i = cursor; i < result.meta.cursor; i++) if (body.charCodeAt(i) === 10) line++;
      cursor = result.meta.cursor;
      const quoting = result.errors[0] ?? null;
      if (!reader.record(result.data, rowLine, quoting && { line: rowLine, ...quoting })) {
        parser.abort();
      }
    },
  });
  reader.finish();
  return {
    rows: sink.rows,
    pupils: reader.pupils,
    errors: reader.errors,
    warnings: reader.warnings,
  };
}

export interface ContextCsvResult {
  /** Each pupil's context tags, in file order, without repeats. */
  tags: Map<string, ContextTag[]>;
  errors: LineMessage[];
}

/**
 * The context CSV of `analyse --context` (CONTRACTS.md §2): columns `pupil_id,tag`, one row per
 * tag. Headers as in the marks CSV (any case, any order, unknown columns ignored); tags are
 * matched without regard to case or surrounding spaces, and a tag outside the fixed list is an
 * error naming its line.
 */
export function parseContextCsv(text: string): ContextCsvResult {
  const errors: LineMessage[] = [];
  const tags = new Map<string, ContextTag[]>();
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  let columns: { pupil?: number; tag?: number } | null = null;
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    newline: '\n',
    step: (result, parser) => {
      const rowLine = line;
      for (let i = cursor; i < result.meta.cursor; i++) if (body.charCodeAt(i) === 10) line++;
      cursor = result.meta.cursor;
      const fields = result.data;
      if (result.errors.length > 0) {
        errors.push({ line: rowLine, message: `${result.errors[0]!.message} (broken quoting)` });
        parser.abort();
        return;
      }
      if (fields.every((f) => f.trim() === '')) return;
      if (!columns) {
        const names = fields.map((f) => f.trim().toLowerCase());
        columns = { pupil: names.indexOf('pupil_id'), tag: names.indexOf('tag') };
        if (columns.pupil! < 0 || columns.tag! < 0) {
          errors.push({ line: rowLine, message: 'the header needs the columns pupil_id and tag' });
          parser.abort();
        }
        return;
      }
      const pupilId = (fields[columns.pupil!] ?? '').trim();
      const tag = (fields[columns.tag!] ?? '').trim().toLowerCase();
      if (pupilId === '') {
        errors.push({ line: rowLine, message: 'pupil_id is empty' });
        return;
      }
      if (!(CONTEXT_TAGS as readonly string[]).includes(tag)) {
        errors.push({
          line: rowLine,
          message: `"${tag}" is not a context tag (one of ${CONTEXT_TAGS.join(', ')})`,
        });
        return;
      }
      const list = tags.get(pupilId) ?? [];
      if (!list.includes(tag as ContextTag)) list.push(tag as ContextTag);
      tags.set(pupilId, list);
    },
  });
  if (!columns && errors.length === 0) {
    errors.push({ line: 1, message: 'the file is empty: expected a header row pupil_id,tag' });
  }
  return { tags, errors };
}
