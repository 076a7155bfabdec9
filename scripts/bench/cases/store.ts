import { launchWithExtension } from '../../lib/browser';
import { median, type BenchSuite, type CaseResult } from '../harness';
import type { BenchSamples, TestHooks } from '../../../utils/store/bench-hook';

/**
 * The store in Chromium's IndexedDB. The demo build's service worker carries benchmark hooks
 * (utils/store/bench-hook.ts, left out of store builds) that run our import of a school year
 * and, in the same run on the same freshly emptied object store, a raw IndexedDB bulk put of the
 * same records; then one pupil's year read through the store and with a raw key-range read.
 */

const PUPILS = Number(process.env.BENCH_STORE_PUPILS ?? 1500);
const SESSIONS = Number(process.env.BENCH_STORE_SESSIONS ?? 380);
const RUNS = Number(process.env.BENCH_STORE_RUNS ?? 3);

const suite: BenchSuite = {
  id: 'store',
  async run(): Promise<CaseResult[]> {
    const extensionDir = process.env.REGISTER_LENS_EXTENSION_DIR;
    const browser = await launchWithExtension(extensionDir ? { extensionDir } : {});
    try {
      const call = (name: keyof TestHooks, runs: number) =>
        browser.serviceWorker.evaluate(
          ([name, pupils, sessions, runs]) =>
            (globalThis as unknown as { registerLensTest: TestHooks }).registerLensTest[name](
              pupils,
              sessions,
              runs,
            ),
          [name, PUPILS, SESSIONS, runs] as const,
        ) as Promise<BenchSamples>;

      const write = await call('benchBulkWrite', RUNS);
      const history = await call('benchHistory', 25);
      const perSecond = (ms: number) => Math.round((write.records / ms) * 1000);
      return [
        {
          name: 'store.bulkwrite.year',
          samplesMs: write.storeMs,
          baseline: 'store.raw-put.year',
          baselineSamplesMs: write.rawMs,
          extra: {
            records: write.records,
            storeRecordsPerSec: perSecond(median(write.storeMs)),
            rawRecordsPerSec: perSecond(median(write.rawMs)),
            throughputVsRaw: Number((median(write.rawMs) / median(write.storeMs)).toFixed(2)),
          },
        },
        {
          name: 'store.history.pupil',
          samplesMs: history.storeMs,
          baseline: 'store.raw-index-read.pupil',
          baselineSamplesMs: history.rawMs,
          extra: { marks: history.records },
        },
      ];
    } finally {
      await browser.close();
    }
  },
};

export default suite;
