import Papa from 'papaparse';
import type { PriorSummary } from '../attendance/prior';
import { csvBody, readHeader } from './csv-header';
import type { LineMessage } from './marks-csv';

/**
 * The prior-school summary CSV: one row per pupil and academic year, as a previous school (or the
 * DfE's Year 6 attendance for incoming Year 7s) reports it:
 * `pupil_id, academic_year, possible, present, authorised, unauthorised[, school]`.
 * Headers as in the marks CSV (any case, any order, unknown columns ignored). Parsed once for both
 * `analyse --prior` and the extension's import. Line numbers are physical file lines.
 */

export interface PriorSummaryRow extends PriorSummary {
  line: number;
  pupilId: string;
}

export interface PriorCsvResult {
  /** One row per (pupil, academic year); a later row replaces an earlier one (a warning). */
  rows: PriorSummaryRow[];
  errors: LineMessage[];
  warnings: LineMessage[];
}

export const PRIOR_CSV_COLUMNS = [
  'pupil_id',
  'academic_year',
  'possible',
  'present',
  'authorised',
  'unauthorised',
  'school',
] as const;
type Column = (typeof PRIOR_CSV_COLUMNS)[number];
const REQUIRED = PRIOR_CSV_COLUMNS.filter((c) => c !== 'school');
const COUNTS = ['possible', 'present', 'authorised', 'unauthorised'] as const;

/** Whether a CSV's header names the summary's own columns (else it is taken for a marks CSV). */
export function looksLikePriorSummary(text: string): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const header = body.split(/\r\n?|\n/u, 1)[0] ?? '';
  const names = header.split(',').map((h) => h.trim().replace(/^"|"$/gu, '').toLowerCase());
  return names.includes('academic_year') && names.includes('possible');
}

/**
 * "2024", "2024/25", "2024-25", "2024/2025" or "2024-2025" to the year it starts in; null for
 * anything else, or a second year that does not follow the first.
 */
export function parseAcademicYear(value: string): number | null {
  const m = /^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$/u.exec(value.trim());
  if (!m) return null;
  const start = Number(m[1]);
  if (start < 1990 || start > 2100) return null;
  if (m[2] !== undefined) {
    const end = Number(m[2]);
    const expected = m[2].length === 2 ? (start + 1) % 100 : start + 1;
    if (end !== expected) return null;
  }
  return start;
}

export function parsePriorSummaryCsv(text: string): PriorCsvResult {
  const errors: LineMessage[] = [];
  const warnings: LineMessage[] = [];
  const body = csvBody(text);
  let columns: Partial<Record<Column, number>> | null = null;
  let width = 0;
  let cursor = 0;
  let line = 1;
  const rows: PriorSummaryRow[] = [];
  const slot = new Map<string, number>();

  Papa.parse<string[]>(body, {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    step: (result, parser) => {
      const rowLine = line;
      for (let i = cursor; i < result.meta.cursor; i++) if (body.charCodeAt(i) === 10) line++;
      cursor = result.meta.cursor;
      const fields = result.data;
      if (result.errors.length > 0) {
        errors.push({
          line: rowLine,
          message: `${result.errors[0]!.message} (the file's quoting is broken here)`,
        });
        parser.abort();
        return;
      }
      if (fields.every((f) => f.trim() === '')) return;
      if (!columns) {
        width = fields.length;
        columns = readHeader<Column>(fields, PRIOR_CSV_COLUMNS, REQUIRED, rowLine, errors);
        if (errors.length > 0) parser.abort();
        return;
      }
      if (fields.length !== width) {
        errors.push({
          line: rowLine,
          message: `expected ${width} fields as in the header, found ${fields.length} (is a comma in a school's name not quoted?)`,
        });
        return;
      }
      const cell = (c: Column) => {
        const i = columns![c];
        return i === undefined ? '' : fields[i]!.trim();
      };
      const problems: string[] = [];
      const pupilId = cell('pupil_id');
      if (pupilId === '') problems.push('pupil_id is empty');
      const academicYear = parseAcademicYear(cell('academic_year'));
      if (academicYear === null) {
        problems.push(
          `academic_year "${cell('academic_year')}" is not a school year such as 2024 or 2024/25`,
        );
      }
      const counts = {} as Record<(typeof COUNTS)[number], number>;
      for (const c of COUNTS) {
        const raw = cell(c);
        if (!/^\d{1,4}$/u.test(raw))
          problems.push(`${c} "${raw}" is not a whole number of sessions`);
        else counts[c] = Number(raw);
      }
      if (problems.length === 0) {
        const sum = counts.present + counts.authorised + counts.unauthorised;
        if (sum !== counts.possible) {
          problems.push(
            `present + authorised + unauthorised is ${sum}, not the ${counts.possible} possible sessions`,
          );
        }
      }
      if (problems.length > 0) {
        errors.push({ line: rowLine, message: problems.join('; ') });
        return;
      }
      const school = cell('school');
      const row: PriorSummaryRow = {
        line: rowLine,
        pupilId,
        academicYear: academicYear!,
        ...counts,
        ...(school ? { school } : {}),
      };
      const key = `${pupilId}\u0000${academicYear}`;
      const at = slot.get(key);
      if (at === undefined) {
        slot.set(key, rows.length);
        rows.push(row);
      } else {
        warnings.push({
          line: rowLine,
          message: `replaces line ${rows[at]!.line} (${pupilId}, ${academicYear})`,
        });
        rows[at] = row;
      }
    },
  });
  if (!columns && errors.length === 0) {
    errors.push({
      line: 1,
      message:
        'the file is empty: expected a header row naming pupil_id, academic_year, possible, present, authorised and unauthorised',
    });
  }
  return { rows, errors, warnings };
}
