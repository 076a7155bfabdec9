import { z } from 'zod';
import type { Session } from '../registers/schema';
import { columnMappingSchema, type CanonicalRow, type ShapeResult } from './shapes';

/** Messages between the import page and its parsing worker. */

export const importChoiceSchema = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('canonical') }),
  z.object({ shape: z.literal('mapped'), mapping: columnMappingSchema }),
]);

export const workerRequestSchema = z.object({
  type: z.literal('parse'),
  file: z.instanceof(Blob),
  choice: importChoiceSchema,
});
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
  if (typeof column !== 'string') return column;
  return count === 0 ? [] : column.split(SEPARATOR);
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

export type WorkerReply =
  | { type: 'progress'; progress: ImportProgress }
  | {
      type: 'done';
      result: Omit<ShapeResult, 'rows'> & { rows: PackedRows };
      encoding: Encoding;
    }
  | { type: 'error'; message: string };

/** Where each phase sits on the one bar: reading and parsing are most of the wait. */
export const PHASE_SPAN: Record<ImportPhase, [number, number]> = {
  reading: [0, 0.3],
  parsing: [0.3, 0.75],
  checking: [0.75, 0.8],
  writing: [0.8, 1],
};

export function progressAt(phase: ImportPhase, done: number, total: number): ImportProgress {
  const [from, to] = PHASE_SPAN[phase];
  const part = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  return { phase, fraction: from + (to - from) * part };
}

/**
 * Reads a file's bytes with progress, as UTF-8 when it is valid UTF-8 and otherwise as
 * Windows-1252, which is what Excel and older MIS versions save CSV in on English Windows.
 */
export async function readFileText(
  file: Blob,
  onProgress: (done: number, total: number) => void,
): Promise<{ text: string; encoding: Encoding }> {
  const chunks: Uint8Array[] = [];
  let done = 0;
  if (typeof file.stream === 'function') {
    const reader = file.stream().getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.length;
      onProgress(done, file.size);
    }
  } else {
    // Some test DOMs give Blob no stream(); read it whole.
    const whole = new Uint8Array(await file.arrayBuffer());
    chunks.push(whole);
    done = whole.length;
    onProgress(done, file.size);
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
