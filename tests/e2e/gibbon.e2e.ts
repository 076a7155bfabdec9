import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import { contentScriptRegistered, launch, ROOT, storedMarks } from './harness';

const HOST = 'register-lens-overlay';
const V21 = join(ROOT, '../shared/fixtures/registers-gibbon-v21');
// The addresses the pages were captured from (that folder's README), on our own loopback port.
const CLASS_PATH =
  '/index.php?q=/modules/Attendance/attendance_take_byCourseClass.php&gibbonCourseClassID=00002571&currentDate=19/03/2021';
const CARA = 'gibbon:0000001617';

/**
 * The real Gibbon v21 class register in Chromium with the built extension: the content script
 * reads it through the Gibbon adapter, draws a badge per pupil, and the worker stores what the
 * storing rule allows: history always, the day's marks only once the page says it is taken.
 * Pages are served from ../shared, never copied.
 */
describe('the Gibbon v21 class register in Chromium', () => {
  let browser: ExtensionBrowser;
  let server: Server;
  let origin: string;
  let page = 'gibbon21-class-not-taken';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(join(V21, page, 'page.html'), 'utf8'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
    await contentScriptRegistered(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const caraOn = async (date: string) =>
    (await storedMarks(browser)).filter((m) => m.pupilId.endsWith(CARA) && m.date === date);

  async function open(name: string): Promise<number> {
    page = name;
    const tab = await browser.context.newPage();
    await tab.goto(`${origin}${CLASS_PATH}`);
    const badges = tab.locator(`${HOST} .rl-badge`);
    await badges.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => badges.count(), { timeout: 10_000 }).toBe(24);
    const count = await badges.count();
    await tab.close();
    return count;
  }

  it('should badge every pupil of the register before it is taken, storing only its history', async () => {
    expect(await open('gibbon21-class-not-taken')).toBe(24);
    await expect.poll(() => caraOn('2021-03-16'), { timeout: 10_000 }).toHaveLength(1);
    // Gibbon's best guess for the day (copied from the form group) is shown, never stored.
    expect(await caraOn('2021-03-19')).toEqual([]);
  });

  it('should store the day once the page says the register was taken, by type and reason', async () => {
    expect(await open('gibbon21-class-taken')).toBe(24);
    await expect.poll(() => caraOn('2021-03-19'), { timeout: 10_000 }).toHaveLength(1);
    expect((await caraOn('2021-03-19'))[0]).toMatchObject({ session: 'AM', mark: 'I' });
  });
});
