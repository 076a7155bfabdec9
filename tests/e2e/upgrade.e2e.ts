import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/lib/browser';
import { SCHEMA_VERSION, type MarkKey, type StoredMark } from '../../utils/store/schema';
import { DEMO_TODAY, ROOT, extensionPage, launch, storedMarks, storedRecords } from './harness';

/**
 * Schema version 4 (marks packed per pupil and academic year) reached from a real version-3
 * database in Chromium's IndexedDB. The version-3 database is made in the extension's origin by
 * the version-3 schema code (`new RegisterLensDB(name, 3)`, bundled from utils/store/schema.ts
 * and run in a tab of the extension), which stays open in that tab as an older page of the
 * extension would; then a page of the new build opens the store, and the upgrade must run, with
 * that tab open, and give back every mark, correction and import exactly.
 */

const SITE = 'http://127.0.0.1:5177';
const PUPILS = 30;
const DAYS = Array.from({ length: 190 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 8, 1 + Math.floor(i / 5) * 7 + (i % 5)));
  return d.toISOString().slice(0, 10);
});
const CODES = ['/', '/', '/', '/', 'N', 'I', 'L', 'M'];

/** What version 3 held: a register's marks, then a term's import that corrected some of them. */
function v3Data() {
  const pupils = Array.from({ length: PUPILS }, (_, p) => ({
    id: `${SITE}|id:${1000 + p}`,
    siteId: SITE,
    key: `id:${1000 + p}`,
    name: `Pupil ${p}`,
    group: '7A',
    tags: [],
    misId: String(1000 + p),
  }));
  const marks: StoredMark[] = [];
  const replaced: StoredMark[] = [];
  const added: MarkKey[] = [];
  const history: Array<Record<string, unknown>> = [];
  for (const [p, pupil] of pupils.entries()) {
    for (let s = 0; s < DAYS.length * 2; s++) {
      const date = DAYS[s >> 1]!;
      const session = s % 2 ? 'PM' : 'AM';
      const code = CODES[(p + s) % CODES.length]!;
      const fromImport = date >= '2026-01-05';
      const mark: StoredMark = {
        pupilId: pupil.id,
        date,
        session,
        mark: code,
        raw: fromImport ? code : `Label ${code}`,
        source: fromImport ? 'import' : 'register',
        observedAt: fromImport ? '2026-01-10T12:00:00.000Z' : `${date}T08:50:00.000Z`,
        url: fromImport ? null : `${SITE}/register/table/7A`,
        batchId: fromImport ? 'spring' : null,
      };
      marks.push(mark);
      if (!fromImport) continue;
      if (code === 'N') {
        // The import corrected a register mark: the earlier one is in the batch and the history.
        const before = { ...mark, mark: '/', raw: 'Present', source: 'register' as const };
        Object.assign(before, { observedAt: `${date}T08:50:00.000Z`, batchId: null });
        before.url = `${SITE}/register/table/7A`;
        replaced.push(before);
        history.push({
          pupilId: pupil.id,
          date,
          session,
          from: '/',
          to: 'N',
          fromRaw: 'Present',
          toRaw: 'N',
          at: '2026-01-10T12:00:00.000Z',
          source: 'import',
          url: null,
          batchId: 'spring',
        });
      } else added.push([pupil.id, date, session]);
    }
  }
  const batches = [
    {
      id: 'autumn-wrong',
      label: 'wrong.csv',
      siteId: SITE,
      at: '2025-12-01T10:00:00.000Z',
      onlyValid: false,
      rows: 10,
      added: [],
      replaced: [],
      pupilsAdded: [],
      undoneAt: '2025-12-01T10:02:00.000Z',
    },
    {
      id: 'spring',
      label: 'spring.csv',
      siteId: SITE,
      at: '2026-01-10T12:00:00.000Z',
      onlyValid: false,
      rows: added.length + replaced.length,
      added,
      replaced,
      pupilsAdded: [],
      undoneAt: null,
    },
  ];
  return { pupils, marks, history, batches };
}

