import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import { generateSchool, schoolMarksCsv } from '../../scripts/demo/school';
import {
  axeViolations,
  extensionPage,
  launch,
  screenshot,
  storedMarks,
  storedRecords,
} from './harness';

/**
 * Import, backup and restore through the options page of the built demo extension, checked
 * against the extension's own IndexedDB read raw (not through our store code).
 */

// The autumn term of the demo school: 1,200 pupils, every school day to the end of term.
const school = generateSchool({ pupils: 1200, today: '2025-12-20' });
const termCsv = schoolMarksCsv(school);
const termRows = termCsv.trimEnd().split('\n').length - 1;
const PASSPHRASE = 'purple otter lamp river';
// The store writes a term of a whole school in tens of seconds on a busy two-core machine.
const BIG = 300_000;

/** Every table of the extension's database, read with the raw IndexedDB API. */
function dumpDatabase(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('register-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const out: Record<string, unknown[]> = {};
          for (const name of names) {
            const req = tx.objectStore(name).getAll();
            req.onsuccess = () => (out[name] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Marks in a dump: each packed year record holds its sessions, 11 characters each. */
const marksIn = (dump: Record<string, unknown[]>): number =>
  ((dump.timelines ?? []) as Array<{ slots: string }>).reduce(
    (n, record) => n + record.slots.length / 11,
    0,
  );

async function markCount(page: Page): Promise<number> {
  return marksIn(await dumpDatabase(page));
}

/** Watches the import's progress bar and keeps every value it shows. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (globalThis as { progressSeen?: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('#rl-import-progress');
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

async function optionsPage(browser: ExtensionBrowser): Promise<Page> {
  const page = await extensionPage(browser, 'options.html');
  await page.waitForSelector('#rl-import-file', { state: 'attached', timeout: 15_000 });
  return page;
}

describe('importing in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should refuse a corrupt file with its line numbers and write nothing', async () => {
    const page = await optionsPage(browser);
    const lines = termCsv.split('\r\n').slice(0, 40);
    lines[2] = lines[2]!.replace(/2025-\d\d-\d\d/, '2025-02-30');
    lines[6] = lines[6]!.replace(/,(AM|PM),/, ',XM,');
    const corrupt = lines.join('\r\n');

    await page.setInputFiles('#rl-import-file', {
      name: 'corrupt.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(corrupt),
    });
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'errors' });
    await alert.waitFor();

    const text = await alert.textContent();
    expect(text).toContain('Line 3: "2025-02-30" is not a real date');
    expect(text).toContain('Line 7: session "XM" is not AM or PM');
    expect(await page.getByRole('button', { name: 'Import the valid rows' }).isDisabled()).toBe(
      true,
    );
    expect(await markCount(page)).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });

  it(
    'should import the demo school’s term, showing progress, and store every mark',
    async () => {
      const page = await optionsPage(browser);
      await recordProgress(page);

      await page.setInputFiles('#rl-import-file', {
        name: 'oakfield-autumn.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(termCsv),
      });
      await page.getByRole('button', { name: 'Check the whole file' }).click();
      const summary = page.getByRole('list', { name: 'What this import will do' });
      await summary.waitFor({ timeout: BIG });
      expect(await summary.textContent()).toContain(
        `${termRows.toLocaleString('en-GB')} new marks to add`,
      );
      await page.getByRole('button', { name: /^Import [\d,]+ marks$/ }).click();
      await page.getByText(/^Imported oakfield-autumn\.csv/).waitFor({ timeout: BIG });
      await screenshot(page, 'import-done.png');

      const seen = await page.evaluate(
        () => (globalThis as { progressSeen?: number[] }).progressSeen ?? [],
      );
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...seen)).toBe(100);
      expect(await markCount(page)).toBe(termRows);
    },
    BIG,
  );
});

describe('an encrypted backup in Chromium', () => {
  let browser: ExtensionBrowser;
  let fresh: ExtensionBrowser | null = null;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await fresh?.close();
  });

  it(
    'should round-trip every record exactly into a fresh profile',
    async () => {
      // One form's term keeps this test quick; the whole school's import is the test above.
      const formCsv = schoolMarksCsv(school, { form: school.forms[0]!.id });
      const formRows = formCsv.trimEnd().split('\n').length - 1;
      const page = await optionsPage(browser);
      await page.setInputFiles('#rl-import-file', {
        name: 'form.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(formCsv),
      });
      await page.getByRole('button', { name: 'Check the whole file' }).click();
      await page.getByRole('button', { name: /^Import [\d,]+ marks$/ }).click();
      await page.getByText(/^Imported form\.csv/).waitFor({ timeout: 120_000 });
      const before = await dumpDatabase(page);
      expect(marksIn(before)).toBe(formRows);
      expect(before.figures?.length).toBeGreaterThan(0);
      await page.getByLabel(/^Passphrase/).fill(PASSPHRASE);
      await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
      const download = page.waitForEvent('download', { timeout: 60_000 });
      await page.getByRole('button', { name: 'Create encrypted backup' }).click();
      const file = await (await download).path();
      const backup = readFileSync(file!, 'utf8');
      expect(backup).not.toContain(school.pupils[0]!.name);

      fresh = await launch();
      const restorePage = await optionsPage(fresh);
      await restorePage.setInputFiles('#rl-restore-file', {
        name: 'backup.rlbackup',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(backup),
      });
      await restorePage.getByLabel('Its passphrase').fill('not the passphrase at all');
      await restorePage.getByLabel(/I understand that restoring replaces/).check();
      await restorePage.getByRole('button', { name: 'Restore' }).click();
      await restorePage
        .getByRole('alert')
        .filter({ hasText: 'does not open this backup' })
        .waitFor({ timeout: 60_000 });
      expect(await markCount(restorePage)).toBe(0);

      await restorePage.getByLabel('Its passphrase').fill(PASSPHRASE);
      await restorePage.getByRole('button', { name: 'Restore' }).click();
      await restorePage.getByText(/^Restored everything from/).waitFor({ timeout: 90_000 });

      const after = await dumpDatabase(restorePage);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const name of Object.keys(before)) {
        expect({ table: name, rows: after[name] }).toEqual({ table: name, rows: before[name] });
      }
      expect(marksIn(after)).toBe(formRows);
    },
    BIG,
  );
});

describe('an import left unfinished in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Every stored mark with its provenance, in one order, for comparing the store's states. */
  async function marksNow(): Promise<string[]> {
    return (await storedMarks(browser))
      .map((m) => `${m.pupilId} ${m.date} ${m.session} ${m.mark} ${m.raw} ${m.source}`)
      .sort();
  }

  it(
    'should show an import whose page closed between parts on another page, and undo it exactly from the keyboard',
    async () => {
      // A school year to July: 451,200 rows, three parts of whole pupils (PART_ROWS 200,000).
      const yearSchool = generateSchool({ pupils: 1200, today: '2026-07-10' });
      const yearCsv = schoolMarksCsv(yearSchool);
      const yearFile = join(mkdtempSync(join(tmpdir(), 'rl-unfinished-')), 'year.csv');
      writeFileSync(yearFile, yearCsv);
      // Stored first, so the unfinished import replaces marks and its undo must put them back:
      // the file's last pupils, whose part is written first.
      const lines = yearCsv.trimEnd().split('\r\n');
      const earlier = [
        lines[0],
        ...lines.slice(-399).map((line) => line.replace(/,[^,]*$/, ',I')),
      ].join('\r\n');
      const writer = await optionsPage(browser);
      await writer.setInputFiles('#rl-import-file', {
        name: 'earlier.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(earlier),
      });
      await writer.getByRole('button', { name: 'Check the whole file' }).click();
      await writer.getByRole('button', { name: /^Import [\d,]+ marks$/ }).click();
      await writer.getByText(/^Imported earlier\.csv/).waitFor({ timeout: 120_000 });
      const before = await marksNow();
      const pupilsBefore = (await storedRecords<{ id: string }>(browser, 'pupils'))
        .map((p) => p.id)
        .sort();
      expect(before).toHaveLength(399);
      // Another options page, open all along: it must learn of the stop without a reload.
      const watcher = await optionsPage(browser);

      await writer.getByRole('button', { name: 'Import another file' }).click();
      // Chosen from disk: an 18 MB buffer sent through the driver outlasts its timeout.
      await writer.setInputFiles('#rl-import-file', yearFile);
      await writer.getByRole('button', { name: 'Check the whole file' }).click();
      await writer.getByRole('button', { name: /^Import [\d,]+ marks$/ }).click({ timeout: BIG });
      // One part of three saved (80% + 20% / 3): the page closes before the rest.
      await writer.waitForFunction(
        () =>
          (document.querySelector<HTMLProgressElement>('#rl-import-progress')?.value ?? 0) >= 87,
        undefined,
        { polling: 20, timeout: BIG },
      );
      await writer.close();

      const batches = await storedRecords<{ id: string; incomplete?: true; rows: number }>(
        browser,
        'importBatches',
      );
      const stopped = batches.find((b) => b.incomplete);
      // The part written first is the file's last (its smallest); the page closed after it.
      expect(stopped?.rows).toBeGreaterThan(0);
      expect(stopped!.rows).toBeLessThan(451_200);
      const notice = watcher.getByRole('group', { name: 'An import did not finish' });
      await notice.getByText(/^Not finished:/).waitFor({ timeout: 60_000 });
      expect(await notice.textContent()).toContain('The import of year.csv, started ');
      expect(await notice.textContent()).toMatch(
        /stopped part way: the page or the browser closed before it finished\. [\d,]+ rows of it were saved/,
      );
      expect(await axeViolations(watcher, '.rl-unfinished')).toEqual([]);
      await notice.scrollIntoViewIfNeeded();
      await screenshot(watcher, 'import-unfinished.png');

      const undo = watcher.getByRole('button', {
        name: 'Undo the unfinished import of year.csv',
      });
      await undo.focus();
      await watcher.keyboard.press('Enter');
      await watcher
        .getByRole('status')
        .filter({
          hasText:
            /^Undone: The unfinished import of year\.csv was undone: [\d,]+ marks removed, [\d,]+ earlier marks put back\./,
        })
        .waitFor({ timeout: BIG });

      expect(await marksNow()).toEqual(before);
      expect(
        (await storedRecords<{ id: string }>(browser, 'pupils')).map((p) => p.id).sort(),
      ).toEqual(pupilsBefore);
      const after = await storedRecords<{ id: string; undoneAt: string | null }>(
        browser,
        'importBatches',
      );
      expect(after.find((b) => b.id === stopped!.id)?.undoneAt).not.toBeNull();
      const again = watcher.getByRole('button', { name: 'Import year.csv again' });
      expect(await again.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await axeViolations(watcher, '.rl-unfinished')).toEqual([]);

      const chooser = watcher.waitForEvent('filechooser');
      await watcher.keyboard.press('Enter');
      await (await chooser).setFiles(yearFile);
      await watcher.getByRole('button', { name: 'Check the whole file' }).waitFor();
      await watcher.close();
      rmSync(dirname(yearFile), { recursive: true, force: true });
    },
    BIG * 2,
  );
});
