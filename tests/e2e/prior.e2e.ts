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

/**
 * September: the demo school a week into a new year, so every pupil's figures rest on a handful
 * of sessions. A previous school's summary is imported for two pupils of the form through the
 * options page; the register's badges then lead with last year's evidence for exactly those two.
 */

const HOST = 'register-lens-overlay';
const FORM = '7A';
const SEPTEMBER = '2026-09-10';

interface DemoPupilLike {
  id: string;
  surname: string;
  forename: string;
  form: string;
}

describe('last year’s evidence on a September register', () => {
  let browser: ExtensionBrowser;
  let demo: DemoServer;
  let page: Page;
  let form: DemoPupilLike[];
  const badgeOf = (p: DemoPupilLike) =>
    // The demo MIS lists pupils as "Surname, Forename", and the badge is named as the page does.
    page.locator(`${HOST} .rl-badge[aria-label^="${p.surname}, ${p.forename}:"]`);

  beforeAll(async () => {
    demo = await startDemo({ pupils: 120, today: SEPTEMBER });
    const school = (demo.state as { school: { pupils: DemoPupilLike[] } }).school;
    form = school.pupils.filter((p) => p.form === FORM);
    browser = await launch({ today: SEPTEMBER });
    await contentScriptRegistered(browser);
    page = await browser.context.newPage();
    await page.goto(`${demo.url}register/table/${FORM}`);
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
    await page
      .locator(`${HOST} .rl-badge`)
      .nth(form.length - 1)
      .waitFor({ timeout: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('should import a prior-school summary and lead the named pupils’ badges with it', async () => {
    const [persistent, severe, ...others] = form;
    const options = await extensionPage(browser, 'options.html');
    await options.waitForSelector('#rl-import-file', { state: 'attached', timeout: 15_000 });
    const summary = [
      'pupil_id,academic_year,possible,present,authorised,unauthorised,school',
      // Padded as exports pad admission numbers: still the same pupil as the register's id.
      `00${persistent!.id},2025/26,342,294,40,8,Elm Primary`,
      `${severe!.id},2025/26,330,150,120,60,Elm Primary`,
    ].join('\n');

    await options.setInputFiles('#rl-import-file', {
      name: 'year6-attendance.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${summary}\n`),
    });
    const plan = options.getByRole('list', { name: 'What this import will do' });
    await plan.waitFor({ timeout: 20_000 });
    expect(await plan.textContent()).toContain('2 summaries for 2 pupils, school years 2025/26');
    expect(await plan.textContent()).toContain('2 pupils already known there');
    expect(await axeViolations(options, '.rl-prior-import')).toEqual([]);
    await options.getByRole('button', { name: 'Import 2 summaries' }).click();
    await options.getByText(/^Imported year6-attendance\.csv/).waitFor({ timeout: 30_000 });
    await screenshot(options, 'prior-import-done.png');
    await options.close();

    await page.reload();
    await page.locator(HOST).waitFor({ state: 'attached', timeout: 20_000 });
    await expect
      .poll(() => badgeOf(persistent!).getAttribute('aria-label'), { timeout: 30_000 })
      .toMatch(/Persistent last year$/);
    expect(await badgeOf(severe!).getAttribute('aria-label')).toMatch(/Severe last year$/);
    const tipId = await badgeOf(persistent!).getAttribute('aria-describedby');
    const tip = await page.locator(`${HOST} [id="${tipId}"]`).textContent();
    // This year's thin counts head the tooltip; last year's evidence is its first line after.
    expect(tip).toContain('Persistently absent last year: 14% of 342 sessions');
    expect(tip).toContain("from the previous school's summary (Elm Primary)");
    for (const p of others) {
      expect(await badgeOf(p).getAttribute('aria-label'), p.surname).not.toMatch(/last year/);
    }
    await screenshot(page, 'prior-september-register.png');
  }, 180_000);
});
