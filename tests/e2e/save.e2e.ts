import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import {
  contentScriptRegistered,
  DEMO_TODAY,
  launch,
  startDemo,
  storedRecords,
  type DemoServer,
  storedMarks,
} from './harness';

const HOST = 'register-lens-overlay';

interface DemoState {
  school: { forms: Array<{ id: string; pupilIds: string[] }> };
  savedRegisters: Map<string, { marks: Record<string, string> }>;
}

/**
 * Issue 4's "saving a register on the demo MIS stores exactly its marks", for both layouts:
 * marked through the page's own controls as a tutor would, nothing stored before Save, and after
 * it exactly the server's saved register for that date and session, once.
 */
describe('saving a register on the demo MIS', () => {
  let demo: DemoServer;
  let state: DemoState;
  let browser: ExtensionBrowser;
  let origin: string;

  beforeAll(async () => {
    demo = await startDemo({ pupils: 120 });
    state = demo.state as DemoState;
    origin = new URL(demo.url).origin;
    browser = await launch({ today: DEMO_TODAY });
    await contentScriptRegistered(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Today's AM marks the extension stored for a form, by demo pupil id, and their history. */
  async function stored(form: string) {
    const ids = new Set(state.school.forms.find((f) => f.id === form)!.pupilIds);
    const [pupils, marks, history] = await Promise.all([
      storedRecords<{ id: string; key: string }>(browser, 'pupils'),
      storedMarks(browser),
      storedRecords<{ pupilId: string; date: string; session: string }>(browser, 'markHistory'),
    ]);
    // The reader keys a pupil by the id the page shows ("id:<admission number>").
    const demoId = new Map(
      pupils
        .filter((p) => p.id.startsWith(`${origin}|`))
        .map((p) => [p.id, p.key.slice(p.key.lastIndexOf(':') + 1)]),
    );
    const today = (m: { pupilId: string; date: string; session: string }) =>
      m.date === DEMO_TODAY && m.session === 'AM' && ids.has(demoId.get(m.pupilId) ?? '');
    return {
      marks: Object.fromEntries(
        marks.filter(today).map((m) => [demoId.get(m.pupilId)!, m.mark] as const),
      ),
      count: marks.filter(today).length,
      corrections: history.filter(today).length,
    };
  }

  const savedOnServer = (form: string) =>
    state.savedRegisters.get(`${form}|${DEMO_TODAY}|AM`)?.marks ?? null;

  async function openRegister(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}${path}`);
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
    return page;
  }

  /**
   * Waits until the overlay previews every pupil's unsaved mark (each reading was answered): the
   * bar counts every pupil, every pupil has a badge drawn, and each says it includes today's
   * unsaved mark.
   */
  async function previewed(page: Page, pupils: number): Promise<void> {
    await expect
      .poll(
        () =>
          page.locator(HOST).evaluate((host, n) => {
            const root = host.shadowRoot!;
            const tips = [...root.querySelectorAll('.rl-tip')];
            // Docked as a tab where no corner is free, the bar says its summary in the tab's name.
            const toolbar = root.querySelector('.rl-toolbar');
            const bar = `${toolbar?.textContent ?? ''} ${toolbar?.querySelector('button')?.getAttribute('aria-label') ?? ''}`;
            return (
              bar.includes(`${n} pupils`) &&
              tips.length === n &&
              tips.length === root.querySelectorAll('.rl-badge').length &&
              tips.every((t) => t.textContent?.includes('unsaved mark'))
            );
          }, pupils),
        { timeout: 20_000 },
      )
      .toBe(true);
  }

  it('should store exactly the table register saved, and nothing of it before', async () => {
    const form = state.school.forms[0]!;
    const page = await openRegister(`register/table/${form.id}`);
    const selects = page.locator('table select.mark-ddl:not([disabled])');
    const count = await selects.count();
    expect(count).toBe(form.pupilIds.length);
    const codes = ['/', 'N', 'L', 'I'];
    for (let i = 0; i < count; i++) await selects.nth(i).selectOption(codes[i % codes.length]!);
    await previewed(page, count);

    expect(await stored(form.id)).toEqual({ marks: {}, count: 0, corrections: 0 });

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Save register' }).first().click(),
    ]);
    const saved = savedOnServer(form.id);
    expect(Object.values(saved ?? {}).filter(Boolean)).toHaveLength(count);
    await expect.poll(async () => (await stored(form.id)).count, { timeout: 15_000 }).toBe(count);
    expect(await stored(form.id)).toEqual({ marks: saved, count, corrections: 0 });
    await page.close();
  });

  it('should store exactly the grid register saved (JSON), and nothing of it before', async () => {
    const form = state.school.forms[1]!;
    const page = await openRegister(`register/grid/?group=${encodeURIComponent(form.id)}`);
    const groups = page.locator('[role=row] [role=group][aria-label^="Mark for"]');
    await expect.poll(() => groups.count(), { timeout: 20_000 }).toBe(form.pupilIds.length);
    const count = form.pupilIds.length;
    const toggles = ['Present', 'Absent', 'Late'];
    for (let i = 0; i < count; i++) {
      await groups
        .nth(i)
        .getByRole('button', { name: toggles[i % toggles.length]!, exact: true })
        .click();
    }
    await previewed(page, count);

    expect(await stored(form.id)).toEqual({ marks: {}, count: 0, corrections: 0 });

    await page.getByRole('button', { name: 'Save register' }).click();
    await expect.poll(() => savedOnServer(form.id) !== null, { timeout: 10_000 }).toBe(true);
    const saved = savedOnServer(form.id)!;
    expect(Object.values(saved).filter(Boolean)).toHaveLength(count);
    await expect.poll(async () => (await stored(form.id)).count, { timeout: 15_000 }).toBe(count);
    expect(await stored(form.id)).toEqual({ marks: saved, count, corrections: 0 });
    await page.close();
  });
});
