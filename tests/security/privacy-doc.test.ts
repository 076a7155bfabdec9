import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { extensionOptionsApi } from '../../components/options/api';
import { DEMO_TODAY_KEY } from '../../utils/demo-clock';
import { DEFAULT_SETTINGS, retentionSchema } from '../../utils/settings/schema';
import { wipeAll } from '../../utils/store';
import { TABLE_NAMES, useDatabase, type RegisterLensDB } from '../../utils/store/schema';
import wxtConfig from '../../wxt.config';

/**
 * docs/PRIVACY.md is what a school's DPO signs off. These tests pin its lists to the code, so a
 * new table, storage key or permission, or a changed wipe or retention default, fails here until
 * the page says so too.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs/PRIVACY.md'), 'utf8');

/** The markdown section under a `## heading`, up to the next one. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`docs/PRIVACY.md has no section "${heading}"`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** Body rows of every markdown table in a text, as trimmed cells. */
const tableRows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

const storeRows = tableRows(section('What it stores')).filter((row) =>
  (TABLE_NAMES as readonly string[]).includes(ticked(row[0] ?? '')[0] ?? '-'),
);
const documentedTables = storeRows.map((row) => ticked(row[0]!)[0]!);
const keptByPlainWipe = storeRows
  .filter((row) => /only with "everything"/i.test(row.at(-1)!))
  .map((row) => ticked(row[0]!)[0]!);

type Manifest = { permissions?: string[]; host_permissions?: string[] } & Record<string, unknown>;
const manifestFor = (browser: string, mode: string): Manifest => {
  const manifest = wxtConfig.manifest as unknown as (env: object) => Manifest;
  return manifest({ browser, mode, manifestVersion: 3, command: 'build' });
};

