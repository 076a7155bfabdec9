import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAND_LABELS } from '../../components/overlay/model';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import type { Band } from '../../utils/attendance/types';
import {
  contentScriptRegistered,
  extensionPage,
  launch,
  screenshot,
  startDemo,
  type DemoServer,
} from './harness';

const HOST = 'register-lens-overlay';
const FORM = '7A';

interface DemoPupilLike {
  form: string;
  surname: string;
}

/** Runs axe-core inside our shadow root only: the demo MIS page's own markup is not ours. */
async function overlayViolations(page: Page): Promise<unknown[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  return page.evaluate(async (host) => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(
      { include: [[host, '.rl-root']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      },
    );
    return result.violations;
  }, HOST);
}

/** The engine's stored bands, read straight from the extension's IndexedDB by reading key. */
async function storedBands(browser: ExtensionBrowser): Promise<Map<string, Band | null>> {
  const page = await extensionPage(browser, 'options.html');
  const rows = await page.evaluate(
    () =>
      new Promise<{ pupilId: string; figures: { band: string | null } }[]>((resolve, reject) => {
        const open = indexedDB.open('register-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('figures').objectStore('figures').getAll();
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      }),
  );
  await page.close();
  return new Map(
    rows.map((r) => [r.pupilId.slice(r.pupilId.indexOf('|') + 1), r.figures.band as Band | null]),
  );
}

describe('the overlay on a demo register', () => {
  let browser: ExtensionBrowser;
  let demo: DemoServer;
  let page: Page;
  let pupils: string[];
  const badges = () => page.locator(`${HOST} .rl-badge`);

  beforeAll(async () => {
    demo = await startDemo({ pupils: 240 });
    const school = (demo.state as { school: { pupils: DemoPupilLike[] } }).school;
    pupils = school.pupils.filter((p) => p.form === FORM).map((p) => p.surname);
    browser = await launch();
    await contentScriptRegistered(browser);
    page = await browser.context.newPage();
    await page.goto(`${demo.url}register/table/${FORM}`);
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('should draw a badge beside every pupil of the register', async () => {
    await expect.poll(() => badges().count(), { timeout: 20_000 }).toBe(pupils.length);
    await screenshot(page, 'register-overlay.png');
  });

  it('should leave the MIS form values as the page set them', async () => {
    const changed = await page.evaluate(
      () =>
        [...document.querySelectorAll('select')].filter((s) => {
          const selected = [...s.options].find((o) => o.defaultSelected) ?? s.options[0];
          return s.value !== (selected?.value ?? '');
        }).length,
    );
    expect(changed).toBe(0);
  });

  it('should not move the MIS layout', async () => {
    const rects = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('tr, select, button, h1, h2')].map((el) => {
          const r = el.getBoundingClientRect();
          return [r.x, r.y, r.width, r.height].map(Math.round).join(',');
        }),
      );
    const withOverlay = await rects();
    const host = await page.evaluateHandle((tag) => {
      const el = document.querySelector(tag)!;
      const parent = el.parentNode!;
      el.remove();
      return { el, parent };
    }, HOST);
    const without = await rects();
    await page.evaluate(({ el, parent }) => parent.appendChild(el), host);
    expect(withOverlay).toEqual(without);
  });

  it('should have no axe violations in the overlay', async () => {
    expect(await overlayViolations(page)).toEqual([]);
  });

  it('should update a badge live as the tutor marks', async () => {
    // Badges are drawn in page order: the first is the first pupil's, whose select is first.
    const badge = badges().first();
    const tip = async () => {
      const id = await badge.getAttribute('aria-describedby');
      return page.locator(`${HOST} [id="${id}"]`).textContent();
    };
    const before = await tip();
    await page.locator('table select:visible').first().selectOption('N');
    await expect.poll(tip, { timeout: 10_000 }).not.toBe(before);
    expect(await tip()).toContain("Includes today's unsaved mark.");
  });

  it('should show the band the engine gives once the register is saved', async () => {
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: /save/i }).first().click(),
    ]);
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(() => badges().count(), { timeout: 20_000 }).toBe(pupils.length);
    // A badge previewing today's marks the store has not taken (the page does not say it is
    // taken) is the overlay's own sum; every other badge must say exactly what the engine stored.
    const shown = () =>
      badges().evaluateAll((els) =>
        els
          .filter((el) => {
            const tip = el.getRootNode() as ShadowRoot;
            const id = el.getAttribute('aria-describedby')!;
            return !tip.getElementById(id)?.textContent?.includes('unsaved mark');
          })
          .map((el) => [el.getAttribute('data-key')!, el.querySelector('.rl-band')!.textContent!]),
      );
    // The worker stores figures as it answers; read until both sides have settled.
    const expected = async () => {
      const bands = await storedBands(browser);
      return (await shown()).map(([key]) => {
        const band = bands.get(key!);
        return [key, band ? BAND_LABELS[band] : 'No data'];
      });
    };
    await expect
      .poll(async () => JSON.stringify(await expected()), { timeout: 10_000 })
      .toBe(JSON.stringify(await shown()));
    expect((await shown()).length).toBeGreaterThan(pupils.length / 2);
  });

  it('should hide names and bands behind neutral dots under the privacy screen', async () => {
    await page.keyboard.press('Alt+Shift+P');
    await expect.poll(() => page.locator(`${HOST} .rl-dot`).count()).toBe(pupils.length);
    expect(await badges().count()).toBe(0);
    const text = await page.locator(HOST).evaluate((el) => el.shadowRoot!.textContent ?? '');
    for (const surname of pupils) expect(text).not.toContain(surname);
    await page.keyboard.press('Alt+Shift+P');
  });

  it('should hide every badge with the one toggle', async () => {
    // Where no corner of the page is free the bar waits as a tab: open it as a tutor would.
    const tab = page.locator(`${HOST} .rl-tab button`);
    if (await tab.count()) await tab.click();
    await page.locator(`${HOST} button.rl-button`, { hasText: 'Badges' }).click();
    expect(await badges().count()).toBe(0);
    await page.locator(`${HOST} button.rl-button`, { hasText: 'Badges' }).click();
    await expect.poll(() => badges().count()).toBe(pupils.length);
  });
});
