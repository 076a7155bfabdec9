import type { Session } from '../registers/schema';
import {
  packedRowsSchema,
  progressAt,
  type ImportProgress,
  type ParseSummary,
  type WorkerReply,
  type WorkerRequest,
  unpackRows,
} from './import-protocol';
import ImportWorker from './import.worker.ts?worker';
import type { ImportLocks } from './import-lock';
import { readImportFile } from './import-stream';
import { type CanonicalRow, type ImportChoice } from './shapes';

/**
 * The import, from a chosen file to the store. Reading and parsing run in a module worker, which
 * keeps the file's rows and hands them over a part at a time: the dry run compares each part
 * with the store and the write stores each part in its own transaction, all in one batch. The
 * store write is passed in (`importRows` from utils/store), so this module never meets Dexie.
 */

export type { ImportProgress };

/** A parsed file: what was found in it, and its rows a part at a time. */
export interface ParsedFile extends ParseSummary {
  /** One part's rows (each pupil's rows are in one part); parts are asked for one at a time. */
  part(index: number): Promise<CanonicalRow[]>;
  /** Lets the rows go (ends the worker). */
  close(): void;
}

export type WorkerFactory = () => Worker;

/**
 * About how many rows a part holds: the page holds a part's rows at a time (the last part read
 * is kept, so a file of one part, a school's term, crosses from the worker once for the dry
 * run and the write), and each part is one transaction.
 */
export const PART_ROWS = 200_000;

/** Keeps the part read last: the write asks first for the part the dry run read last. */
function keepLast(
  read: (index: number) => Promise<CanonicalRow[]>,
): (index: number) => Promise<CanonicalRow[]> {
  let last: { index: number; rows: Promise<CanonicalRow[]> } | null = null;
  return (index) => {
    if (last?.index !== index) last = { index, rows: read(index) };
    return last.rows;
  };
}

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
  partRows = PART_ROWS,
): Promise<ParsedFile> {
  if (!createWorker) {
    const { rows, ...rest } = await readImportFile(file, choice, (d, t) =>
      onProgress(progressAt('parsing', d, t)),
    );
    const parts = rows.parts(partRows);
    return {
      ...rest,
      rowCount: rows.length,
      partCount: parts.length,
      part: keepLast(async (index) => {
        const indexes = parts[index];
        if (!indexes) throw new Error('That part of the file was never read.');
        return unpackRows(rows.packIndexes(indexes));
      }),
      close: () => undefined,
    };
  }
  const worker = createWorker();
  // One request at a time: the wizard reads parts in turn, and each reply answers the last ask.
  let waiting: { resolve(reply: WorkerReply): void; reject(error: Error): void } | null = null;
  const ask = (request: WorkerRequest) =>
    new Promise<WorkerReply>((resolve, reject) => {
      waiting = { resolve, reject };
      worker.postMessage(request);
    });
  worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') onProgress(reply.progress);
    else waiting?.resolve(reply);
  });
  worker.addEventListener('error', (event) =>
    waiting?.reject(new Error(event.message || 'The import worker stopped unexpectedly.')),
  );
  const fail = (reply: WorkerReply) =>
    new Error(reply.type === 'error' ? reply.message : 'The import worker answered out of turn.');
  try {
    const parsed = await ask({ type: 'parse', file, choice, partRows });
    if (parsed.type !== 'parsed') throw fail(parsed);
    return {
      ...parsed.summary,
      part: keepLast(async (index) => {
        const reply = await ask({ type: 'part', index });
        if (reply.type !== 'part' || reply.index !== index) throw fail(reply);
        return unpackRows(packedRowsSchema.parse(reply.rows));
      }),
      close: () => worker.terminate(),
    };
  } catch (error) {
    worker.terminate();
    throw error;
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
  /** The batch every part goes in, and which part this is (see `importRows` in utils/store). */
  batchId?: string;
  part?: { first: boolean; last: boolean };
}

