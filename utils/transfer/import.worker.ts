import '../zod-jitless';
import {
  progressAt,
  workerRequestSchema,
  type RowColumns,
  type WorkerReply,
} from './import-protocol';
import { readImportFile } from './import-stream';

/**
 * Reads and parses an import file off the page's main thread, a piece at a time, so a term of a
 * whole school's marks never freezes the options page nor holds the file's text. A module worker, not papaparse's own `worker: true`: that one starts
 * from a blob: URL, which the extension's content security policy forbids.
 */
const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

/** The file last parsed: its rows, and how they are cut into parts. */
let kept: { rows: RowColumns; parts: Int32Array[] } | null = null;

self.addEventListener('message', (event: MessageEvent) => {
  void (async () => {
    const request = workerRequestSchema.safeParse(event.data);
    if (!request.success) {
      post({
        type: 'error',
        message: 'The import worker was sent something it does not understand.',
      });
      return;
    }
    try {
      if (request.data.type === 'part') {
        const indexes = kept?.parts[request.data.index];
        if (!kept || !indexes) throw new Error('That part of the file was never read.');
        post({ type: 'part', index: request.data.index, rows: kept.rows.packIndexes(indexes) });
        return;
      }
      let last = 0;
      const report = (done: number, total: number) => {
        const progress = progressAt('parsing', done, total);
        // Messages are cheap but not free: one per 1% is smooth enough for a bar.
        if (progress.fraction - last < 0.01 && done < total) return;
        last = progress.fraction;
        post({ type: 'progress', progress });
      };
      const { file, choice, partRows } = request.data;
      kept = null;
      const { rows, errors, warnings, encoding } = await readImportFile(file, choice, report);
      kept = { rows, parts: rows.parts(partRows) };
      post({
        type: 'parsed',
        summary: {
          errors,
          warnings,
          encoding,
          rowCount: rows.length,
          partCount: kept.parts.length,
        },
      });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
