import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_EXTENSION_DIR,
  launchWithExtension,
  type ExtensionBrowser,
} from '../../scripts/lib/browser';
import { generateSchool, type DemoSchool } from '../../scripts/demo/school';
import { analysePupil } from '../../utils/attendance/analyse';
import type { DemoHooks } from '../../entrypoints/sidepanel/demo-hooks';
import { DEMO_TODAY, extensionPage, ROOT, screenshot } from './harness';

// The side panel on real demo-school data: the store is seeded through its own functions from
// inside the extension page (the demo build's hook), then every view is rendered, checked with
// axe-core in light and dark, and photographed for the README.

const SITE = 'http://127.0.0.1:5177';
const FORM_URL = `${SITE}/register/7A`;

function seedInput(school: DemoSchool) {
  const pupilById = new Map(school.pupils.map((p) => [p.id, p]));
  const rows = school.marks.map((m, i) => {
    const pupil = pupilById.get(m.pupilId)!;
    return {
      line: i + 2,
      pupilId: m.pupilId,
      name: pupil.name,
      group: pupil.form,
      date: m.date,
      session: m.session,
      mark: m.mark,
    };
  });
  const form = school.forms[0]!;
  const today = new Map(
    school.todayMarks.filter((m) => m.session === 'AM').map((m) => [m.pupilId, m.mark]),
  );
  const reading = {
    adapter: 'demo-table',
    group: form.id,
    date: school.today,
    session: 'AM' as const,
    taken: true,
    pupils: form.pupilIds.map((id) => ({
      key: `id:${id}`,
      name: pupilById.get(id)!.name,
      marks: [
        {
          date: school.today,
          session: 'AM' as const,
          raw: today.get(id) || '/',
          code: today.get(id) || '/',
          editable: true,
        },
      ],
    })),
    warnings: [],
  };
  return { rows, reading: { reading, url: FORM_URL }, form };
}

/**
 * A private copy of the built demo extension, so a rebuild of .output (another test run, another
 * engineer on a shared machine) cannot pull files from under the running browser.
 */
