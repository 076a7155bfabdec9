import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  axeViolations,
  contentScriptRegistered,
  DEMO_TODAY,
  extensionPage,
  launch,
  ROOT,
  screenshot,
  storedRecords,
  storedMarks,
  teachFromPanel,
} from './harness';

/**
 * Teach mode on two layouts unlike any MIS we know, served from loopback: an icon-only card page
 * the reader cannot read at all, and a grid of a school's own letters (P/T/A/E: Present, Tardy,
 * Absent, Excused) that it reads wrongly as English codes. Each is taught with at most two clicks
 * on the page (a name, a mark) and one to save, its "what does this mean?" list answered, and the
 * badges then show each pupil's figures.
 */

const HOST = 'register-lens-overlay';
const page = (file: string) => readFileSync(join(ROOT, 'tests/registers/fixtures', file), 'utf8');
const PAGES: Record<string, string> = {
  '/homeroom/9/checkin': page('teach-cards.html'),
  '/reports/weekly/8': page('teach-foreign-grid.html'),
  '/register/7K': page('teach-unmapped-words.html'),
};

describe('teach mode on pages the reader has never seen', () => {
  let server: Server;
  let origin: string;
  let browser: ExtensionBrowser;
  let tab: Page;
  const overlay = () => tab.locator(HOST);
  const overlayButton = (name: RegExp) => overlay().getByRole('button', { name });
  const badges = () => overlay().locator('.rl-badge');
  const picker = () => overlay().locator('.rl-teach');

  // Every click on the MIS page while teaching goes through here, so the test can count them.
  let pageClicks = 0;
  let saveClicks = 0;
  const pick = async (target: Locator) => {
    pageClicks += 1;
    // Near the start of the element, where its text is: a badge may sit beside a name.
    await target.click({ position: { x: 4, y: 4 } });
  };
  const save = async () => {
    saveClicks += 1;
    await picker().getByRole('button', { name: 'Save', exact: true }).click();
  };

  /** Each badge as "name: band in words" (its accessible name; any flag after the band cut off). */
  const badgeLabels = async () =>
    (
      await badges().evaluateAll((els) =>
        els.map((e) => (e.getAttribute('aria-label') ?? '').replace(/^(.*?: [^,]+),.*$/, '$1')),
      )
    ).sort();

  /** axe's violations within one part of our shadow root (axe itself is loaded by the harness). */
  const violationsIn = async (host: string, part: string) => {
    await axeViolations(tab, host);
    return tab.evaluate(
      async ([h, p]) => {
        const axe = (
          globalThis as unknown as {
            axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
          }
        ).axe;
        const result = await axe.run(
          { fromShadowDom: [h, p] },
          {
            runOnly: {
              type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
            },
          },
        );
        return result.violations;
      },
      [host, part] as const,
    );
  };

  const storedFor = async (prefix: string) => {
    const [pupils, marks] = await Promise.all([
      storedRecords<{ id: string; name: string }>(browser, 'pupils'),
      storedMarks(browser),
    ]);
    const names = new Map(pupils.map((p) => [p.id, p.name]));
    return marks
      .filter((m) => m.pupilId.startsWith(prefix))
      .map((m) => `${names.get(m.pupilId)} ${m.date} ${m.mark}`)
      .sort();
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = PAGES[(request.url ?? '').split('?')[0]!];
      if (body) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(body);
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch({ today: DEMO_TODAY });
    await contentScriptRegistered(browser);
    tab = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  describe('an icon-only card layout', () => {
    beforeAll(async () => {
      await tab.goto(`${origin}/homeroom/9/checkin`);
    });

    it('should find no register by meaning alone, and load no overlay', async () => {
      await tab.waitForTimeout(3_000);
      expect(await overlay().count()).toBe(0);
    });

    it('should read every card after one name and one icon are clicked, and ask what "offsite" means', async () => {
      pageClicks = 0;
      saveClicks = 0;
      // Teach mode is offered by the side panel where no register was read.
      const panel = await teachFromPanel(browser, tab);
      await panel.close();

      await pick(tab.locator('#checkin .student').first());
      await pick(tab.locator('#checkin button.mark').first());

      await expect
        .poll(() => picker().locator('.rl-teach__preview [role=status]').textContent())
        .toContain('5 pupils found for 2026-01-20');
      const list = picker().locator('.rl-meaning');
      await expect.poll(() => list.locator('label').allTextContents()).toEqual(['“offsite”']);
      expect(await axeViolations(tab, HOST)).toEqual([]);
      await screenshot(tab, 'teach-cards-list.png');

      await list.getByRole('combobox', { name: '“offsite”' }).selectOption('B');
      await save();

      expect({ pageClicks, saveClicks }).toEqual({ pageClicks: 2, saveClicks: 1 });
    });

    it('should then show every pupil a badge with figures worked out from the marks', async () => {
      await expect.poll(() => badges().count(), { timeout: 20_000 }).toBe(5);
      // Today's marks of an untaken register are shown live, never stored: one session each, far
      // too few for a band, so the badges give the counts (issue 13).
      await expect
        .poll(badgeLabels, { timeout: 10_000 })
        .toEqual([
          'Ada Lovelace: 0 absent of 1 session',
          'Alan Turing: 1 absent of 1 session',
          'Emmy Noether: 0 absent of 1 session',
          'Grace Hopper: 0 absent of 1 session',
          'Katherine Johnson: 1 absent of 1 session',
        ]);
      expect(await overlay().locator('.rl-notice').count()).toBe(0);
      await screenshot(tab, 'teach-cards-badges.png');
    });
  });

  describe('a grid of a school’s own letters', () => {
    beforeAll(async () => {
      await tab.goto(`${origin}/reports/weekly/8`);
      await overlay().waitFor({ state: 'attached', timeout: 20_000 });
    });

    it('should say that its marks need a mapping instead of counting them as English codes', async () => {
      const notice = overlay().locator('.rl-notice');
      await notice.waitFor({ timeout: 20_000 });
      // The reader's own count: the English reading of P, T and E contradicts the page's key.
      const text = () => notice.locator('[role=status]').textContent();
      await expect.poll(text).toMatch(/\b\d+ marks need a mapping/);
      expect(Number(/(\d+) marks/.exec((await text()) ?? '')?.[1])).toBeGreaterThanOrEqual(17);
      expect(await notice.textContent()).toContain('“P”');
      expect(await axeViolations(tab, HOST)).toEqual([]);
    });

    it('should read every dated column after one name and one cell are clicked, and ask about each letter', async () => {
      pageClicks = 0;
      saveClicks = 0;
      await overlayButton(/Teach it/).click();

      const turing = tab.locator('#weekly tbody tr', { hasText: 'Turing, Alan' });
      await pick(turing.locator('td').first());
      // Thursday's mark: the badge beside the name covers part of Monday's cell.
      await pick(turing.locator('td').nth(4));

      await expect
        .poll(() => picker().locator('.rl-teach__preview [role=status]').textContent())
        .toContain('4 pupils found');
      const list = picker().locator('.rl-meaning');
      const letter = (raw: string) => list.getByRole('combobox', { name: `“${raw}”` });
      // The page's key suggests what it can: "Present", "Absent" and "Tardy" are words we know.
      expect(await letter('P').inputValue()).toBe('/');
      expect(await letter('A').inputValue()).toBe('N');
      expect(await letter('T').inputValue()).toBe('L');
      await letter('E').selectOption('C');
      expect(await axeViolations(tab, HOST)).toEqual([]);
      await screenshot(tab, 'teach-grid-list.png');

      await save();

      expect({ pageClicks, saveClicks }).toEqual({ pageClicks: 2, saveClicks: 1 });
    });

    it('should store the week by the school’s meanings and show each pupil’s counts', async () => {
      // A week is five sessions here: too few for a band (issue 13), so the badges give counts
      // by the school's meanings (an English reading of P/T/A would count differently).
      await expect
        .poll(badgeLabels, { timeout: 20_000 })
        .toEqual([
          'Hopper, Grace: 0 absent of 5 sessions',
          'Lovelace, Ada: 0 absent of 5 sessions',
          'Noether, Emmy: 1 absent of 5 sessions',
          'Turing, Alan: 3 absent of 5 sessions',
        ]);
      const turing = (await storedFor(`${origin}|`)).filter((m) => m.startsWith('Turing, Alan'));
      expect(turing).toEqual([
        'Turing, Alan 2026-01-12 N',
        'Turing, Alan 2026-01-13 N',
        'Turing, Alan 2026-01-14 /',
        'Turing, Alan 2026-01-15 N',
        'Turing, Alan 2026-01-16 /',
      ]);
      expect(await overlay().locator('.rl-notice').count()).toBe(0);
      await screenshot(tab, 'teach-grid-badges.png');
    });
  });

  describe('a register read but for one of the school’s own words', () => {
    beforeAll(async () => {
      await tab.goto(`${origin}/register/7K`);
      await overlay().waitFor({ state: 'attached', timeout: 20_000 });
    });

    it('should flag the marks that need a mapping, and map them from the notice in one click and a save', async () => {
      const notice = overlay().locator('.rl-notice');
      await expect
        .poll(() => notice.locator('[role=status]').textContent(), { timeout: 20_000 })
        .toContain('2 marks need a mapping');
      await expect.poll(badgeLabels).toContain('Alan Turing: No data');

      await overlayButton(/What do they mean/).click();
      const dialog = overlay().locator('.rl-meaning-dialog');
      await dialog.getByRole('combobox', { name: '“College”' }).selectOption('B');
      // The list's own nodes; the badges beside this page's selects are the overlay's to size.
      expect(await violationsIn(HOST, '.rl-meaning-dialog')).toEqual([]);
      await dialog.getByRole('button', { name: 'Save mappings' }).click();

      await expect.poll(badgeLabels, { timeout: 20_000 }).toEqual([
        // One session each: counts, not bands (issue 13); "College" now counts as present.
        'Ada Lovelace: 0 absent of 1 session',
        'Alan Turing: 0 absent of 1 session',
        'Emmy Noether: 1 absent of 1 session',
        'Grace Hopper: 0 absent of 1 session',
      ]);
      expect(await notice.count()).toBe(0);
      const stored = await storedFor(`${origin}|`);
      expect(stored).toContain('Alan Turing 2026-01-20 B');
    });
  });

  describe('the options page, after teaching', () => {
    let options: Page;
    const section = () => options.locator('section[aria-labelledby="site-mappings-heading"]');
    const answers = () => section().getByRole('table', { name: `Answers for ${origin}` });
    const storedAnswers = async () => {
      const records = await storedRecords<{ siteId: string; data: { marks: { raw: string }[] } }>(
        browser,
        'siteMappings',
      );
      return records.find((r) => r.siteId === origin)?.data.marks.map((m) => m.raw) ?? [];
    };
    beforeAll(async () => {
      options = await extensionPage(browser, 'options.html');
      await section().getByRole('heading', { name: origin }).waitFor({ timeout: 15_000 });
    });
    afterAll(async () => {
      await options?.close();
    });

    it('should list the site’s answers with what each label means, and its taught layouts', async () => {
      const row = (label: string) => answers().getByRole('row', { name: new RegExp(`^${label} `) });
      expect(await row('P').textContent()).toContain('/ Present (AM)');
      expect(await row('E').textContent()).toContain('C ');
      expect(await row('College').textContent()).toContain('B ');
      const layouts = section().getByRole('table', { name: `Taught layouts for ${origin}` });
      // Both layouts taught above, each kept beside the answers saved with it.
      const taughtPages = await layouts.locator('tbody th').allTextContents();
      expect(taughtPages.sort()).toEqual(['/homeroom/*/checkin', '/reports/weekly/*']);
      await options.emulateMedia({ colorScheme: 'light' });
      expect(await axeViolations(options)).toEqual([]);
      await options.emulateMedia({ colorScheme: 'dark' });
      expect(await axeViolations(options)).toEqual([]);
      await options.emulateMedia({ colorScheme: 'light' });
      await screenshot(options, 'options-site-mappings.png');
    });

    it('should remove one answer from the keyboard and forget it in the store', async () => {
      expect(await storedAnswers()).toContain('College');
      await section()
        .getByRole('button', { name: `Remove the answer for “College” on ${origin}` })
        .focus();
      await options.keyboard.press('Enter');
      await expect
        .poll(() => section().locator('[role=status]').textContent())
        .toContain('Removed the answer for “College”');
      expect(await storedAnswers()).not.toContain('College');
      expect(await storedAnswers()).toContain('P');
      // The pressed button is gone: focus stays in the section, on its heading.
      expect(await options.evaluate(() => document.activeElement?.id)).toBe(
        'site-mappings-heading',
      );
    });

    it('should remove all of the site once confirmed', async () => {
      await section()
        .getByRole('button', { name: `Remove all for ${origin}` })
        .click();
      const yes = section().getByRole('button', { name: 'Yes, remove them' });
      await yes.waitFor();
      // The question takes the focus, so the next key answers it.
      await expect.poll(() => yes.evaluate((b) => b === document.activeElement)).toBe(true);
      await options.keyboard.press('Enter');
      await expect
        .poll(() => section().textContent())
        .toContain('Nothing has been taught on any site yet.');
      expect(await storedAnswers()).toEqual([]);
    });
  });
});
