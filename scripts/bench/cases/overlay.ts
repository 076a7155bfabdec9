import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import {
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  contentScriptRegistered,
  launchWithExtension,
} from '../../lib/browser';
import type { BenchSuite, CaseResult } from '../harness';

/**
 * `overlay.badges.chromium`: from a 30-pupil register's rows appearing in the page to every badge
 * drawn beside them (names located, each row's text and controls measured for a free place,
 * Preact rendered into the shadow root).
 * The overlay code is bundled as the injected overlay bundles it and run in a plain Chromium
 * page; the figures are hand-made, so neither the worker's answer nor the overlay's injection is
 * part of the time. No baseline: there is nothing simpler that does the same job to compare with.
 *
 * `overlay.first-register.chromium`: the same moment in the real extension (the demo build) on a
 * demo register page opened in a fresh tab, where the overlay is not loaded yet: from the
 * register's last pupil row entering the page to a badge drawn for every pupil. It holds all that
 * a tutor waits for on a page's first register: the content script starting, `content:hello`,
 * the reader, the reading's round trip to the worker (store and recompute) and the overlay's
 * injection (`content:load-overlay`, asked for at the same time). Badges are looked for on every
 * change of our shadow root. With `REGISTER_LENS_BENCH_BEFORE_DIR` naming the demo build of an
 * earlier commit, the same page is measured in it too, in the same run, as the baseline
 * (`overlay.first-register.before.chromium`); `REGISTER_LENS_BENCH_UNSPLIT_DIR` does the same
 * for a build from before the overlay was split out of the content script
 * (`overlay.first-register.unsplit.chromium`).
 */
const ROOT = join(import.meta.dirname, '../../..');
const PUPILS = 30;
const RUNS = 15;
const PAGE_RUNS = Number(process.env.BENCH_OVERLAY_PAGE_RUNS ?? 11);
const FORM = '7A';

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

// Runs in the page from the document's start. A string, not a function: tsx adds a helper to
// named functions that the page does not have. Our host is open: once it is in the page, its
// shadow root is watched until it holds a badge for every pupil.
const WATCH_PAGE = `(expected) => {
  let shadow = null;
  const badged = () => !!shadow && shadow.querySelectorAll('.rl-badge, .rl-dot').length >= expected;
  const watchShadow = () => {
    shadow = document.querySelector('register-lens-overlay')?.shadowRoot ?? null;
    if (!shadow) return false;
    const inner = new MutationObserver(() => {
      if (window.__rlRows === undefined || !badged()) return;
      window.__rlBadges = performance.now();
      inner.disconnect();
    });
    inner.observe(shadow, { childList: true, subtree: true });
    return true;
  };
  const outer = new MutationObserver(() => {
    if (window.__rlRows === undefined) {
      if (document.querySelectorAll('tr[data-pupil-id]').length < expected) return;
      window.__rlRows = performance.now();
    }
    if (shadow || watchShadow()) outer.disconnect();
  });
  outer.observe(document, { childList: true, subtree: true });
}`;

/**
 * Opens the register in `runs + warmup` fresh tabs, one after the other; per tab, the time from
 * the last pupil row entering the page to every pupil badged. The clock runs in the page (its
 * own scripts' world): rows are watched with a MutationObserver from the document's start, then
 * our shadow root (it is open) until it holds a badge for every pupil.
 */
async function firstRegister(
  context: BrowserContext,
  url: string,
  pupils: number,
  runs: number,
  warmup: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < runs + warmup; r++) {
    const page = await context.newPage();
    await page.addInitScript(`(${WATCH_PAGE})(${pupils})`);
    await page.goto(url);
    const elapsed = await page
      .waitForFunction(
        'window.__rlBadges === undefined ? null : window.__rlBadges - window.__rlRows',
        undefined,
        { timeout: 30_000, polling: 50 },
      )
      .then((handle) => handle.jsonValue() as Promise<number>);
    await page.close();
    if (r >= warmup) samples.push(elapsed);
  }
  return samples;
}

async function measureExtension(
  extensionDir: string | undefined,
): Promise<{ samples: number[]; pupils: number }> {
  const { startDemoServer } = await import('../../demo/server');
  const demo = await startDemoServer({ port: 0, pupils: 240, today: '2026-01-21' });
  const browser = await launchWithExtension(extensionDir ? { extensionDir } : {});
  try {
    const pupils = (demo.state as { school: { pupils: { form: string }[] } }).school.pupils.filter(
      (p) => p.form === FORM,
    ).length;
    await contentScriptRegistered(browser);
    const url = `${demo.url}register/table/${FORM}`;
    return { samples: await firstRegister(browser.context, url, pupils, PAGE_RUNS, 2), pupils };
  } finally {
    await browser.close();
    await demo.close();
  }
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
    let drawing: number[];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.setContent('<!doctype html><html lang="en-GB"><body></body></html>');
      await page.addScriptTag({ content: code });
      drawing = (await page.evaluate(
        `globalThis.__overlayBench.run(${PUPILS}, ${RUNS}, 2)`,
      )) as number[];
    } finally {
      await browser.close();
    }
    const first = await measureExtension(process.env.REGISTER_LENS_EXTENSION_DIR);
    const before = process.env.REGISTER_LENS_BENCH_BEFORE_DIR
      ? { name: 'before', dir: process.env.REGISTER_LENS_BENCH_BEFORE_DIR }
      : process.env.REGISTER_LENS_BENCH_UNSPLIT_DIR
        ? { name: 'unsplit', dir: process.env.REGISTER_LENS_BENCH_UNSPLIT_DIR }
        : null;
    if (before && !existsSync(join(before.dir, 'manifest.json'))) {
      throw new Error(`The ${before.name} build: no built extension at ${before.dir}.`);
    }
    const baseline = before ? await measureExtension(before.dir) : null;
    return [
      { name: 'overlay.badges.chromium', samplesMs: drawing, extra: { pupils: PUPILS } },
      {
        name: 'overlay.first-register.chromium',
        samplesMs: first.samples,
        ...(before && baseline
          ? {
              baseline: `overlay.first-register.${before.name}.chromium`,
              baselineSamplesMs: baseline.samples,
            }
          : {}),
        extra: { form: FORM, pupils: first.pupils },
      },
    ];
  },
};

export default suite;
