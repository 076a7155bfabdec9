import { launchWithExtension } from '../../lib/browser';
import { median, type BenchSuite, type CaseResult } from '../harness';
import type {
  BenchSamples,
  FromStoreSamples,
  ImportSamples,
  TestHooks,
  WriteSamples,
} from '../../../utils/store/bench-hook';

/**
 * The store in Chromium's IndexedDB. The demo build's service worker carries benchmark hooks
 * (utils/store/bench-hook.ts, left out of store builds) that run, in the same run on the same
 * freshly emptied object store:
 * - our import of a school year, beside a raw put of the same year packed one record per pupil
 *   per year (`store.raw-put-packed.year`, the floor of the shape) and a raw put of the same
 *   marks one record each (`store.raw-put.year`, version 3's shape);
 * - one pupil's year read through the store, and with a raw key-range read;
 * - a school year's CSV parsed, checked, stored and the school recomputed (`import.csv.year`);
 * - the whole school read from the store and recomputed, beside the same engine recompute from
 *   marks already in memory (`engine.recompute.school`, measured in the same worker).
 */

const PUPILS = Number(process.env.BENCH_STORE_PUPILS ?? 1500);
const SESSIONS = Number(process.env.BENCH_STORE_SESSIONS ?? 380);
const RUNS = Number(process.env.BENCH_STORE_RUNS ?? 5);
/** The per-mark raw put takes a minute a run on this machine: fewer of them. */
const PER_MARK_RUNS = Number(process.env.BENCH_STORE_PER_MARK_RUNS ?? 1);

const suite: BenchSuite = {
  id: 'store',
  async run(): Promise<CaseResult[]> {
    const extensionDir = process.env.REGISTER_LENS_EXTENSION_DIR;
    const browser = await launchWithExtension(extensionDir ? { extensionDir } : {});
    try {
      const call = <T>(name: keyof TestHooks, runs: number, extra?: number) =>
        browser.serviceWorker.evaluate(
          ([name, pupils, sessions, runs, extra]) =>
            (
              (globalThis as unknown as { registerLensTest: TestHooks }).registerLensTest[name] as (
                ...args: number[]
              ) => Promise<unknown>
            )(pupils, sessions, runs, ...(extra === undefined ? [] : [extra])),
          [name, PUPILS, SESSIONS, runs, extra] as const,
        ) as Promise<T>;

      const write = await call<WriteSamples>('benchBulkWrite', RUNS, PER_MARK_RUNS);
      const history = await call<BenchSamples>('benchHistory', 25);
      const year = await call<ImportSamples>('benchImportYear', RUNS);
      const fromStore = await call<FromStoreSamples>('benchRecomputeFromStore', RUNS);
      const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
      const ratio = (a: number[], b: number[]) => Number((median(a) / median(b)).toFixed(2));
      return [
        {
          name: 'store.bulkwrite.year',
          samplesMs: write.storeMs,
          baseline: 'store.raw-put-packed.year',
          baselineSamplesMs: write.rawMs,
          extra: {
            records: write.records,
            packedRecords: write.packedRecords,
            storeRecordsPerSec: perSecond(write.records, median(write.storeMs)),
            timesPackedRawPut: ratio(write.storeMs, write.rawMs),
            perMarkRawPutMedianMs: Math.round(median(write.perMarkMs)),
            perMarkRawPutRuns: write.perMarkMs.length,
            timesFasterThanPerMarkRawPut: ratio(write.perMarkMs, write.storeMs),
          },
        },
        {
          name: 'store.raw-put-packed.year',
          samplesMs: write.rawMs,
          extra: { records: write.packedRecords, marks: write.records },
        },
        {
          name: 'store.raw-put.year',
          samplesMs: write.perMarkMs,
          extra: { records: write.records, shape: 'version 3: one record per mark' },
        },
        {
          name: 'store.history.pupil',
          samplesMs: history.storeMs,
          baseline: 'store.raw-index-read.pupil',
          baselineSamplesMs: history.rawMs,
          extra: { marks: history.records },
        },
        {
          name: 'import.csv.year',
          samplesMs: year.storeMs,
          baseline: 'store.raw-put-packed.year',
          baselineSamplesMs: year.rawMs,
          extra: {
            rows: year.records,
            bytes: year.bytes,
            rowsPerSecond: perSecond(year.records, median(year.storeMs)),
            parseMs: Math.round(median(year.parseMs)),
            writeMs: Math.round(median(year.writeMs)),
            recomputeMs: Math.round(median(year.recomputeMs)),
          },
        },
        {
          name: 'engine.recompute.school.fromstore',
          samplesMs: fromStore.storeMs,
          baseline: 'engine.recompute.school',
          baselineSamplesMs: fromStore.rawMs,
          extra: {
            pupils: fromStore.records,
            baselineWhere: 'the same worker, the same year, from marks in memory',
            // The store caches figures, flags and last year (analyseFigures); the baseline also
            // builds every view's weekly series and heatmap. The same share from memory:
            figuresOnlyInMemoryMedianMs: Math.round(median(fromStore.figuresOnlyMs)),
          },
        },
      ];
    } finally {
      await browser.close();
    }
  },
};

export default suite;
