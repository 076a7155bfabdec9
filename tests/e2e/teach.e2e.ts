import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  contentScriptRegistered,
  DEMO_TODAY,
  launch,
  ROOT,
  screenshot,
  storedRecords,
  storedMarks,
  teachFromPanel,
} from './harness';

const HOST = 'register-lens-overlay';
const ROLL = readFileSync(join(ROOT, 'tests/registers/fixtures/taught-roll.html'), 'utf8');
const PATH = '/forms/7/roll';

/** The roll call as the page states it: name, and the code its mark's title stands for. */
const PAGE_MARKS = [
  ['LOVELACE A', '/'],
  ['TURING A', 'I'],
  ['HOPPER G', 'L'],
  // "Off site" maps to no code until the school says which: stored as unknown, never guessed.
  ['NOETHER E', '?'],
];

describe('teach mode on a register the reader cannot read', () => {
  let server: Server;
  let origin: string;
  let browser: ExtensionBrowser;
  let page: Page;
  const overlayButton = (name: RegExp) => page.locator(`${HOST} button`, { hasText: name });
  const badges = () => page.locator(`${HOST} .rl-badge`);

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith(PATH)) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(ROLL);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch({ today: DEMO_TODAY });
    await contentScriptRegistered(browser);
    page = await browser.context.newPage();
    await page.goto(`${origin}${PATH}`);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('should find no register by meaning alone, and load nothing more than the reader', async () => {
    // The reader settles on "no register" within a second or two; the overlay would be asked for
    // by then (it used to load once the browser was idle, for its bar's offer of teach mode).
    await page.waitForTimeout(3_000);
    expect(await page.locator(HOST).count()).toBe(0);
  });

  it('should read the whole roll call after teach mode is opened from the side panel and one name and one mark are clicked', async () => {
    const panel = await teachFromPanel(browser, page);
    await panel.close();
    await page.locator('#roll .who').first().click();
    await page.locator('#roll b').first().click();
    const picker = page.locator(`${HOST} .rl-teach`);
    await expect
      .poll(() => picker.locator('.rl-teach__preview [role=status]').textContent())
      .toContain('4 pupils found for 2026-01-20 AM');
    await screenshot(page, 'teach-preview.png');

    await picker.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => badges().count(), { timeout: 20_000 }).toBe(PAGE_MARKS.length);
    expect(await picker.count()).toBe(0);
  });

  it('should store exactly the marks the page shows, one per pupil', async () => {
    const read = async () => {
      const [pupils, marks] = await Promise.all([
        storedRecords<{ id: string; name: string }>(browser, 'pupils'),
        storedMarks(browser),
      ]);
      const names = new Map(pupils.map((p) => [p.id, p.name]));
      return marks
        .filter((m) => m.pupilId.startsWith(`${origin}|`))
        .map((m) => [names.get(m.pupilId), m.date, m.session, m.mark]);
    };

    await expect
      .poll(async () => (await read()).length, { timeout: 10_000 })
      .toBe(PAGE_MARKS.length);
    expect(await read()).toEqual(
      expect.arrayContaining(PAGE_MARKS.map(([name, code]) => [name, '2026-01-20', 'AM', code])),
    );
  });

  it('should keep the taught layout for the site and read with it on the next visit', async () => {
    const mappings = await storedRecords<{ siteId: string; data: { layouts: unknown[] } }>(
      browser,
      'siteMappings',
    );
    expect(mappings.find((m) => m.siteId === origin)?.data.layouts).toHaveLength(1);

    await page.reload();
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });

    await expect.poll(() => badges().count(), { timeout: 20_000 }).toBe(PAGE_MARKS.length);
    expect(await overlayButton(/Teach Register Lens this register/).count()).toBe(0);
  });
});
