/**
 * CSV that opens cleanly in Excel: a UTF-8 byte-order mark (without it Excel reads UTF-8 as the
 * local code page and mangles accented names), CRLF line ends, RFC 4180 quoting, and a guard
 * against formula injection (a cell starting with = + - @ would be run as a formula).
 */
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Renders one cell. Numbers are written as numbers (a negative number is data, not a formula);
 * any text that Excel could take for a formula is prefixed with an apostrophe.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: BOM, a header row, then the rows, every line ended by CRLF. */
export function toExcelCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