/** What the store says a write did (`ImportResult` of utils/store). */
export interface WriteResult {
  batchId: string;
  added: number;
  corrected: number;
  unchanged: number;
  pupilIds: string[];
}

export type ImportRowsFn = (
  rows: readonly CanonicalRow[],
  options: ImportRowsOptions,
) => Promise<WriteResult>;

/**
 * Writes the file a part at a time, each part one transaction, all in one batch that the store
 * marks complete with the last part. A file with errors writes nothing unless the user chose
 * "import only the valid rows"; the rows passed on are then exactly the valid ones. If a part
 * fails, the parts already written are undone, so the import is all or nothing; if the page
 * itself stops between parts, the batch stays marked incomplete and its undo is exact.
 */
export async function commitImport(
  parsed: Pick<ParsedFile, 'errors' | 'rowCount' | 'partCount' | 'part'>,
  options: Omit<ImportRowsOptions, 'batchId' | 'part'> & {
    onlyValid: boolean;
    importRows: ImportRowsFn;
    undoImport: (batchId: string) => Promise<unknown>;
    onPart?: (done: number, total: number) => void;
    /**
     * Held around the write, so another page does not take this import, while it is between
     * parts, for one that was left incomplete (`UnfinishedImports` offers those for undo).
     */
    locks?: ImportLocks | null;
  },
): Promise<WriteResult> {
  if (parsed.errors.length > 0 && !options.onlyValid) {
    throw new ImportRefused(
      `The file has ${parsed.errors.length} ${parsed.errors.length === 1 ? 'error' : 'errors'}, so nothing was imported. Correct the file, or choose to import only the valid rows.`,
    );
  }
  if (parsed.rowCount === 0) throw new ImportRefused('The file has no rows to import.');
  const { importRows, undoImport, onPart, locks, ...rest } = options;
  const batchId = crypto.randomUUID();
  const write = () => writeParts(parsed, batchId, rest, importRows, undoImport, onPart);
  return locks ? locks.hold(batchId, write) : write();
}

async function writeParts(
  parsed: Pick<ParsedFile, 'errors' | 'partCount' | 'part'>,
  batchId: string,
  rest: Omit<ImportRowsOptions, 'batchId' | 'part'>,
  importRows: ImportRowsFn,
  undoImport: (batchId: string) => Promise<unknown>,
  onPart: ((done: number, total: number) => void) | undefined,
): Promise<WriteResult> {
  const total: WriteResult = { batchId, added: 0, corrected: 0, unchanged: 0, pupilIds: [] };
  let written = false;
  const n = parsed.partCount;
  try {
    // From the last part back: the dry run read the parts in order, so the last one is still
    // at hand, and a file of one part is not asked for again. Parts hold whole pupils, so the
    // order they are written in changes nothing stored.
    for (let k = 0; k < n; k++) {
      const rows = await parsed.part(n - 1 - k);
      const result = await importRows(rows, {
        ...rest,
        onlyValid: parsed.errors.length > 0,
        batchId,
        part: { first: k === 0, last: k === n - 1 },
      });
      written = true;
      total.added += result.added;
      total.corrected += result.corrected;
      total.unchanged += result.unchanged;
      // Each pupil's rows are in one part, so no pupil is listed twice.
      for (const id of result.pupilIds) total.pupilIds.push(id);
      onPart?.(k + 1, n);
    }
  } catch (error) {
    if (written) await undoImport(batchId).catch(() => undefined);
    throw error;
  }
  return total;
}

/** The existing marks the dry run compares against, as a lookup. */
export function lookupFrom(
  marks: Iterable<{ key: string; date: string; session: Session; mark: string }>,
): (pupilId: string, date: string, session: Session) => string | undefined {
  const map = new Map<string, string>();
  for (const m of marks) map.set(`${m.key}\u0000${m.date}\u0000${m.session}`, m.mark);
  return (pupilId, date, session) => map.get(`${pupilId}\u0000${date}\u0000${session}`);
}
