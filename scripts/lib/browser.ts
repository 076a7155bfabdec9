import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/** Where Chromium lives: CHROME_PATH when set, else Debian's package. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/** The demo build: host access to the local demo school only. */
export const DEMO_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-demo');

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install it with "apt-get install chromium" ` +
        '(Debian/Ubuntu) or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Starts Chromium with the built extension loaded, in a fresh profile. The extension id is the
 * host of its service worker's URL.
 */
export async function launchWithExtension(
  options: {
    extensionDir?: string;
    headless?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<ExtensionBrowser> {
  assertChromium();
  const extensionDir = options.extensionDir ?? DEMO_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run "npm run build:demo" first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'register-lens-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    locale: 'en-GB',
    args: [
      ...CHROMIUM_FLAGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const serviceWorker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Sets the demo build's clock (utils/demo-clock) to `date` (YYYY-MM-DD): the worker then takes
 * that day as today for every figure, and recomputes what it has stored. The store builds ignore
 * the value. Evaluated in the service worker, which shares `chrome.storage.local` with the pages.
 */
export async function setDemoToday(browser: ExtensionBrowser, date: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a date: ${date}`);
  await browser.serviceWorker.evaluate(async (day) => {
    const chrome = (
      globalThis as unknown as {
        chrome: { storage: { local: { set(items: Record<string, string>): Promise<void> } } };
      }
    ).chrome;
    await chrome.storage.local.set({ demoToday: day });
  }, date);
}

/** The worker registers the content script when it starts; a page opened before would miss it. */
export async function contentScriptRegistered(browser: ExtensionBrowser): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const count = await browser.serviceWorker.evaluate(async () => {
      const chrome = (
        globalThis as unknown as {
          chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };
        }
      ).chrome;
      return (await chrome.scripting.getRegisteredContentScripts()).length;
    });
    if (count > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The background never registered the register content script.');
}
