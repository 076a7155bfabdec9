import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  contentScriptRegistered,
  extensionPage,
  launch,
  ROOT,
  startDemo,
  type DemoServer,
} from './harness';

const HOST = 'register-lens-overlay';
const MARKUP = '<img src=x onerror=alert(1)>';
const FORM = '7A';

// Playwright reports a service worker's own requests only with this switch (Chromium).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('security of the running extension', () => {
  let browser: ExtensionBrowser;
  let demo: DemoServer;
  let evil: Server;
  let evilUrl: string;
  const requests: { url: string; from: string }[] = [];
  const dialogs: string[] = [];

  function record(request: Request): void {
    let from = 'page';
    if (request.serviceWorker()) from = 'service-worker';
    else {
      try {
        const frameUrl = request.frame().url();
        if (frameUrl.startsWith('chrome-extension://')) from = 'extension-page';
      } catch {
        // A request without a frame (a worker's) stays attributed to 'page'.
      }
    }
    requests.push({ url: request.url(), from });
  }

  beforeAll(async () => {
    demo = await startDemo({ pupils: 240 });
    // A register page of our own on another loopback port (which the demo build may read): the
    // shared Gibbon fixture, read from ../shared, with one pupil's name turned into markup
    // (escaped in the HTML, as any MIS would send it). The Gibbon adapter takes names as the page
    // gives them; the generic reader would refuse this one as not a person's name.
    const fixture = readFileSync(
      join(ROOT, '../shared/fixtures/registers/gibbon-register-taken/page.html'),
      'utf8',
    );
    const page = fixture.replace('Flavia Andrews', escapeHtml(`Flavia ${MARKUP} Andrews`));
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/index.php?q=/modules/Attendance/attendance_take_byFormGroup.php`;

    browser = await launch();
    browser.context.on('request', record);
    browser.context.on('page', (p: Page) => p.on('dialog', (d) => void dialogs.push(d.message())));
    await contentScriptRegistered(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await new Promise((resolve) => evil?.close(resolve));
  });

  it('should render a pupil name made of markup as text in the overlay', async () => {
    const page = await browser.context.newPage();
    page.on('dialog', (d) => void dialogs.push(d.message()));
    await page.goto(evilUrl);
    const badges = page.locator(`${HOST} .rl-badge`);
    await badges.first().waitFor({ timeout: 20_000 });
    const labels = await badges.evaluateAll((els) =>
      els.map((el) => el.getAttribute('aria-label')),
    );
    expect(labels.filter((label) => label?.includes(MARKUP))).toHaveLength(1);
    const injected = await page
      .locator(HOST)
      .evaluate((el) => el.shadowRoot!.querySelectorAll('img').length);
    expect(injected).toBe(0);
    await page.close();
  });

  it('should render the same name as text in the side panel', async () => {
    const panel = await extensionPage(browser, 'sidepanel.html');
    await panel.waitForTimeout(2_000);
    expect(await panel.locator('img[src="x"]').count()).toBe(0);
    await panel.close();
    expect(dialogs).toEqual([]);
  });

  it('should refuse a message a web page sends to the extension', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}`);
    const outcome = await page.evaluate(async (id) => {
      const chrome = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      const send = chrome?.runtime?.sendMessage as
        ((id: string, message: unknown) => Promise<unknown>) | undefined;
      if (typeof send !== 'function') return 'no messaging API for web pages';
      try {
        const reply = await send(id, { type: 'options:run-retention' });
        return `answered: ${JSON.stringify(reply)}`;
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, browser.extensionId);
    expect(outcome).not.toMatch(/^answered: \{"ok":true/);
    expect(outcome).toMatch(/^(no messaging API|refused)/);
    await page.close();
  });

  it('should send no request anywhere through the whole demo flow', async () => {
    requests.length = 0;
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}register/table/${FORM}`);
    await page.locator(`${HOST} .rl-badge`).first().waitFor({ timeout: 20_000 });
    await page.locator('table select:visible').first().selectOption('N');
    await page.waitForTimeout(500);
    await Promise.all([
      page.waitForNavigation(),
      page
        .getByRole('button', { name: /save register/i })
        .first()
        .click(),
    ]);
    await page.locator(`${HOST} .rl-badge`).first().waitFor({ timeout: 20_000 });
    const panel = await extensionPage(browser, 'sidepanel.html');
    const options = await extensionPage(browser, 'options.html');
    await options.locator('#site-input').waitFor();
    await panel.waitForTimeout(2_000);

    // The demo MIS page loads itself from 127.0.0.1; that traffic is the page's, not ours.
    const leaving = requests.filter((r) => {
      const url = new URL(r.url);
      if (url.protocol === 'chrome-extension:' || url.protocol === 'data:') return false;
      if (r.from === 'page') return url.hostname !== '127.0.0.1';
      return true;
    });
    expect(requests.length).toBeGreaterThan(0);
    expect(leaving).toEqual([]);
  });
});
