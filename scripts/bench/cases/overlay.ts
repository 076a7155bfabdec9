import { build } from 'esbuild';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../lib/browser';
import type { BenchSuite, CaseResult } from '../harness';

/**
 * `overlay.badges.chromium`: from a 30-pupil register's rows appearing in the page to every badge
 * drawn beside them (names located, each row's text and controls measured for a free place,
 * Preact rendered into the shadow root).
 * The overlay code is bundled as the content script bundles it and run in a plain Chromium page;
 * the figures are hand-made, so the worker's answer is not part of the time. No baseline: there
 * is nothing simpler that does the same job to compare with.
 */
const ROOT = join(import.meta.dirname, '../../..');
const PUPILS = 30;
const RUNS = 15;

// The measuring loop runs in the page, bundled with the overlay: a function handed to
// page.evaluate would carry helpers tsx adds to named functions, which the page does not have.
const PAGE_CODE = `
import { createOverlay } from './components/overlay/controller';

function figures(i: number) {
  const absent = i % 25;
  return {
    possible: 180, present: 180 - absent, authorised: absent >> 1,
    unauthorised: absent - (absent >> 1), lateBeforeClose: 0, lateAfterClose: 0,
    notPossible: 0, unmarked: 0, unknown: 0,
    attendancePct: 100 - (absent / 180) * 100, absencePct: (absent / 180) * 100,
    band: absent >= 18 ? 'persistent' : absent >= 9 ? 'at-risk' : 'none',
    sessionsUntilPersistent: Math.max(0, Math.ceil((180 - 10 * absent) / 9)),
    presentSessionsToRecover: Math.max(0, 10 * absent - 180 + 1),
    maxUnauthorisedIn10Weeks: absent >> 1,
  } as const;
}

async function run(pupils: number, runs: number, warmup: number): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < runs + warmup; r++) {
    document.body.replaceChildren();
    const host = document.createElement('register-lens-overlay');
    const shadow = host.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    shadow.append(container);
    const start = performance.now();
    const table = document.createElement('table');
    const badges = [];
    for (let i = 0; i < pupils; i++) {
      const row = table.insertRow();
      const name = 'Surname' + String.fromCharCode(65 + (i % 26)) + ', Forename' + i;
      // A name column wider than its names, as MIS registers have: the badge has room to sit
      // beside the name (rows without room are the e2e occlusion test's business).
      const cell = row.insertCell();
      cell.textContent = name;
      cell.style.width = '260px';
      const select = document.createElement('select');
      for (const code of ['', '/', 'L', 'N', 'I']) {
        const option = document.createElement('option');
        option.value = code;
        option.textContent = code || '-';
        select.append(option);
      }
      row.insertCell().append(select);
      badges.push({ key: 'k' + i, name, figures: figures(i), flags: [] });
    }
    document.body.append(table, host);
    const overlay = createOverlay({ container, document, host });
    overlay.show(badges);
    await new Promise<void>((resolve) => {
      const check = () =>
        shadow.querySelectorAll('.rl-badge').length === pupils
          ? resolve()
          : void requestAnimationFrame(check);
      check();
    });
    const elapsed = performance.now() - start;
    overlay.destroy();
    if (r >= warmup) samples.push(elapsed);
  }
  return samples;
}

(globalThis as unknown as { __overlayBench: unknown }).__overlayBench = { run };
`;

async function bundle(): Promise<string> {
  const result = await build({
    stdin: { contents: PAGE_CODE, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const suite: BenchSuite = {
  id: 'overlay',
  async run(): Promise<CaseResult[]> {
    const code = await bundle();
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_FLAGS,
      headless: true,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.setContent('<!doctype html><html lang="en-GB"><body></body></html>');
      await page.addScriptTag({ content: code });
      const samplesMs = (await page.evaluate(
        `globalThis.__overlayBench.run(${PUPILS}, ${RUNS}, 2)`,
      )) as number[];
      return [{ name: 'overlay.badges.chromium', samplesMs, extra: { pupils: PUPILS } }];
    } finally {
      await browser.close();
    }
  },
};

export default suite;
