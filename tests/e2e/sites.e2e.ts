import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  axeViolations,
  contentScriptRegistered,
  extensionPage,
  launch,
  screenshot,
  startDemo,
  type DemoServer,
} from './harness';

const HOST = 'register-lens-overlay';

/**
 * A second local origin: the demo MIS reached as `localhost` is, to the browser, another site
 * than `127.0.0.1`, which the demo build may read. Nothing runs there until the user enables it.
 *
 * Headless Chromium shows `permissions.request`'s prompt where Playwright cannot click it (the
 * promise just stays pending; `--enable-automation` does not accept it). So the test grants the
 * host the way a user can outside the prompt, through Chrome's own site-access control on
 * chrome://extensions (`developerPrivate.addHostPermission`, what "Site access → Add a site"
 * calls), and then clicks "Enable site" in the options page: `permissions.request` for a host
 * already granted resolves true at once, and the page saves the site as it would after a prompt.
 */
async function grantThroughSiteAccess(browser: ExtensionBrowser, pattern: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto('chrome://extensions/');
  await page.evaluate(
    ([id, host]) =>
      (
        globalThis as unknown as {
          chrome: {
            developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
          };
        }
      ).chrome.developerPrivate.addHostPermission(id!, host!),
    [browser.extensionId, pattern],
  );
  await page.close();
}

const contains = (page: Page, origin: string) =>
  page.evaluate(
    (o) =>
      (
        globalThis as unknown as {
          chrome: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };
        }
      ).chrome.permissions.contains({ origins: [o] }),
    origin,
  );

describe('MIS sites enabled from the options page', () => {
  let browser: ExtensionBrowser;
  let demo: DemoServer;
  let options: Page;
  let localUrl: string;

  beforeAll(async () => {
    demo = await startDemo({ pupils: 120 });
    localUrl = demo.url.replace('127.0.0.1', 'localhost');
    browser = await launch();
    await contentScriptRegistered(browser);
    options = await extensionPage(browser, 'options.html');
    await options.locator('#site-input').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('should have no axe violations on the options page, light and dark', async () => {
    await options.emulateMedia({ colorScheme: 'light' });
    expect(await axeViolations(options)).toEqual([]);
    await screenshot(options, 'options.png');
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'light' });
  });

  it('should run nothing on a site that is not enabled', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${localUrl}register/table/7A`);
    await page.waitForTimeout(2_000);
    expect(await page.locator(HOST).count()).toBe(0);
    await page.close();
  });

  it('should grant the site, save it and then run the content script there', async () => {
    await grantThroughSiteAccess(browser, 'http://localhost/*');
    await options.fill('#site-input', localUrl);
    await options.getByRole('button', { name: 'Enable site' }).click();
    await expect
      .poll(() => options.locator('.status').allTextContents(), { timeout: 10_000 })
      .toContain('Enabled http://localhost/*. Reload your register page to see the badges.');
    expect(await contains(options, 'http://localhost/*')).toBe(true);

    const page = await browser.context.newPage();
    await page.goto(`${localUrl}register/table/7A`);
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
    await expect
      .poll(() => page.locator(`${HOST} .rl-badge`).count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.close();
  });

  it('should remove the site and give the permission back', async () => {
    await options.getByRole('button', { name: 'Remove http://localhost/*' }).click();
    await expect.poll(() => contains(options, 'http://localhost/*')).toBe(false);
    await expect.poll(() => options.locator('.sites').count()).toBe(0);
  });
});
