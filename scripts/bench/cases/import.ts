import type { Page } from 'playwright-core';
import { launchWithExtension } from '../../lib/browser';
import { generateSchool, schoolMarksCsv } from '../../demo/school';
import type { BenchSuite, CaseResult } from '../harness';

/**
 * `import.csv.term` (CONTRACTS.md §4): the demo school's autumn term (1,200 pupils, every school
 * day: about 177,600 rows, 7 MB) imported through the options page of the built demo extension
 * in Chromium, exactly as a user does it: choose the file, the dry run (read and parse in the
 * worker a piece at a time, compare with the store part by part), confirm, the write (one
 * transaction per part of about 200,000 rows: the term is one part). A sample is the dry run plus
 * the write, read from the wizard's own performance measures; the figures recompute after it is
 * the worker's, and not counted.
 *
 * Baseline `store.raw-put.per-row`: in the same page of the same profile, just before the
 * import, a raw IndexedDB put of the same number of mark records (the store's mark shape, one
 * transaction, no Dexie, no history, no batch record) into a scratch database. Both cover the
 * same rows, so their ratio is the per-row cost of importing against the bare write, and
 * `rowsPerSecond` / `rawRowsPerSecond` give the same in rows.
 *
 * Every sample uses a fresh profile: importing the same file twice would only find every mark
 * already stored. Needs `npm run build:demo` first.
 */

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);

async function rawPut(page: Page, rows: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('rl-bench-raw', 1);
        open.onupgradeneeded = () =>
          open.result.createObjectStore('marks', { keyPath: ['pupilId', 'date', 'session'] });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const records = Array.from({ length: n }, (_, i) => ({
            pupilId: `import:csv|S${Math.floor(i / 148)}`,
            date: `2025-${String(9 + ((i >> 1) % 4)).padStart(2, '0')}-${String(1 + ((i >> 3) % 28)).padStart(2, '0')}`,
            session: i % 2 ? 'PM' : 'AM',
            mark: '/',
            raw: '/',
            source: 'import',
            observedAt: '2026-01-21T09:00:00.000Z',
            url: null,
            batchId: 'bench',
            n: i,
          }));
          const start = performance.now();
          const tx = db.transaction('marks', 'readwrite');
          const store = tx.objectStore('marks');
          for (const record of records) store.put(record);
          tx.oncomplete = () => {
            const ms = performance.now() - start;
            db.close();
            resolve(ms);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
}

async function importOnce(
  csv: string,
  rows: number,
): Promise<{ checkMs: number; writeMs: number; rawMs: number }> {
  const browser = await launchWithExtension();
  try {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.waitForSelector('#rl-import-file', { state: 'attached', timeout: 30_000 });
    const rawMs = await rawPut(page, rows);
    await page.setInputFiles('#rl-import-file', {
      name: 'oakfield-autumn.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByRole('button', { name: /^Import [\d,]+ marks$/ }).click({ timeout: 600_000 });
    await page.getByText(/^Imported oakfield-autumn\.csv/).waitFor({ timeout: 600_000 });
    const measures = await page.evaluate(() =>
      Object.fromEntries(
        performance.getEntriesByType('measure').map((m) => [m.name, m.duration] as const),
      ),
    );
    return {
      checkMs: measures['rl-import:check'] ?? NaN,
      writeMs: measures['rl-import:write'] ?? NaN,
      rawMs,
    };
  } finally {
    await browser.close();
  }
}

const suite: BenchSuite = {
  id: 'import',
  async run(): Promise<CaseResult[]> {
    const school = generateSchool({ pupils: 1200, today: '2025-12-20' });
    const csv = schoolMarksCsv(school);
    const rows = csv.trimEnd().split('\n').length - 1;
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await importOnce(csv, rows));
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const total = samples.map((s) => s.checkMs + s.writeMs);
    const raw = samples.map((s) => s.rawMs);
    const round = (n: number) => Math.round(n);
    return [
      {
        name: 'import.csv.term',
        samplesMs: total,
        baseline: 'store.raw-put.per-row',
        baselineSamplesMs: raw,
        extra: {
          rows,
          bytes: csv.length,
          checkMs: round(med(samples.map((s) => s.checkMs))),
          writeMs: round(med(samples.map((s) => s.writeMs))),
          rowsPerSecond: round((rows * 1000) / med(total)),
          writeRowsPerSecond: round((rows * 1000) / med(samples.map((s) => s.writeMs))),
          rawRowsPerSecond: round((rows * 1000) / med(raw)),
        },
      },
    ];
  },
};

export default suite;