async function privateBuild(): Promise<string> {
  const wanted = ['manifest.json', 'sidepanel.html', 'background.js'];
  for (let attempt = 0; attempt < 60; attempt++) {
    if (wanted.every((f) => existsSync(join(DEMO_EXTENSION_DIR, f)))) {
      const dir = mkdtempSync(join(tmpdir(), 'register-lens-panel-e2e-'));
      try {
        cpSync(DEMO_EXTENSION_DIR, dir, { recursive: true });
        if (wanted.every((f) => existsSync(join(dir, f)))) return dir;
      } catch {
        // The build was being rewritten while we copied: try again.
      }
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`No complete demo build at ${DEMO_EXTENSION_DIR}: run "npm run build:demo".`);
}

type HookWindow = { registerLensDemo?: DemoHooks };

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page. Extension pages forbid inline scripts (script-src 'self'), so the
 * harness's addScriptTag is refused there; evaluating the source through the DevTools protocol
 * is not subject to the page's CSP.
 */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return found.map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

async function checkBothThemes(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await violations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await violations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('the side panel on the demo school', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  let extensionDir = '';
  let formSize = 0;
  let firstPupil = '';

  beforeAll(async () => {
    extensionDir = await privateBuild();
    browser = await launchWithExtension({ extensionDir });
    page = await extensionPage(browser, `sidepanel.html?today=${DEMO_TODAY}`);
    await page.setViewportSize({ width: 480, height: 900 });
    await page.waitForFunction(() => Boolean((globalThis as HookWindow).registerLensDemo));
    const school = generateSchool({ today: DEMO_TODAY, pupils: 150 });
    const { rows, reading, form } = seedInput(school);
    formSize = form.pupilIds.length;
    // The pupil page shown is the form's pupil with the most flags, so its screenshot has
    // something to say; the support records are seeded for them.
    const flagCount = (id: string) =>
      analysePupil(
        school.marks.filter((m) => m.pupilId === id),
        { asOf: DEMO_TODAY, from: '2025-09-01' },
      ).flags.filter((f) => f.id !== 'few-sessions' && f.id !== 'possible-missing-education')
        .length;
    const chosen = [...form.pupilIds].sort((a, b) => flagCount(b) - flagCount(a))[0]!;
    firstPupil = `${SITE}|id:${chosen}`;
    const at = `${DEMO_TODAY}T08:45:00.000Z`;
    await page.evaluate(
      async ({ rows, reading, asOf, at, siteId, pupilId }) => {
        const hooks = (globalThis as HookWindow).registerLensDemo!;
        await hooks.seed({ rows, siteId, asOf, at, reading });
        await hooks.setPupilTags(pupilId, ['young-carer']);
        await hooks.saveIntervention({
          id: 'e2e-mentor',
          pupilId,
          type: 'attendance-mentor',
          start: '2025-11-24',
          plannedWeeks: 12,
          reviewDate: '2026-01-05',
          by: 'Mr Lee',
          status: 'active',
        });
        await hooks.saveNote({
          id: 'e2e-note',
          pupilId,
          date: '2026-01-12',
          by: 'Ms Khan',
          text: 'Called home; agreed a check-in on Mondays',
          followUp: '2026-01-19',
        });
        await hooks.addStageRecord({
          pupilId,
          stage: 'listen-and-understand',
          date: '2025-11-20',
          by: 'Ms Khan',
          reason: 'Weekday pattern on Mondays',
        });
      },
      { rows, reading, asOf: DEMO_TODAY, at, siteId: SITE, pupilId: firstPupil },
    );
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  it('should show every pupil of the register read most recently, most concerning first', async () => {
    await page.waitForSelector('.rl-card');
    expect(await page.locator('.rl-card').count()).toBe(formSize);
    const heading = await page.locator('#register-heading').textContent();
    expect(heading).toContain('7A');
    const first = await page.locator('.rl-card').first().textContent();
    expect(first).toMatch(/\d+ of \d+ sessions missed/);
    await screenshot(page, 'register-view.png');
    await checkBothThemes(page);
  });

  it('should open a pupil page with the chart, heat map, steps and records', async () => {
    await page.locator(`[data-pupil-id="${firstPupil}"] .rl-card__name button`).click();
    await page.waitForSelector('#pupil-heading');
    await page.waitForSelector('canvas');
    const canvasDrawn = await page
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0);
    expect(canvasDrawn).toBe(true);
    const body = await page.locator('main').textContent();
    expect(body).toContain('Absent sessions by weekday and session');
    expect(body).toContain('Attendance mentor');
    expect(body).toContain('Called home; agreed a check-in on Mondays');
    expect(body).toContain('Listen and understand');
    await screenshot(page, 'pupil-view.png');
    await checkBothThemes(page);
    await page.locator('.rl-back').click();
  });

  it('should record an intervention from the pupil page and show attendance before and since', async () => {
    await page.locator(`[data-pupil-id="${firstPupil}"] .rl-card__name button`).click();
    await page.waitForSelector('#pupil-heading');
    await page.getByRole('button', { name: 'Start an intervention' }).click();
    await page.getByLabel('Type').selectOption('breakfast-club');
    await page.getByLabel('Start', { exact: true }).fill('2025-12-01');
    await page.getByRole('button', { name: 'Save intervention' }).click();
    const impact = page.locator('section[aria-labelledby="pupil-interventions"] table');
    await expect.poll(() => impact.textContent()).toContain('Breakfast club');
    const row = await impact.locator('tr', { hasText: 'Breakfast club' }).textContent();
    expect(row).toMatch(/\d+\.\d%.*of \d+.*\d+\.\d%.*of \d+/);
    await page.locator('.rl-back').click();
  });

  it('should list flagged pupils across forms in the review queue, virtualised', async () => {
    await page.locator('#rl-tab-queue').click();
    await page.waitForSelector('[role="listitem"]');
    const setSize = Number(
      await page.locator('[role="listitem"]').first().getAttribute('aria-setsize'),
    );
    expect(setSize).toBeGreaterThan(10);
    expect(await page.locator('[role="listitem"]').count()).toBeLessThan(setSize + 1);
    expect(await page.locator('.rl-due-list').textContent()).toContain('Follow-ups due');
    await screenshot(page, 'queue.png');
    await checkBothThemes(page);
  });

  it('should show cohort figures against the national reference', async () => {
    await page.locator('#rl-tab-cohort').click();
    await page.waitForSelector('.rl-national', { timeout: 30_000 });
    expect(await page.locator('.rl-national').textContent()).toContain(
      'autumn and spring terms 2024/25',
    );
    await page.waitForSelector('canvas');
    await screenshot(page, 'cohort.png');
    await checkBothThemes(page);
  });

  // Last: saving the setting makes the worker recompute every pupil with the real clock, which
  // is not the demo school's day (see the report to the lead).
  it('should hide every name under the privacy screen', async () => {
    await page.locator('#rl-tab-register').click();
    await page.waitForSelector('.rl-card');
    const names = await page.locator('.rl-card__name').allTextContents();
    await page.getByRole('button', { name: 'Privacy screen' }).click();
    const shown = (await page.locator('main').textContent()) ?? '';
    for (const name of names) expect(shown).not.toContain(name);
    expect(await page.locator('.rl-card__name').first().textContent()).toMatch(/^Pupil \d+$/);
    await page.getByRole('button', { name: 'Privacy screen' }).click();
  });
});
