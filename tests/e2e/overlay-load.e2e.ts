import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  axeViolations,
  contentScriptRegistered,
  DEMO_TODAY,
  extensionPage,
  launch,
  screenshot,
  TEACH_FROM_PANEL,
  teachFromPanel,
} from './harness';

/**
 * Where the overlay loads. Most pages of an MIS are not registers (menus, reports, messages), and
 * every one of them runs the content script: the overlay (badges, bar, about 23 KB gzipped) must
 * load only where a register was read, or where the user asks for teach mode. Which scripts ran in
 * the page is read from DevTools (`Debugger.scriptParsed` lists every script of every world of the
 * page, the extension's isolated world included), so "not injected" means never parsed at all.
 */

const HOST = 'register-lens-overlay';
// A page of an MIS with tables and names but no register: the reader reads it and finds none.
const NOTICES = `<!doctype html><html lang="en"><head><title>Staff notices</title></head><body>
<h1>Staff notices</h1>
<nav aria-label="Main"><a href="/notices">Notices</a> <a href="/timetable">Timetable</a></nav>
<table><caption>Duty rota</caption>
<thead><tr><th>Day</th><th>Staff</th><th>Place</th></tr></thead>
<tbody><tr><td>Monday</td><td>Mr Lee</td><td>Canteen</td></tr>
<tr><td>Tuesday</td><td>Ms Khan</td><td>Field</td></tr></tbody></table>
<p>Parents' evening for Year 9 is on Thursday.</p>
</body></html>`;

describe('the overlay on a page of an enabled site without a register', () => {
  let server: Server;
  let origin: string;
  let browser: ExtensionBrowser;
  let page: Page;
  let devtools: CDPSession;
  const parsed: string[] = [];
  const ran = (file: string) =>
    parsed.some((url) => url === `chrome-extension://${browser.extensionId}/${file}`);

  /** Opens the page afresh, recording every script parsed in it from the first. */
  async function open(url: string): Promise<void> {
    parsed.length = 0;
    await page.goto(url);
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/notices') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(NOTICES);
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch({ today: DEMO_TODAY });
    await contentScriptRegistered(browser);
    page = await browser.context.newPage();
    devtools = await browser.context.newCDPSession(page);
    devtools.on('Debugger.scriptParsed', (event: { url: string }) => parsed.push(event.url));
    await devtools.send('Debugger.enable');
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('should run the reader there and load nothing more: no shadow host, no overlay script', async () => {
    await open(`${origin}/notices`);

    await expect.poll(() => ran('register.js'), { timeout: 20_000 }).toBe(true);
    // The reader settles within a second or two; the overlay used to follow once the browser
    // was idle (its bar offered teach mode). Give it well past that.
    await page.waitForTimeout(4_000);

    expect(await page.locator(HOST).count()).toBe(0);
    expect(ran('register-overlay.js')).toBe(false);
    expect(ran('register-teach.js')).toBe(false);
  });

  it('should open teach mode there from the side panel, and load the overlay only then', async () => {
    const panel = await teachFromPanel(browser, page);

    await page.locator(`${HOST} .rl-teach`).waitFor({ timeout: 20_000 });
    expect(ran('register-overlay.js')).toBe(true);
    expect(ran('register-teach.js')).toBe(true);
    await screenshot(panel, 'panel-teach-offer.png');
    await panel.close();
  });

  it('should offer it in the side panel as a labelled button that works from the keyboard, with nothing for axe to find', async () => {
    await open(`${origin}/notices`);
    await expect.poll(() => ran('register.js'), { timeout: 20_000 }).toBe(true);
    const panel = await extensionPage(browser, 'sidepanel.html');
    const offer = panel.getByRole('button', { name: TEACH_FROM_PANEL });
    await offer.waitFor({ timeout: 20_000 });
    expect(await axeViolations(panel, '.rl-teach-offer')).toEqual([]);
    await page.bringToFront();

    await offer.focus();
    await panel.keyboard.press('Enter');

    await page.locator(`${HOST} .rl-teach`).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => panel.locator('.rl-teach-offer').textContent())
      .toContain('Teach mode is open on the page');
    await panel.close();
  });

  it('should open teach mode there by Alt+Shift+T on the page too', async () => {
    await open(`${origin}/notices`);
    await expect.poll(() => ran('register.js'), { timeout: 20_000 }).toBe(true);
    // The content script is listening once it has heard back from the worker.
    await page.waitForTimeout(2_000);
    expect(ran('register-overlay.js')).toBe(false);

    await page.keyboard.press('Alt+Shift+T');

    await page.locator(`${HOST} .rl-teach`).waitFor({ timeout: 20_000 });
    expect(ran('register-overlay.js')).toBe(true);
  });

  it('should say in the side panel why teach mode cannot open on a site that is not enabled', async () => {
    // localhost is not the demo build's enabled address (127.0.0.1): no content script runs.
    await open(`${origin.replace('127.0.0.1', 'localhost')}/notices`);
    const panel = await extensionPage(browser, 'sidepanel.html');
    const offer = panel.getByRole('button', { name: TEACH_FROM_PANEL });
    await offer.waitFor({ timeout: 20_000 });
    await page.bringToFront();

    await offer.click();

    await expect
      .poll(() => panel.locator('.rl-teach-offer').textContent(), { timeout: 20_000 })
      .toContain('Register Lens is not reading the page in this tab');
    expect(await page.locator(HOST).count()).toBe(0);
    await panel.close();
  });
});
