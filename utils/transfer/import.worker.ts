import '../zod-jitless';
import { progressAt, workerRequestSchema, type WorkerReply } from './import-protocol';
import { readImportFile } from './import-stream';

/**
 * Reads and parses an import file off the page's main thread, a piece at a time, so a term of a
 * whole school's marks never freezes the options page nor holds the file's text. A module worker, not papaparse's own `worker: true`: that one starts
 * from a blob: URL, which the extension's content security policy forbids.
 */
const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

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
      let last = 0;
      const report = (done: number, total: number) => {
        const progress = progressAt('parsing', done, total);
        // Messages are cheap but not free: one per 1% is smooth enough for a bar.
        if (progress.fraction - last < 0.01 && done < total) return;
        last = progress.fraction;
        post({ type: 'progress', progress });
      };
      const { file, choice } = request.data;
      const { encoding, ...result } = await readImportFile(file, choice, report);
      post({ type: 'done', result, encoding });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