/** The version-3 schema code, bundled for a page: `RegisterLensDB` (with `upTo`) and Dexie. */
async function bundleSchema(): Promise<string> {
  const out = await build({
    stdin: {
      contents:
        "export { RegisterLensDB } from './utils/store/schema';\nexport { Dexie } from 'dexie';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'RegisterLensV3',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

interface V3Global {
  RegisterLensV3: {
    RegisterLensDB: new (
      name: string,
      upTo: number,
    ) => {
      open(): Promise<unknown>;
      isOpen(): boolean;
      verno: number;
      table(name: string): { bulkAdd(rows: unknown[]): Promise<unknown> };
    };
    Dexie: { delete(name: string): Promise<void> };
  };
  oldTabDb?: { isOpen(): boolean; verno: number };
}

describe('the upgrade from schema version 3 in Chromium', () => {
  let browser: ExtensionBrowser;
  let oldTab: Page;
  const data = v3Data();

  beforeAll(async () => {
    browser = await launch({ today: DEMO_TODAY });
    const schemaCode = await bundleSchema();
    // A page of the extension's origin that does not open the store itself: the old tab.
    oldTab = await extensionPage(browser, 'manifest.json');
    await oldTab.evaluate(`${schemaCode};\nglobalThis.RegisterLensV3 = RegisterLensV3; 1`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should pack every version-3 mark, keep the history and imports, with an old tab open', async () => {
    const version = await oldTab.evaluate(async (d) => {
      const g = globalThis as unknown as V3Global;
      const { RegisterLensDB, Dexie } = g.RegisterLensV3;
      // Whatever the new worker opened at start-up goes: this origin's store is version 3's.
      await Dexie.delete('register-lens');
      const v3 = new RegisterLensDB('register-lens', 3);
      await v3.open();
      await v3.table('pupils').bulkAdd(d.pupils);
      await v3.table('marks').bulkAdd(d.marks);
      await v3.table('markHistory').bulkAdd(d.history);
      await v3.table('importBatches').bulkAdd(d.batches);
      // Left open, as a side panel of the older release would hold it.
      g.oldTabDb = v3;
      return v3.verno;
    }, data);
    expect(version).toBe(3);

    const options = await extensionPage(browser, 'options.html');
    await expect
      .poll(() => options.getByText(/attendance marks stored/).textContent(), { timeout: 60_000 })
      .toContain(`${PUPILS} pupils and ${data.marks.length} attendance marks stored`);

    const stores = await options.evaluate(
      () =>
        new Promise<{ version: number; names: string[] }>((resolve, reject) => {
          const open = indexedDB.open('register-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const { version, objectStoreNames } = open.result;
            resolve({ version, names: [...objectStoreNames] });
            open.result.close();
          };
        }),
    );
    // Dexie opens version N as IndexedDB version 10 × N; the upgrade runs on to the latest.
    expect(stores.version).toBe(SCHEMA_VERSION * 10);
    expect(stores.names).toContain('timelines');
    expect(stores.names).not.toContain('marks');
    // The old tab let go of its connection rather than block the upgrade.
    expect(
      await oldTab.evaluate(() => (globalThis as unknown as V3Global).oldTabDb!.isOpen()),
    ).toBe(false);

    const key = (m: { pupilId: string; date: string; session: string }) =>
      `${m.pupilId} ${m.date} ${m.session}`;
    const sort = <T extends { pupilId: string; date: string; session: string }>(rows: T[]) =>
      [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(sort(await storedMarks(browser))).toEqual(sort(data.marks));
    expect(await storedRecords(browser, 'timelines')).toHaveLength(PUPILS);
    expect(await storedRecords(browser, 'markHistory')).toHaveLength(data.history.length);
    const batches = await storedRecords<{ id: string; added: Array<{ slots: string }> }>(
      browser,
      'importBatches',
    );
    const spring = batches.find((b) => b.id === 'spring')!;
    expect(spring.added.reduce((n, a) => n + a.slots.length / 11, 0)).toBe(
      data.batches[1]!.added.length,
    );
    await options.close();
  });
});
