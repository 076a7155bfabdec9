import type { Session } from '../registers/schema';
import {
  progressAt,
  type Encoding,
  type ImportProgress,
  type WorkerReply,
  unpackRows,
} from './import-protocol';
import ImportWorker from './import.worker.ts?worker';
import { readImportFile } from './import-stream';
import { type CanonicalRow, type ImportChoice, type ShapeResult } from './shapes';

/**
 * The import, from a chosen file to one store transaction. Parsing runs in a module worker; the
 * store write is passed in (`importRows` from utils/store), so this module never meets Dexie.
 */

export type { ImportProgress };

export interface ParsedFile extends ShapeResult {
  encoding: Encoding;
}

export type WorkerFactory = () => Worker;

/**
 * The worker as Vite bundles it: a file of the extension, never a blob: URL (the extension's
 * CSP forbids those). Imported with `?worker` rather than `new URL(…, import.meta.url)` because
 * WXT defines `import.meta.url` away, which hides the worker from Vite's bundler.
 */
export const createImportWorker: WorkerFactory = () => new ImportWorker();

/**
 * Parses a file in a worker, reporting progress. Without a worker (a test environment), parses
 * on this thread with the same code.
 */
export async function parseFile(
  file: Blob,
  choice: ImportChoice,
  onProgress: (progress: ImportProgress) => void,
  createWorker: WorkerFactory | null = typeof Worker === 'function' ? createImportWorker : null,
): Promise<ParsedFile> {
  if (!createWorker) {
    const { rows, ...rest } = await readImportFile(file, choice, (d, t) =>
      onProgress(progressAt('parsing', d, t)),
    );
    return { ...rest, rows: unpackRows(rows) };
  }
  const worker = createWorker();
  try {
    return await new Promise<ParsedFile>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'progress') onProgress(reply.progress);
        else if (reply.type === 'done') {
          const { rows, ...rest } = reply.result;
          resolve({ ...rest, rows: unpackRows(rows), encoding: reply.encoding });
        } else reject(new Error(reply.message));
      });
      worker.addEventListener('error', (event) =>
        reject(new Error(event.message || 'The import worker stopped unexpectedly.')),
      );
      worker.postMessage({ type: 'parse', file, choice });
    });
  } finally {
    worker.terminate();
  }
}

/** The first part of a file as text, for detecting its shape and previewing a mapping. */
export async function readHead(file: Blob, bytes = 64 * 1024): Promise<string> {
  const text = await file.slice(0, bytes).text();
  if (file.size <= bytes) return text;
  // Cut at the last line break so the preview never shows half a row.
  const end = text.lastIndexOf('\n');
  return end > 0 ? text.slice(0, end) : text;
}

export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export interface ImportRowsOptions {
  batchLabel: string;
  siteId?: string;
  onlyValid?: boolean;
  at: string;
}

export type ImportRowsFn<R> = (
  rows: readonly CanonicalRow[],
  options: ImportRowsOptions,
) => Promise<R>;

/**
 * Writes the rows in one transaction. A file with errors writes nothing unless the user chose
 * "import only the valid rows"; the rows passed on are then exactly the valid ones.
 */
export async function commitImport<R>(
  parsed: ShapeResult,
  options: ImportRowsOptions & { onlyValid: boolean; importRows: ImportRowsFn<R> },
): Promise<R> {
  if (parsed.errors.length > 0 && !options.onlyValid) {
    throw new ImportRefused(
      `The file has ${parsed.errors.length} ${parsed.errors.length === 1 ? 'error' : 'errors'}, so nothing was imported. Correct the file, or choose to import only the valid rows.`,
    );
  }
  if (parsed.rows.length === 0) throw new ImportRefused('The file has no rows to import.');
  const { importRows, ...rest } = options;
  return importRows(parsed.rows, { ...rest, onlyValid: parsed.errors.length > 0 });
}

/** The existing marks the dry run compares against, as a lookup. */
export function lookupFrom(
  marks: Iterable<{ key: string; date: string; session: Session; mark: string }>,
): (pupilId: string, date: string, session: Session) => string | undefined {
  const map = new Map<string, string>();
  for (const m of marks) map.set(`${m.key}\u0000${m.date}\u0000${m.session}`, m.mark);
  return (pupilId, date, session) => map.get(`${pupilId}\u0000${date}\u0000${session}`);
}
