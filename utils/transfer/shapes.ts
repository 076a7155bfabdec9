import Papa from 'papaparse';
import { z } from 'zod';
import { addDays, isValidIsoDate, weekdayOf } from '../attendance/calendar';
import type { Session } from '../registers/schema';
import {
  arraySink,
  normaliseMark,
  parseCsvDate,
  parseMarksCsv,
  type CanonicalRow,
  type LineMessage,
  type RowSink,
} from './marks-csv';

/**
 * The import shapes. The canonical marks CSV goes straight to its own parser (marks-csv.ts); the
 * shapes MIS attendance reports print (a row per pupil per day with AM and PM columns, a row per
 * pupil per week with a ten-character marks string) and any other layout are all described by a
 * `ColumnMapping` and read by one converter, so the mapping screen, the preview and the import
 * all read a file the same way. Every row keeps the physical line it came from.
 */

export type { CanonicalRow, LineMessage };

export const LAYOUTS = ['session-rows', 'am-pm-columns', 'week-string'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const DATE_FORMATS = [
  'auto',
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD-MM-YYYY',
  'D MMM YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const column = z.number().int().min(0);

/** Which column holds what. Columns are 0-based indexes into the header row. */
export const columnMappingSchema = z
  .object({
    layout: z.enum(LAYOUTS),
    pupilId: column,
    /** A whole display name, or surname and forename shown as "Surname, Forename". */
    name: column.optional(),
    surname: column.optional(),
    forename: column.optional(),
    group: column.optional(),
    /** The day (session-rows, am-pm-columns) or the week's Monday (week-string). */
    date: column,
    dateFormat: z.enum(DATE_FORMATS).default('auto'),
    session: column.optional(),
    mark: column.optional(),
    am: column.optional(),
    pm: column.optional(),
    /** Ten characters, Monday AM to Friday PM. */
    weekMarks: column.optional(),
  })
  .superRefine((m, ctx) => {
    const need = (key: keyof typeof m, label: string) => {
      if (m[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `choose the ${label} column` });
    };
    if (m.layout === 'session-rows') {
      need('session', 'session (AM/PM)');
      need('mark', 'mark');
    } else if (m.layout === 'am-pm-columns') {
      need('am', 'AM mark');
      need('pm', 'PM mark');
    } else need('weekMarks', 'week marks');
  });
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

// ——— reading the grid with line numbers ———

export interface SourceRecord {
  /** The physical line the record starts on (1-based; the header is line 1). */
  line: number;
  fields: string[];
}

export interface Grid {
  header: string[];
  records: SourceRecord[];
  errors: LineMessage[];
}

/**
 * Splits CSV text into records, keeping each one's starting line. Papaparse guesses the
 * delimiter, since exports saved by Excel in some locales use semicolons or tabs.
 */
export function readGrid(
  text: string,
  options: { limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Grid {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const records: SourceRecord[] = [];
  const errors: LineMessage[] = [];
  let header: string[] | null = null;
  let cursor = 0;
  let line = 1;
  let count = 0;
  const advance = (to: number) => {
    for (let i = cursor; i < to; i++) if (body.charCodeAt(i) === 10) line++;
    cursor = to;
  };
  Papa.parse<string[]>(body, {
    newline: '\n',
    quoteChar: '"',
    step: (result, parser) => {
      const rowLine = line;
      advance(result.meta.cursor);
      const quoting = result.errors.find((e) => e.type === 'Quotes');
      if (quoting) {
        errors.push({
          line: rowLine,
          message: `${quoting.message} (the file's quoting is broken here)`,
        });
        parser.abort();
        return;
      }
      const fields = result.data;
      if (fields.every((f) => f.trim() === '')) return;
      if (!header) header = fields.map((f) => f.trim());
      else {
        records.push({ line: rowLine, fields });
        if (options.limit !== undefined && records.length >= options.limit) parser.abort();
      }
      if (options.onProgress && ++count % 5000 === 0) options.onProgress(cursor, body.length);
    },
  });
  options.onProgress?.(body.length, body.length);
  if (!header) errors.push({ line: 1, message: 'the file is empty: expected a header row' });
  return { header: header ?? [], records, errors };
}

// ——— detection ———

/** Header names as MIS exports print them, reduced to letters and digits. */
const NAMES = {
  canonicalPupilId: ['pupilid'],
  pupilId: [
    'upn',
    'pupilid',
    'studentid',
    'learnerid',
    'adno',
    'admissionno',
    'admissionnumber',
    'misid',
    'personid',
    'id',
    'pupilno',
    'pupilnumber',
    'studentnumber',
  ],
  name: [
    'name',
    'pupilname',
    'studentname',
    'fullname',
    'pupil',
    'student',
    'learner',
    'chosenname',
    'preferredname',
  ],
  surname: ['surname', 'lastname', 'legalsurname', 'familyname', 'preferredsurname'],
  forename: [
    'forename',
    'firstname',
    'legalforename',
    'givenname',
    'preferredforename',
    'chosenforename',
  ],
  group: [
    'group',
    'reggroup',
    'registrationgroup',
    'regform',
    'form',
    'formgroup',
    'tutorgroup',
    'class',
    'reg',
    'registration',
  ],
  date: ['date', 'sessiondate', 'attendancedate', 'day', 'dateofsession'],
  session: ['session', 'ampm', 'sessionname', 'sessiontype'],
  mark: ['mark', 'code', 'attendancecode', 'attendancemark', 'markcode', 'attendance'],
  am: ['am', 'morning', 'ammark', 'amcode', 'amsession', 'amattendance'],
  pm: ['pm', 'afternoon', 'pmmark', 'pmcode', 'pmsession', 'pmattendance'],
  weekDate: [
    'weekbeginning',
    'wc',
    'weekcommencing',
    'weekstarting',
    'weekstart',
    'wb',
    'week',
    'weekbegin',
    'weekcommencingdate',
    'weekbeginningdate',
    'weekof',
  ],
  weekMarks: [
    'marks',
    'weekmarks',
    'attendancemarks',
    'sessions',
    'marksstring',
    'codes',
    'montofri',
    'monfri',
    'mondaytofriday',
    'amplusmarks',
    'weekly',
    'attendance',
    'mark',
  ],
} as const;

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function find(
  header: readonly string[],
  names: readonly string[],
  taken: Set<number> = new Set(),
): number | undefined {
  const squashed = header.map(squash);
  for (const name of names) {
    const i = squashed.findIndex((h, j) => h === name && !taken.has(j));
    if (i >= 0) return i;
  }
  return undefined;
}

export type ShapeId = 'canonical' | 'daily' | 'weekly' | 'session-rows' | 'unknown';

export const SHAPE_LABELS: Record<ShapeId, string> = {
  canonical: 'Register Lens marks CSV (one row per pupil per session)',
  daily: 'One row per pupil per day, with AM and PM columns',
  weekly: 'One row per pupil per week, with a marks string from Monday AM to Friday PM',
  'session-rows': 'One row per pupil per session',
  unknown: 'Not recognised: choose the columns yourself',
};

export interface Detection {
  shape: ShapeId;
  header: string[];
  /** A complete mapping when the shape was recognised; else the columns that could be guessed. */
  mapping: Partial<ColumnMapping>;
}

/** Recognises the shape of a file from its header row. */
export function detectShape(text: string): Detection {
  const { header } = readGrid(text, { limit: 1 });
  const lower = header.map((h) => h.toLowerCase());
  if (['pupil_id', 'date', 'session', 'mark'].every((c) => lower.includes(c))) {
    return { shape: 'canonical', header, mapping: {} };
  }
  const guess = guessMapping(header);
  const complete = columnMappingSchema.safeParse(guess);
  const shape: ShapeId = !complete.success
    ? 'unknown'
    : guess.layout === 'week-string'
      ? 'weekly'
      : guess.layout === 'am-pm-columns'
        ? 'daily'
        : 'session-rows';
  return { shape, header, mapping: complete.success ? complete.data : guess };
}

/** The best guess at each column, for a recognised shape or as a start for the mapping screen. */
export function guessMapping(header: readonly string[]): Partial<ColumnMapping> {
  const taken = new Set<number>();
  const pick = (names: readonly string[]) => {
    const i = find(header, names, taken);
    if (i !== undefined) taken.add(i);
    return i;
  };
  const weekDate = pick(NAMES.weekDate);
  const am = pick(NAMES.am);
  const pm = pick(NAMES.pm);
  const session = pick(NAMES.session);
  const date = weekDate ?? pick(NAMES.date);
  const layout: Layout =
    weekDate !== undefined
      ? 'week-string'
      : am !== undefined && pm !== undefined
        ? 'am-pm-columns'
        : 'session-rows';
  const mapping: Partial<ColumnMapping> = { layout, dateFormat: 'auto' };
  const set = <K extends keyof ColumnMapping>(key: K, value: ColumnMapping[K] | undefined) => {
    if (value !== undefined) mapping[key] = value;
  };
  set('pupilId', pick(NAMES.pupilId));
  set('surname', pick(NAMES.surname));
  set('forename', pick(NAMES.forename));
  set('name', pick(NAMES.name));
  set('group', pick(NAMES.group));
  set('date', date);
  if (layout === 'week-string') set('weekMarks', pick(NAMES.weekMarks));
  else if (layout === 'am-pm-columns') {
    set('am', am);
    set('pm', pm);
  } else {
    set('session', session);
    set('mark', pick(NAMES.mark));
  }
  return mapping;
}

// ——— values ———

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const iso = (y: string, m: string | number, d: string) => {
  const year = y.length === 2 ? `20${y}` : y;
  const value = `${year}-${String(m).padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isValidIsoDate(value) ? value : null;
};

/**
 * A date in the mapping's format. `auto` takes what the canonical format takes (ISO or UK
 * day-first), then the other forms MIS reports print; never month-first unless told, since a
 * UK file's 03/04 is the 3rd of April. A time after the date (Excel adds one) is ignored.
 */
export function parseDateAs(value: string, format: DateFormat): string | null {
  const v = value.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, '');
  const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;
  const DASH = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4}|\d{2})$/;
  let m: RegExpExecArray | null;
  switch (format) {
    case 'YYYY-MM-DD':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidIsoDate(v) ? v : null;
    case 'DD/MM/YYYY':
      m = SLASH.exec(v);
      return m ? iso(m[3]!, m[2]!, m[1]!) : null;
    case 'MM/DD/YYYY':
      m = SLASH.exec(v);
      return m ? iso(m[3]!, m[1]!, m[2]!) : null;
    case 'DD-MM-YYYY':
      m = DASH.exec(v);
      return m ? iso(m[3]!, m[2]!, m[1]!) : null;
    case 'D MMM YYYY': {
      m =
        /^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4}|\d{2})$/i.exec(
          v,
        );
      const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) + 1 : 0;
      return m && month > 0 ? iso(m[3]!, month, m[1]!) : null;
    }
    case 'auto':
      return (
        parseCsvDate(v) ??
        parseDateAs(v, 'DD/MM/YYYY') ??
        parseDateAs(v, 'DD-MM-YYYY') ??
        parseDateAs(v, 'D MMM YYYY')
      );
  }
}

const AM_WORDS = new Set(['AM', 'A', 'MORNING', 'A.M.', '1']);
const PM_WORDS = new Set(['PM', 'P', 'AFTERNOON', 'P.M.', '2']);

/** AM or PM, liberally: MIS exports also write Morning/Afternoon, A/P, or 1/2. */
export function parseSession(value: string): Session | null {
  const v = value.trim().toUpperCase();
  return AM_WORDS.has(v) ? 'AM' : PM_WORDS.has(v) ? 'PM' : null;
}

const WEEK_SESSIONS = 10;
const NO_MARK = new Set([' ', '-']);

// ——— converting with a mapping ———

export interface ShapeResult {
  rows: CanonicalRow[];
  errors: LineMessage[];
  warnings: LineMessage[];
}

/**
 * Rows per (pupil, date, session) keep the first row's place and the last row's content, and
 * a replacement is a warning: the same rule marks-csv.ts applies to the canonical file.
 */
class RowCollector {
  readonly warnings: LineMessage[] = [];
  private readonly slot = new Map<string, number>();
  constructor(readonly rows: RowSink = arraySink()) {}
  add(row: CanonicalRow): void {
    const key = `${row.pupilId}\u0000${row.date}\u0000${row.session}`;
    const at = this.slot.get(key);
    if (at === undefined) {
      this.slot.set(key, this.rows.length);
      this.rows.push(row);
      return;
    }
    const earlier = this.rows.get(at);
    this.warnings.push({
      line: row.line,
      message: `replaces line ${earlier.line} (${row.pupilId} ${row.date} ${row.session}: "${earlier.mark}" becomes "${row.mark}")`,
    });
    this.rows.set(at, row);
  }
}

/**
 * Reads a mapped file one record at a time, whichever way the records arrive (a whole text, or
 * a file read in pieces by `CsvChunker`): the first non-blank record is the header.
 */
export class MappedReader {
  readonly errors: LineMessage[] = [];
  private readonly warnings: LineMessage[] = [];
  private readonly out: RowCollector;
  private header: string[] | null = null;

  constructor(
    private readonly mapping: ColumnMapping,
    rows: RowSink = arraySink(),
  ) {
    this.out = new RowCollector(rows);
  }

  record(fields: string[], line: number, quoting: LineMessage | null): boolean {
    if (quoting) {
      this.errors.push({ line, message: `${quoting.message} (the file's quoting is broken here)` });
      return false;
    }
    if (fields.every((f) => f.trim() === '')) return true;
    if (!this.header) this.header = fields.map((f) => f.trim());
    else
      convertRecord(
        { line, fields },
        this.mapping,
        this.header,
        this.out,
        this.errors,
        this.warnings,
      );
    return true;
  }

  finish(): { errors: LineMessage[]; warnings: LineMessage[] } {
    if (!this.header)
      this.errors.push({ line: 1, message: 'the file is empty: expected a header row' });
    return {
      errors: this.errors.sort((a, b) => a.line - b.line),
      warnings: [...this.warnings, ...this.out.warnings].sort((a, b) => a.line - b.line),
    };
  }
}

function convertRecord(
  record: SourceRecord,
  mapping: ColumnMapping,
  header: readonly string[],
  out: RowCollector,
  errors: LineMessage[],
  warnings: LineMessage[],
): void {
  const cell = (i: number | undefined) => (i === undefined ? '' : (record.fields[i] ?? ''));
  const problems: string[] = [];
  const label = (i: number | undefined) =>
    i === undefined ? '' : `"${header[i] ?? `column ${i + 1}`}"`;
  if (record.fields.length < header.length) {
    const needed = [
      mapping.pupilId,
      mapping.date,
      mapping.session,
      mapping.mark,
      mapping.am,
      mapping.pm,
      mapping.weekMarks,
    ];
    const max = Math.max(...needed.filter((i): i is number => i !== undefined));
    if (record.fields.length <= max) {
      errors.push({
        line: record.line,
        message: `expected ${header.length} fields as in the header, found ${record.fields.length}`,
      });
      return;
    }
  }
  const pupilId = cell(mapping.pupilId).trim();
  if (!pupilId) problems.push(`${label(mapping.pupilId)} (pupil id) is empty`);
  const dateRaw = cell(mapping.date).trim();
  let date = parseDateAs(dateRaw, mapping.dateFormat);
  if (!date) {
    problems.push(
      dateRaw
        ? `"${dateRaw}" is not a real date${mapping.dateFormat === 'auto' ? '' : ` as ${mapping.dateFormat}`}`
        : `${label(mapping.date)} (date) is empty`,
    );
  }
  let session: Session | null = null;
  if (mapping.layout === 'session-rows') {
    session = parseSession(cell(mapping.session));
    if (!session) problems.push(`session "${cell(mapping.session).trim()}" is not AM or PM`);
  }
  let weekString = '';
  if (mapping.layout === 'week-string') {
    weekString = cell(mapping.weekMarks).replace(/[\s]+$/, '');
    if (weekString.length > WEEK_SESSIONS) {
      problems.push(
        `the marks "${weekString}" are ${weekString.length} characters long; a week is ${WEEK_SESSIONS} sessions, Monday AM to Friday PM`,
      );
    }
  }
  if (problems.length > 0) {
    errors.push({ line: record.line, message: problems.join('; ') });
    return;
  }
  const name =
    mapping.name !== undefined
      ? cell(mapping.name).trim()
      : [cell(mapping.surname).trim(), cell(mapping.forename).trim()].filter(Boolean).join(', ');
  const group = cell(mapping.group).trim();
  const base = (d: string, s: Session, mark: string): CanonicalRow => {
    const row: CanonicalRow = { line: record.line, pupilId, date: d, session: s, mark };
    if (name) row.name = name;
    if (group) row.group = group;
    return row;
  };
  if (mapping.layout === 'session-rows') {
    out.add(base(date!, session!, normaliseMark(cell(mapping.mark))));
  } else if (mapping.layout === 'am-pm-columns') {
    out.add(base(date!, 'AM', normaliseMark(cell(mapping.am))));
    out.add(base(date!, 'PM', normaliseMark(cell(mapping.pm))));
  } else {
    if (weekdayOf(date!) !== 0) {
      warnings.push({
        line: record.line,
        message: `the week begins ${date}, not a Monday; its marks are read from the Monday of that week`,
      });
      date = addDays(date!, -weekdayOf(date!));
    }
    // A blank in a week string is a day with no session (a holiday, before joining): no row.
    for (let i = 0; i < weekString.length; i++) {
      const ch = weekString[i]!;
      if (NO_MARK.has(ch)) continue;
      out.add(base(addDays(date!, i >> 1), i % 2 === 0 ? 'AM' : 'PM', ch));
    }
  }
}

/** Reads a file through a mapping into canonical rows, with line-numbered errors. */
export function convertWithMapping(
  text: string,
  mapping: ColumnMapping,
  options: { limit?: number; onProgress?: (done: number, total: number) => void } = {},
): ShapeResult {
  const grid = readGrid(text, options);
  return convertGrid(grid, mapping);
}

export function convertGrid(grid: Grid, mapping: ColumnMapping): ShapeResult {
  const errors = [...grid.errors];
  const warnings: LineMessage[] = [];
  const rows = arraySink();
  const out = new RowCollector(rows);
  for (const record of grid.records)
    convertRecord(record, mapping, grid.header, out, errors, warnings);
  return {
    rows: rows.rows,
    errors,
    warnings: [...warnings, ...out.warnings].sort((a, b) => a.line - b.line),
  };
}

/** The first rows as the import would read them, for the mapping screen's preview. */
export function previewRows(text: string, mapping: ColumnMapping, n: number): ShapeResult {
  return convertWithMapping(text, mapping, { limit: n });
}

export type ImportChoice = { shape: 'canonical' } | { shape: 'mapped'; mapping: ColumnMapping };

/** The whole file as canonical rows, whichever shape it is in. */
export function parseImport(
  text: string,
  choice: ImportChoice,
  onProgress?: (done: number, total: number) => void,
): ShapeResult {
  if (choice.shape === 'canonical') {
    const { rows, errors, warnings } = parseMarksCsv(text);
    onProgress?.(text.length, text.length);
    return { rows, errors, warnings };
  }
  return convertWithMapping(text, choice.mapping, { onProgress });
}

// ——— the dry run ———

export interface ImportPlan {
  rows: number;
  pupils: number;
  added: number;
  replaced: number;
  unchanged: number;
  /** Replacements to show the user before they confirm (the first few). */
  replacements: {
    line: number;
    pupilId: string;
    date: string;
    session: Session;
    from: string;
    to: string;
  }[];
  dateRange: { from: string; to: string } | null;
  errors: LineMessage[];
  warnings: LineMessage[];
}

/** The stored mark for a pupil's session, or undefined when there is none. */
export type ExistingLookup = (
  pupilId: string,
  date: string,
  session: Session,
) => string | undefined;

/** What an import would do, before anything is written. */
export function planImport(
  result: ShapeResult,
  existing: ExistingLookup,
  options: { showReplacements?: number } = {},
): ImportPlan {
  const plan = emptyPlan(result);
  planRows(plan, result.rows, existing, options);
  return plan;
}

/** A plan of no rows yet, for a file's errors and warnings; `planRows` adds each part. */
export function emptyPlan(result: Pick<ShapeResult, 'errors' | 'warnings'>): ImportPlan {
  return {
    rows: 0,
    pupils: 0,
    added: 0,
    replaced: 0,
    unchanged: 0,
    replacements: [],
    dateRange: null,
    errors: result.errors,
    warnings: result.warnings,
  };
}

/**
 * Adds one part of a file's rows to the plan. Its pupils are counted as new to the plan: a
 * part holds every row of each of its pupils (`RowColumns.parts`).
 */
export function planRows(
  plan: ImportPlan,
  rows: readonly CanonicalRow[],
  existing: ExistingLookup,
  options: { showReplacements?: number } = {},
): void {
  const limit = options.showReplacements ?? 50;
  plan.rows += rows.length;
  plan.pupils += new Set(rows.map((r) => r.pupilId)).size;
  let from = plan.dateRange?.from ?? '';
  let to = plan.dateRange?.to ?? '';
  for (const row of rows) {
    if (!from || row.date < from) from = row.date;
    if (!to || row.date > to) to = row.date;
    const before = existing(row.pupilId, row.date, row.session);
    if (before === undefined) plan.added++;
    else if (before === row.mark) plan.unchanged++;
    else {
      plan.replaced++;
      if (plan.replacements.length < limit) {
        plan.replacements.push({
          line: row.line,
          pupilId: row.pupilId,
          date: row.date,
          session: row.session,
          from: before,
          to: row.mark,
        });
      }
    }
  }
  plan.dateRange = from ? { from, to } : null;
}
