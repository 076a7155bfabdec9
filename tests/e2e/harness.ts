import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  contentScriptRegistered,
  launchWithExtension,
  setDemoToday,
  type ExtensionBrowser,
} from '../../scripts/lib/browser';
import { unpackMarks } from '../../utils/store/packed';
import type { TimelineRecord } from '../../utils/store/schema';

export { contentScriptRegistered, setDemoToday };

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/** A fixed school day, so every e2e run sees the same demo school. */
export const DEMO_TODAY = '2026-01-21';

export interface DemoServer {
  url: string;
  close(): Promise<void> | void;
  state: unknown;
}

/** Starts the demo MIS on a free loopback port. */
export async function startDemo(
  options: { pupils?: number; today?: string } = {},
): Promise<DemoServer> {
  const { startDemoServer } = await import('../../scripts/demo/server');
  return startDemoServer({ port: 0, today: DEMO_TODAY, ...options }) as Promise<DemoServer>;
}

/**
 * Starts Chromium with the demo extension; `today` sets the demo clock (utils/demo-clock) before
 * anything is read, so figures are "as of" the demo school's day rather than the real date.
 * `REGISTER_LENS_EXTENSION_DIR` points at another build (a private copy while others rebuild).
 */
export async function launch(options: { today?: string } = {}): Promise<ExtensionBrowser> {
  const extensionDir = process.env.REGISTER_LENS_EXTENSION_DIR;
  const browser = await launchWithExtension(extensionDir ? { extensionDir } : {});
  if (options.today) await setDemoToday(browser, options.today);
  return browser;
}

export function extensionPage(browser: ExtensionBrowser, path: string): Promise<Page> {
  return browser.context.newPage().then(async (page) => {
    await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
    return page;
  });
}

/** The side panel's offer of teach mode for the page in the active tab. */
export const TEACH_FROM_PANEL = 'Teach Register Lens the register in this tab';

/**
 * Opens teach mode on `page` as a tutor does where no register was read (the overlay is not
 * loaded there): from the side panel's offer. The panel is a tab of its own here, with `page`
 * brought to the front, so the panel's active tab is the MIS page, as for the docked panel.
 * Returns the panel, once it says teach mode opened.
 */
export async function teachFromPanel(browser: ExtensionBrowser, page: Page): Promise<Page> {
  const panel = await extensionPage(browser, 'sidepanel.html');
  const offer = panel.getByRole('button', { name: TEACH_FROM_PANEL });
  await offer.waitFor({ timeout: 20_000 });
  await page.bringToFront();
  await offer.click();
  await panel
    .locator('.rl-teach-offer', { hasText: 'Teach mode is open on the page' })
    .waitFor({ timeout: 20_000 });
  return panel;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: false });
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (or in one element of it) and returns the violations. axe is
 * evaluated through DevTools rather than a script tag, because extension pages' CSP refuses
 * inline scripts.
 */
export async function axeViolations(page: Page, context?: string): Promise<unknown[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (ctx) => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(ctx ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  }, context);
}

/** Every record of one object store of the extension's IndexedDB, read raw (no Dexie). */
export async function storedRecords<T>(browser: ExtensionBrowser, table: string): Promise<T[]> {
  const page = await extensionPage(browser, 'options.html');
  try {
    return await page.evaluate(
      (name) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('register-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction(name).objectStore(name).getAll();
            get.onsuccess = () => resolve(get.result as T[]);
            get.onerror = () => reject(get.error);
          };
        }),
      table,
    );
  } finally {
    await page.close();
  }
}

/**
 * Every stored mark, one row per session: the packed year records read raw, then opened with
 * the store's own unpacking (utils/store/packed.ts).
 */
export async function storedMarks(browser: ExtensionBrowser): Promise<StoredMarkRow[]> {
  const records = await storedRecords<TimelineRecord>(browser, 'timelines');
  return records.flatMap((record) => unpackMarks(record));
}

export interface StoredMarkRow {
  pupilId: string;
  date: string;
  session: 'AM' | 'PM';
  mark: string;
  raw: string;
  source: string;
}
