import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import puppeteer, { type CDPSession } from 'puppeteer-core';
import {
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  DEMO_EXTENSION_DIR,
  assertChromium,
} from '../../lib/browser';
import type { BenchSuite, CaseResult } from '../harness';

/**
 * `import.memory.<rows>`: the JavaScript heap of a CSV import in Chromium, through the options
 * page of the built demo extension exactly as a user runs it (choose, dry run, confirm, write),
 * for files of 10,000, 100,000 and 500,000 rows, beside the file's own size.
 *
 * The parsing runs in a dedicated worker, whose heap no page API reports (`performance.memory`
 * is the window's only; `measureUserAgentSpecificMemory` needs cross-origin isolation), so this
 * case reads it over DevTools' protocol: Playwright drives the page, and puppeteer-core,
 * connected to the same Chromium on a loopback port, gives a protocol session to the options
 * page and to the import worker, whose used heaps (`Runtime.getHeapUsage`) are read every
 * 50 ms, and after a forced collection
 * (`HeapProfiler.collectGarbage`) at the moments that matter:
 * - baselines, in the same page just before the import: `textReadHeapMB`, the page's heap
 *   holding the file's text read whole (`File.text()`; Chromium keeps such a string's characters
 *   outside the JavaScript heap), and `textOnHeapMB`, the same text copied onto the heap, the
 *   cost of holding the file that the streamed reader avoids;
 * - `workerRetainedMB`: the worker's whole heap after the dry run, holding every valid row as
 *   columns (`RowColumns`) until the write has taken them (its code and Zod included: the worker
 *   starts parsing as it starts, so there is no empty moment to subtract); `workerBytesPerRow`
 *   is the growth between one size and the next in the same run, the cost of a row;
 * - `workerPeakBytes`, `pagePeakBytes`: the highest used heap sampled (garbage included);
 * - `pageRetainedBytes`: the page after the dry run (the last part's rows as objects and the
 *   plan), less its heap before the file was chosen.
 * A sample's time is the dry run plus the write (the wizard's own measures). One run per size,
 * each in a fresh profile. Needs `npm run build:demo` first.
 */

const SIZES = (process.env.BENCH_MEMORY_ROWS ?? '10000,100000,500000')
  .split(',')
  .map((n) => Number(n.trim()))
  .filter((n) => n > 0);
const SESSIONS_PER_PUPIL = 380;

