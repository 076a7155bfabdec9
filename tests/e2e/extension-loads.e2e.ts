import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import { extensionPage, launch } from './harness';

describe('the built demo extension in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('should start its service worker under a chrome-extension address', () => {
    expect(browser.serviceWorker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
  });

  it('should open the side panel page with its heading', async () => {
    const page = await extensionPage(browser, 'sidepanel.html');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Register Lens');
  });
});
