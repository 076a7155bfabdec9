import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { academicYearStart, isValidIsoDate } from '../../utils/attendance/calendar';
import { parseMarksCsv } from '../../utils/transfer/marks-csv';
import { DEMO_EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from '../lib/browser';
import { londonToday, startDemoServer, type DemoServer } from './server';
import { todayMarkFor, type DemoSchool } from './school';

/**
 * `npm run demo`: builds the demo extension, starts the demo MIS and opens Chromium with the
 * extension on a form's register. `--headless` runs the same flow without a display and writes
 * screenshots; `--serve-only` starts only the demo MIS (CONTRACTS.md §4).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const OVERLAY_HOST = 'register-lens-overlay';
const USAGE = `Usage: npm run demo [-- options]

  --headless         run without a display; write screenshots to demo-output/ and exit
  --serve-only       start only the demo MIS and print its address on the first line
  --port N           port of the demo MIS (default 5177; 0 picks a free one)
  --pupils N         size of the demo school (default 1200)
  --seed N           a different demo school of the same shape (default 1)
  --today YYYY-MM-DD the demo's school day (default: today in England)
  --form ID          the register to open (default: the first form, 7A)
  --layout table|grid  the register layout to open (default: table)
  --no-build         use the demo extension already in .output/chrome-mv3-demo
  --out DIR          where --headless writes its screenshots (default: demo-output)
`;

export interface DemoCliOptions {
  headless: boolean;
  serveOnly: boolean;
  port: number;
  pupils: number;
  seed: number;
  today: string;
  form: string | null;
  layout: 'table' | 'grid';
  build: boolean;
  out: string;
}

export function parseDemoArgs(argv: readonly string[]): DemoCliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      headless: { type: 'boolean', default: false },
      'serve-only': { type: 'boolean', default: false },
      port: { type: 'string' },
      pupils: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      form: { type: 'string' },
      layout: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const whole = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}.`);
    return n;
  };
  const today = values.today ?? londonToday();
  if (!isValidIsoDate(today)) throw new Error('--today must be a date written YYYY-MM-DD.');
  const layout = values.layout ?? 'table';
  if (layout !== 'table' && layout !== 'grid') throw new Error('--layout must be table or grid.');
  return {
    headless: values.headless,
    serveOnly: values['serve-only'],
    port: whole('port', values.port, 5177, 0),
    pupils: whole('pupils', values.pupils, 1200, 1),
    seed: whole('seed', values.seed, 1, 0),
    today,
    form: values.form ?? null,
    layout,
    build: !values['no-build'],
    out: resolve(ROOT, values.out ?? 'demo-output'),
  };
}

const started = performance.now();
const note = (text: string) =>
  process.stderr.write(`demo [${((performance.now() - started) / 1000).toFixed(1)} s]: ${text}\n`);

async function startServer(options: DemoCliOptions, fallback: boolean): Promise<DemoServer> {
  const settings = {
    port: options.port,
    pupils: options.pupils,
    seed: options.seed,
    today: options.today,
  };
  try {
    return await startDemoServer(settings);
  } catch (err) {
    if (!fallback || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    note(`port ${options.port} is in use; using a free port instead.`);
    return startDemoServer({ ...settings, port: 0 });
  }
}

function buildExtension(): void {
  note('building the demo extension (npx wxt build --mode demo)…');
  const result = spawnSync('npx', ['wxt', 'build', '--mode', 'demo'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error('The demo extension did not build (see above).');
}

interface SeedResult {
  method: 'demo-hook' | 'options-import' | 'none';
  rows: number;
  pupils: number;
  message: string;
}

/**
 * Puts the demo school's history into the extension, attached to the demo MIS's origin. The demo
 * build's side panel exposes a hook that imports rows through the store's real `importRows`;
 * without it, the options page's CSV import is driven as a user would.
 */
export async function seedExtension(
  browser: ExtensionBrowser,
  csvUrl: string,
  options: { today: string; timeoutMs?: number } = { today: londonToday() },
): Promise<SeedResult> {
  const timeout = options.timeoutMs ?? 20_000;
  const res = await fetch(csvUrl);
  if (!res.ok) throw new Error(`The demo MIS did not export its marks (${res.status}).`);
  const csv = await res.text();
  const parsed = parseMarksCsv(csv);
  if (parsed.errors.length) {
    throw new Error(`The demo CSV has errors, first: line ${parsed.errors[0]!.line}.`);
  }
  const origin = new URL(csvUrl).origin;
  const base = `chrome-extension://${browser.extensionId}`;

  const panel = await browser.context.newPage();
  try {
    await panel.goto(`${base}/sidepanel.html?today=${options.today}`);
    const hook = await panel
      .waitForFunction(() => 'registerLensDemo' in globalThis, null, { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (hook) {
      // Imported as the attendance officer would, attached to the demo MIS: the store joins each
      // `pupil_id` to the pupil the register reader finds by the same id (`id:005121`).
      const rows = parsed.rows;
      const result = await panel.evaluate(
        async ({ rows, siteId, asOf }) => {
          const demo = (
            globalThis as unknown as {
              registerLensDemo: {
                seed(input: unknown): Promise<{ pupils: number }>;
              };
            }
          ).registerLensDemo;
          return demo.seed({ rows, siteId, asOf, at: `${asOf}T08:00:00.000Z` });
        },
        { rows, siteId: origin, asOf: options.today },
      );
      return {
        method: 'demo-hook',
        rows: rows.length,
        pupils: result.pupils,
        message: `imported ${rows.length} marks for ${result.pupils} pupils`,
      };
    }
    return await importThroughOptions(browser, csv, parsed.rows.length, timeout);
  } finally {
    await panel.close();
  }
}

async function importThroughOptions(
  browser: ExtensionBrowser,
  csv: string,
  rows: number,
  timeout: number,
): Promise<SeedResult> {
  const page = await browser.context.newPage();
  const dir = mkdtempSync(join(tmpdir(), 'register-lens-demo-'));
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const input = page.locator('input[type=file][accept*="csv"]').first();
    if (!(await input.count())) {
      return { method: 'none', rows: 0, pupils: 0, message: 'the options page has no CSV import' };
    }
    const file = join(dir, 'oakfield-marks.csv');
    writeFileSync(file, csv);
    await input.setInputFiles(file);
    for (const name of [/check|next|continue/i, /import/i]) {
      const button = page.getByRole('button', { name }).first();
      await button.waitFor({ timeout }).catch(() => undefined);
      if (await button.count()) await button.click();
    }
    const done = await page
      .getByText(/imported/i)
      .first()
      .waitFor({ timeout })
      .then(() => true)
      .catch(() => false);
    return {
      method: 'options-import',
      rows: done ? rows : 0,
      pupils: 0,
      message: done
        ? `imported ${rows} marks through the options page`
        : 'the import did not finish',
    };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface OverlayFindings {
  found: boolean;
  summary: string | null;
  badges: { band: string | null; label: string }[];
}

/** Waits for the overlay on the register and reads what it shows. */
async function readOverlay(page: Page, timeoutMs: number): Promise<OverlayFindings> {
  const host = page.locator(OVERLAY_HOST);
  const appeared = await host
    .first()
    .waitFor({ state: 'attached', timeout: timeoutMs })
    .then(() => true)
    .catch(() => false);
  if (!appeared) return { found: false, summary: null, badges: [] };
  // Badges arrive after the reading's round trip to the background; give them a moment.
  await page
    .locator(`${OVERLAY_HOST} .rl-summary`)
    .first()
    .waitFor({ timeout: timeoutMs })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  const summary = await page
    .locator(`${OVERLAY_HOST} .rl-summary`)
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  const badges = await page.locator(`${OVERLAY_HOST} .rl-badge`).evaluateAll((els) =>
    els.map((el) => ({
      band: el.getAttribute('data-band'),
      label: el.getAttribute('aria-label') ?? el.textContent ?? '',
    })),
  );
  return { found: true, summary: summary?.trim() ?? null, badges };
}

/**
 * Fills in today's register with what each pupil of the demo school does today (the generator
 * knows), so the screenshot shows a register being taken with the badges beside it.
 */
async function takeRegister(
  page: Page,
  school: DemoSchool,
  form: string,
  layout: DemoCliOptions['layout'],
): Promise<void> {
  const marks: Record<string, string> = {};
  for (const pupil of school.pupils) {
    if (pupil.form === form) marks[pupil.id] = todayMarkFor(school, pupil.id, 'AM') ?? '/';
  }
  if (layout === 'table') {
    await page.evaluate((marks) => {
      for (const row of document.querySelectorAll<HTMLTableRowElement>('tr[data-pupil-id]')) {
        const select = row.querySelector<HTMLSelectElement>('select.mark-ddl');
        const code = marks[row.dataset.pupilId ?? ''];
        if (!select || code === undefined) continue;
        if (![...select.options].some((o) => o.value === code)) continue;
        select.value = code;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }, marks);
    return;
  }
  await page.evaluate((marks) => {
    for (const row of document.querySelectorAll<HTMLElement>('[role=row][data-student-id]')) {
      const code = marks[row.dataset.studentId ?? ''] ?? '/';
      const status = code === '/' ? 'present' : code === 'L' || code === 'U' ? 'late' : 'absent';
      row.querySelector<HTMLButtonElement>(`.MarkToggle_btn--${status}`)?.click();
    }
  }, marks);
}

async function saveRegister(page: Page, layout: DemoCliOptions['layout']): Promise<void> {
  if (layout === 'table') {
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('#ctl00_cphMain_btnSave').click(),
    ]);
    await page.locator('#ctl00_cphMain_pnlSaved').waitFor({ timeout: 10_000 });
  } else {
    await page.locator('#btn-save').click();
    await page.locator('#toast:not([hidden])').waitFor({ timeout: 10_000 });
  }
}

function registerUrl(server: DemoServer, options: DemoCliOptions, form: string): string {
  return options.layout === 'grid'
    ? `${server.url}register/grid/#group=${encodeURIComponent(form)}`
    : `${server.url}register/table/${encodeURIComponent(form)}`;
}

async function serveOnly(options: DemoCliOptions): Promise<void> {
  const server = await startServer(options, false);
  process.stdout.write(`${server.url}\n`);
  const { school } = server.state;
  note(
    `${school.name}: ${school.pupils.length} pupils in ${school.forms.length} forms, register day ${school.today}. Stop with Ctrl+C.`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}

export async function runDemo(options: DemoCliOptions): Promise<number> {
  if (options.serveOnly) {
    await serveOnly(options);
    return 0;
  }
  let headless = options.headless;
  if (
    !headless &&
    process.platform === 'linux' &&
    !process.env.DISPLAY &&
    !process.env.WAYLAND_DISPLAY
  ) {
    note('no display found: running headless (screenshots go to demo-output/).');
    headless = true;
  }
  if (options.build) buildExtension();
  const server = await startServer(options, true);
  const school: DemoSchool = server.state.school;
  const form = options.form ?? school.forms[0]!.id;
  if (!school.forms.some((f) => f.id === form)) {
    await server.close();
    throw new Error(`There is no form ${form} in the demo school.`);
  }
  note(`demo MIS at ${server.url} (${school.pupils.length} pupils, register day ${school.today})`);
  const realToday = londonToday();
  if (academicYearStart(school.today) !== academicYearStart(realToday)) {
    // The extension's worker reckons figures on the real date, so a demo day in another school
    // year shows its marks but no figures.
    note(
      `--today ${school.today} is in another school year than today (${realToday}): the extension will show no figures for it.`,
    );
  }
  // Chromium reads the unpacked extension lazily; a copy keeps a later rebuild of .output (by
  // the e2e tests, say) from pulling files from under a running demo.
  if (!existsSync(join(DEMO_EXTENSION_DIR, 'manifest.json'))) {
    await server.close();
    throw new Error(`No demo build at ${DEMO_EXTENSION_DIR}: run without --no-build.`);
  }
  const extensionDir = mkdtempSync(join(tmpdir(), 'register-lens-demo-ext-'));
  cpSync(DEMO_EXTENSION_DIR, extensionDir, { recursive: true });
  const browser = await launchWithExtension({ headless, extensionDir });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await browser.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    rmSync(extensionDir, { recursive: true, force: true });
  };
  try {
    note('importing the school history into the extension…');
    const seeded = await seedExtension(browser, `${server.url}export/marks.csv`, {
      today: school.today,
    });
    note(seeded.method === 'none' ? `history not imported: ${seeded.message}` : seeded.message);

    const page = await browser.context.newPage();
    const url = registerUrl(server, options, form);
    await page.goto(url);
    let overlay = await readOverlay(page, 10_000);
    if (!overlay.found) {
      // The content script is registered at runtime; a register opened very early can miss it.
      await page.reload();
      overlay = await readOverlay(page, 10_000);
    }
    if (overlay.found) {
      note('taking the register as the tutor would…');
      await takeRegister(page, school, form, options.layout);
      if (headless) {
        mkdirSync(options.out, { recursive: true });
        await page.screenshot({ path: join(options.out, 'register.png'), fullPage: true });
      }
      await saveRegister(page, options.layout);
      overlay = await readOverlay(page, 10_000);
    }
    const panel = await browser.context.newPage();
    if (headless) await panel.setViewportSize({ width: 480, height: 1000 });
    await panel.goto(
      `chrome-extension://${browser.extensionId}/sidepanel.html?today=${school.today}`,
    );
    const firstPupil = school.pupils.find((p) => p.form === form)!;
    await panel
      .waitForFunction((surname) => document.body.innerText.includes(surname), firstPupil.surname, {
        timeout: 15_000,
      })
      .catch(async () => {
        // With no register stored yet the panel's first tab is empty; the queue is not.
        note('the side panel did not show the register’s pupils within 15 s; showing its queue.');
        await panel
          .getByRole('tab', { name: /queue/i })
          .click({ timeout: 2_000 })
          .catch(() => undefined);
        await panel.waitForTimeout(1_500);
      });

    if (headless) {
      mkdirSync(options.out, { recursive: true });
      const registerPng = join(options.out, 'register.png');
      const panelPng = join(options.out, 'sidepanel.png');
      if (!overlay.found) await page.screenshot({ path: registerPng, fullPage: true });
      await panel.screenshot({ path: panelPng });
      const panelText = (
        await panel
          .locator('body')
          .innerText()
          .catch(() => '')
      ).trim();
      report({ school, form, url, seeded, overlay, panelText, files: [registerPng, panelPng] });
      await shutdown();
      if (!overlay.found) {
        process.stderr.write(
          `demo: the Register Lens overlay (<${OVERLAY_HOST}>) did not appear on ${url} within 20 s. ` +
            'Is the content script registered for the demo origin in the demo build?\n',
        );
        return 1;
      }
      return 0;
    }

    report({ school, form, url, seeded, overlay, panelText: '', files: [] });
    await page.bringToFront();
    note('the side panel is open in the next tab. Close the browser window to stop the demo.');
    await new Promise<void>((resolve) => {
      browser.context.once('close', () => resolve());
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await shutdown();
    return 0;
  } catch (err) {
    await shutdown();
    throw err;
  }
}

function report(input: {
  school: DemoSchool;
  form: string;
  url: string;
  seeded: SeedResult;
  overlay: OverlayFindings;
  panelText: string;
  files: string[];
}): void {
  const { school, form, overlay } = input;
  const flagged = overlay.badges.filter((b) => b.band && b.band !== 'none' && b.band !== 'unknown');
  const lines = [
    `Register Lens demo: ${school.name}, ${school.pupils.length} pupils in ${school.forms.length} forms`,
    `Register: ${form} ${school.today} AM at ${input.url}`,
    `History: ${input.seeded.message}`,
    overlay.found
      ? `Overlay: ${overlay.badges.length} pupils read, ${flagged.length} flagged${overlay.summary ? ` (toolbar: "${overlay.summary}")` : ''}`
      : 'Overlay: not found',
    ...flagged.slice(0, 12).map((b) => `  - ${b.label}`),
    ...(flagged.length > 12 ? [`  … and ${flagged.length - 12} more`] : []),
  ];
  if (input.panelText) {
    const panelLines = input.panelText
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    lines.push(`Side panel (${panelLines.length} lines), first lines:`);
    lines.push(...panelLines.slice(0, 8).map((l) => `  | ${l}`));
  }
  for (const file of input.files) lines.push(`Wrote ${relative(process.cwd(), file) || file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await runDemo(parseDemoArgs(process.argv.slice(2)));
  } catch (err) {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