describe('docs/PRIVACY.md against the store', () => {
  it('should name every table of the store schema, and no other', () => {
    expect([...documentedTables].sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('should say how long each table is kept and whether a wipe removes it', () => {
    for (const row of storeRows) {
      expect(row).toHaveLength(4);
      expect(row[2]).not.toBe('');
      expect(row.at(-1)).toMatch(/^(Yes|Only with "everything")$/);
    }
  });

  describe('wiping', () => {
    let store: RegisterLensDB;
    let n = 0;

    beforeEach(async () => {
      store = useDatabase(`privacy-doc-${++n}`);
      // One row in every table: the wipe must decide per table, whatever the table holds.
      for (const name of TABLE_NAMES) {
        const row =
          name === 'timelines'
            ? { pupilId: 'p', year: 2025 }
            : name === 'markHistory'
              ? { pupilId: 'p', date: '2025-09-08', session: 'AM' }
              : name === 'figures'
                ? { pupilId: 'p' }
                : name === 'siteMappings'
                  ? { siteId: 's' }
                  : { id: name === 'settings' ? 'settings' : 'x' };
        await store.table(name).add(row);
      }
    });

    afterAll(() => store.close());

    const nonEmpty = async () => {
      const left: string[] = [];
      for (const name of TABLE_NAMES) if ((await store.table(name).count()) > 0) left.push(name);
      return left.sort();
    };

    it('should keep exactly the tables the page says a plain wipe keeps', async () => {
      await wipeAll();
      expect(await nonEmpty()).toEqual([...keptByPlainWipe].sort());
    });

    it('should keep nothing in the database after a wipe of everything', async () => {
      await wipeAll({ everything: true });
      expect(await nonEmpty()).toEqual([]);
    });
  });
});

describe('docs/PRIVACY.md against the settings', () => {
  it('should give the default retention the settings give', () => {
    const years = DEFAULT_SETTINGS.retention.academicYears;
    const stated = [...DOC.matchAll(/\((\d+) academic years\)/g)].map((m) => Number(m[1]));
    expect(stated.length).toBeGreaterThan(0);
    expect(new Set(stated)).toEqual(new Set([years]));
  });

  it.each([
    [1, true],
    [10, true],
    [0, false],
    [11, false],
  ])('should allow %i academic years only if the page says one to ten (%s)', (years, ok) => {
    expect(DOC).toContain('from one to ten academic');
    expect(retentionSchema.safeParse({ academicYears: years }).success).toBe(ok);
  });
});

describe('docs/PRIVACY.md against the manifest', () => {
  const rows = tableRows(section('What it asks the browser for, and why'));
  const apiPermissions = rows
    .map((row) => ticked(row[0] ?? ''))
    .filter((names) => names.length === 1 && !names[0]!.includes('_'))
    .map((names) => names[0]!);
  const optionalRow = rows.find((row) => row[0]!.includes('optional_host_permissions'));

  it.each([
    ['chrome', 'production', true],
    ['chrome', 'demo', true],
    ['firefox', 'production', false],
  ])('should list exactly the permissions the %s %s build asks for', (browser, mode, chrome) => {
    const documented = chrome ? apiPermissions : apiPermissions.filter((p) => p !== 'sidePanel');
    expect([...(manifestFor(browser, mode).permissions ?? [])].sort()).toEqual(
      [...documented].sort(),
    );
  });

  it('should list the optional host permissions the settings page asks from', () => {
    const optional = manifestFor('chrome', 'production').optional_host_permissions as string[];
    expect(
      ticked(optionalRow?.[0] ?? '')
        .slice(1)
        .sort(),
    ).toEqual([...optional].sort());
  });

  it('should be right that the store builds hold no host permission', () => {
    expect(DOC).toContain('No `host_permissions` in the store builds');
    expect(manifestFor('chrome', 'production').host_permissions).toEqual([]);
    expect(manifestFor('firefox', 'production').host_permissions).toEqual([]);
    expect(manifestFor('chrome', 'demo').host_permissions).toEqual(['http://127.0.0.1/*']);
  });
});

/** Every TypeScript source file under `dir`, relative to the repo. */
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('docs/PRIVACY.md against the storage outside the database', () => {
  const SOURCE_DIRS = ['utils', 'components', 'entrypoints'];
  const sources = SOURCE_DIRS.flatMap((dir) => walk(dir));
  const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
  const keyRows = tableRows(section('What it stores')).filter((row) =>
    /storage|localStorage/.test(row[0] ?? ''),
  );

  it('should document every file that writes outside the database, and only those', () => {
    // A new file here means a new place pupil data may sit: add it to docs/PRIVACY.md first.
    const users = sources
      .filter((file) =>
        /storage\.(local|session|sync)|localStorage|sessionStorage/.test(text(file)),
      )
      .sort();
    expect(users).toEqual(
      [
        'components/overlay/dock-prefs.ts',
        'components/transfer/api.ts',
        'components/ui/theme.ts',
        'entrypoints/background.ts',
        'entrypoints/sidepanel/main.tsx',
        'utils/demo-clock.ts',
        'utils/messaging/background.ts',
        'utils/messaging/protocol.ts',
      ].sort(),
    );
  });

  it('should never use storage that browser sync copies', () => {
    expect(DOC).toContain('nothing uses\n  `storage.sync`');
    expect(sources.filter((file) => /storage\.sync/.test(text(file)))).toEqual([]);
  });

  it.each([
    ['pseudonymSecret', 'components/transfer/api.ts'],
    ['figuresBasis', 'utils/messaging/background.ts'],
    ['register:latest', 'utils/messaging/background.ts'],
    ['register:tab:', 'utils/messaging/background.ts'],
    ['register-lens:theme', 'components/ui/theme.ts'],
    ['overlayDock', 'components/overlay/dock-prefs.ts'],
  ])('should name the key %s as the code in %s spells it', (key, file) => {
    expect(keyRows.some((row) => row[1]!.includes(key))).toBe(true);
    expect([`'${key}`, `\`${key}`].some((literal) => text(file).includes(literal))).toBe(true);
  });

  it('should name exactly the keys outside the database that the options page wipe removes', async () => {
    fakeBrowser.reset();
    const local = ['pseudonymSecret', 'figuresBasis', DEMO_TODAY_KEY];
    const session = ['register:tab:3', 'register:latest'];
    await fakeBrowser.storage.local.set(Object.fromEntries(local.map((k) => [k, 'x'])));
    await fakeBrowser.storage.session.set(Object.fromEntries(session.map((k) => [k, 'x'])));
    useDatabase(`privacy-doc-outside-${Math.random().toString(36).slice(2)}`);

    await extensionOptionsApi.wipeAll(false);

    const left = Object.keys(await fakeBrowser.storage.local.get(null));
    const removed = [...local, ...session].filter((k) => !left.includes(k));
    // The bullet names what goes, then what stays (the theme is page localStorage, not here).
    const wipeBullet = section('How to wipe it')
      .split('\n- ')
      .find((bullet) => bullet.includes('outside the database'));
    const named = ticked(wipeBullet ?? '').map((k) => k.replace('<tab id>', '3'));
    const namedKeys = named.filter((k) => [...local, ...session].includes(k));
    expect(removed.sort()).toEqual(namedKeys.filter((k) => k !== DEMO_TODAY_KEY).sort());
    expect(left).toEqual([DEMO_TODAY_KEY]);
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual([]);
  });

  it('should name the demo clock key the demo build stores', () => {
    expect(keyRows.some((row) => ticked(row[1]!).includes(DEMO_TODAY_KEY))).toBe(true);
  });
});
