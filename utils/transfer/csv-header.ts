import type { LineMessage } from './marks-csv';

/**
 * What the CSV importers share before their own rows: one text convention, and a header read as a
 * map from known column names to positions. Rows stay each importer's own (the marks import's
 * row loop is its hot path).
 */

/** The file without a byte-order mark and with one newline convention, so papaparse cannot pick
 * \r\n and then read a lone \n as data. */
export const csvBody = (text: string): string =>
  (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');

/**
 * The header's known columns by position. Errors (a column named twice, a required one missing)
 * are pushed with the header's line; unknown columns are ignored.
 */
export function readHeader<C extends string>(
  fields: readonly string[],
  known: readonly C[],
  required: readonly C[],
  line: number,
  errors: LineMessage[],
): Partial<Record<C, number>> {
  const columns: Partial<Record<C, number>> = {};
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase() as C;
    if (!known.includes(name)) return;
    if (columns[name] !== undefined) {
      errors.push({ line, message: `the header names the column "${name}" twice` });
    } else columns[name] = i;
  });
  const missing = required.filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    errors.push({
      line,
      message: `the header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${fields.map((f) => f.trim()).join(', ')})`,
    });
  }
  return columns;
}