/** A canonical marks CSV of `rows` rows: pupils of a school year each, weekdays from September. */
export function memoryCsv(rows: number): string {
  const days: string[] = [];
  for (let t = Date.UTC(2025, 8, 1); days.length < SESSIONS_PER_PUPIL / 2; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  const marks = ['/', '\\', '/', '\\', 'L', 'N', 'I', 'M', '/', '\\'];
  const out: string[] = ['pupil_id,name,group,date,session,mark'];
  for (let i = 0; out.length <= rows; i++) {
    const pupil = `${String(100000 + Math.floor(i / SESSIONS_PER_PUPIL))}`;
    const slot = i % SESSIONS_PER_PUPIL;
    const date = days[slot >> 1]!;
    const name = `Pupil ${pupil.slice(1)} Example-Surname`;
    const group = `${7 + (Number(pupil) % 5)}${'ABCDEFGH'[Number(pupil) % 8]}`;
    out.push(
      `${pupil},${name},${group},${date},${slot % 2 ? 'PM' : 'AM'},${marks[(i * 7 + (i >> 3)) % 10]}`,
    );
  }
  return `${out.join('\r\n')}\r\n`;
}

const usedHeap = async (session: CDPSession) =>
  (await session.send('Runtime.getHeapUsage')).usedSize;

async function collectedHeap(session: CDPSession): Promise<number> {
  // Twice: a first collection can leave what only a second finds unreachable.
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  return usedHeap(session);
}

interface MemorySample {
  rows: number;
  fileBytes: number;
  textBytes: number;
  textOnHeapBytes: number;
  workerStartBytes: number;
  workerRetainedBytes: number;
  workerPeakBytes: number;
  pageRetainedBytes: number;
  pagePeakBytes: number;
  importMs: number;
}

async function measure(rows: number): Promise<MemorySample> {
  assertChromium();
  const dir = mkdtempSync(join(tmpdir(), 'rl-bench-memory-'));
  const file = join(dir, `rows-${rows}.csv`);
  const csv = memoryCsv(rows);
  writeFileSync(file, csv);
  const profile = join(dir, 'profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...CHROMIUM_FLAGS,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--disable-extensions-except=${DEMO_EXTENSION_DIR}`,
      `--load-extension=${DEMO_EXTENSION_DIR}`,
    ],
  });
  let devtools: Awaited<ReturnType<typeof puppeteer.connect>> | null = null;
  try {
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    const page: Page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.waitForSelector('#rl-import-file', { state: 'attached', timeout: 30_000 });

    const [port, path] = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n');
    devtools = await puppeteer.connect({
      browserWSEndpoint: `ws://127.0.0.1:${port}${path}`,
      defaultViewport: null,
    });
    const pages = await devtools.pages();
    const options = pages.find((p) => p.url().includes('options.html'));
    if (!options) throw new Error('The options page is not among the browser’s pages.');
    const pageSession = await options.createCDPSession();
    let workerSession: CDPSession | null = null;
    options.on('workercreated', (worker) => {
      workerSession = worker.client;
    });

    // Keep the chosen file on the page: the wizard's input is gone once the file is chosen.
    await page.evaluate(() => {
      document.querySelector('#rl-import-file')!.addEventListener('change', (event) => {
        (globalThis as { rlFile?: File }).rlFile = (
          event.currentTarget as HTMLInputElement
        ).files![0];
      });
    });
    const pageStart = await collectedHeap(pageSession);
    await page.setInputFiles('#rl-import-file', file);
    await page.getByRole('button', { name: 'Check the whole file' }).waitFor();

    // Baseline: the file's text read whole and held, on the same page.
    const beforeText = await collectedHeap(pageSession);
    await page.evaluate(async () => {
      const g = globalThis as { rlFile?: File; rlText?: string };
      g.rlText = await g.rlFile!.text();
    });
    const textBytes = (await collectedHeap(pageSession)) - beforeText;
    // Chromium keeps a large string it made from a file outside the JavaScript heap; the same
    // text copied onto the heap, as code working on its characters would hold it.
    await page.evaluate(() => {
      const g = globalThis as { rlText?: string };
      g.rlText = JSON.parse(JSON.stringify(g.rlText)) as string;
    });
    const textOnHeapBytes = (await collectedHeap(pageSession)) - beforeText;
    await page.evaluate(() => delete (globalThis as { rlText?: string }).rlText);
    await collectedHeap(pageSession);

    let pagePeak = 0;
    let workerPeak = 0;
    let workerStart: number | null = null;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const current: CDPSession | null = workerSession;
        const [p, w] = await Promise.all([
          usedHeap(pageSession).catch(() => 0),
          current ? usedHeap(current).catch(() => 0) : Promise.resolve(0),
        ]);
        pagePeak = Math.max(pagePeak, p);
        if (w > 0) {
          workerStart ??= w;
          workerPeak = Math.max(workerPeak, w);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    await page.getByRole('button', { name: 'Check the whole file' }).click();
    const confirm = page.getByRole('button', { name: /^Import [\d,]+ marks$/ });
    await confirm.waitFor({ timeout: 900_000 });
    const ws: CDPSession | null = workerSession;
    if (!ws) throw new Error('The import worker was never seen.');
    const workerRetained = await collectedHeap(ws);
    const pageRetained = await collectedHeap(pageSession);
    await confirm.click();
    await page.getByText(/^Imported rows-/).waitFor({ timeout: 900_000 });
    sampling = false;
    await sampler;
    const measures = await page.evaluate(() =>
      Object.fromEntries(
        performance.getEntriesByType('measure').map((m) => [m.name, m.duration] as const),
      ),
    );
    return {
      rows,
      fileBytes: Buffer.byteLength(csv),
      textBytes,
      textOnHeapBytes,
      workerStartBytes: workerStart ?? 0,
      workerRetainedBytes: workerRetained,
      workerPeakBytes: workerPeak,
      pageRetainedBytes: pageRetained - pageStart,
      pagePeakBytes: pagePeak,
      importMs: (measures['rl-import:check'] ?? NaN) + (measures['rl-import:write'] ?? NaN),
    };
  } finally {
    await devtools?.disconnect();
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

const suite: BenchSuite = {
  id: 'import-memory',
  async run(): Promise<CaseResult[]> {
    const results: CaseResult[] = [];
    let previous: MemorySample | null = null;
    for (const rows of SIZES) {
      const s = await measure(rows);
      const perRow = previous
        ? (s.workerRetainedBytes - previous.workerRetainedBytes) / (s.rows - previous.rows)
        : s.workerRetainedBytes / s.rows;
      previous = s;
      results.push({
        name: `import.memory.${rows >= 1000 ? `${rows / 1000}k` : rows}`,
        samplesMs: [s.importMs],
        extra: {
          rows: s.rows,
          fileMB: mb(s.fileBytes),
          textReadHeapMB: mb(s.textBytes),
          textOnHeapMB: mb(s.textOnHeapBytes),
          workerRetainedMB: mb(s.workerRetainedBytes),
          workerBytesPerRow: Math.round(perRow),
          workerPeakMB: mb(s.workerPeakBytes),
          workerFirstSampleMB: mb(s.workerStartBytes),
          pageRetainedMB: mb(s.pageRetainedBytes),
          pagePeakMB: mb(s.pagePeakBytes),
          retainedVsFile: Number((s.workerRetainedBytes / s.fileBytes).toFixed(2)),
          retainedVsTextOnHeap: Number((s.workerRetainedBytes / s.textOnHeapBytes).toFixed(2)),
        },
      });
    }
    return results;
  },
};

export default suite;
