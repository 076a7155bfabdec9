import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Flag } from '../../utils/attendance/types';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import {
  applyReading,
  db,
  countMarks,
  marksBetween,
  exportAll,
  flaggedPupils,
  importRows,
  loadSettings,
  observe,
  purgeOlderThan,
  restoreAll,
  reviewFlag,
  saveFigures,
  saveNote,
  saveSettings,
  wipeAll,
  type FiguresRecord,
} from '../../utils/store';
import { AT, SITE_A, URL_A, freshStore, mark, reading } from './helpers';

const figures = (absencePct: number): FiguresRecord['figures'] => ({
  possible: 100,
  present: 100 - absencePct,
  authorised: 0,
  unauthorised: absencePct,
  lateBeforeClose: 0,
  lateAfterClose: 0,
  notPossible: 0,
  unmarked: 0,
  unknown: 0,
  attendancePct: 100 - absencePct,
  absencePct,
  band: absencePct >= 10 ? 'persistent' : 'none',
  sessionsUntilPersistent: 0,
  presentSessionsToRecover: 0,
  maxUnauthorisedIn10Weeks: absencePct,
});

async function twoPupils() {
  await applyReading({
    reading: reading([
      { key: 'ada', name: 'Ada', marks: [mark('2024-07-01', 'N'), mark('2026-03-02', 'N')] },
      { key: 'ben', name: 'Ben', marks: [mark('2026-03-02', '/')] },
    ]),
    url: URL_A,
    saved: true,
    at: AT,
  });
}

describe('purgeOlderThan', () => {
  beforeEach(freshStore);

  it('should delete marks and their history before the cutoff and keep the rest', async () => {
    await twoPupils();
    await applyReading({
      reading: reading([{ key: 'ada', marks: [mark('2024-07-01', 'I')] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });

    const purged = await purgeOlderThan('2024-09-01');

    expect(purged).toEqual({
      marks: 1,
      history: 1,
      pupilIds: [`${SITE_A}|ada`],
      batches: 0,
      batchEntries: 0,
    });
    expect((await marksBetween('2000-01-01', '2099-12-31')).map((m) => m.date)).toEqual([
      '2026-03-02',
      '2026-03-02',
    ]);
  });
  it('should trim the year a cutoff falls inside and keep its later sessions', async () => {
    await twoPupils();
    await applyReading({
      reading: reading([{ key: 'ada', marks: [mark('2025-10-06', 'I')] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });

    const purged = await purgeOlderThan('2026-01-01');

    expect(purged.marks).toBe(2);
    expect((await marksBetween('2000-01-01', '2099-12-31')).map((m) => m.date)).toEqual([
      '2026-03-02',
      '2026-03-02',
    ]);
  });

  it('should drop import batch copies before the cutoff and batches left with nothing to undo', async () => {
    const row = (date: string, mark: string) => ({
      line: 2,
      pupilId: 'Z9',
      name: 'Zed',
      date,
      session: 'AM' as const,
      mark,
    });
    const first = await importRows([row('2024-07-01', 'M'), row('2026-01-05', 'M')], {
      batchLabel: 'first',
      at: AT,
    });
    const second = await importRows([row('2024-07-01', 'N'), row('2026-01-05', 'N')], {
      batchLabel: 'second',
      at: AT,
    });
    const oldOnly = await importRows([row('2024-06-03', 'I')], { batchLabel: 'old', at: AT });

    const purged = await purgeOlderThan('2024-09-01');

    const batches = db().importBatches;
    expect([purged.batches, purged.batchEntries]).toEqual([1, 2]);
    expect(await batches.get(oldOnly.batchId)).toBeUndefined();
    expect((await batches.get(first.batchId))?.added).toEqual([
      { pupilId: 'import:csv|Z9', year: 2025, slots: '2026-01-05A' },
    ]);
    expect((await batches.get(second.batchId))?.replaced.map((m) => m.date)).toEqual([
      '2026-01-05',
    ]);
  });
});

describe('wipeAll', () => {
  beforeEach(freshStore);

  it('should remove every pupil record but keep the settings unless told otherwise', async () => {
    await twoPupils();
    await saveSettings({ ...DEFAULT_SETTINGS, privacyScreen: true });

    await wipeAll();

    expect(await countMarks()).toBe(0);
    expect(await db().pupils.count()).toBe(0);
    expect((await loadSettings()).settings.privacyScreen).toBe(true);
  });

  it('should remove the settings too when told to wipe everything', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, privacyScreen: true });

    await wipeAll({ everything: true });

    expect(await db().settings.count()).toBe(0);
  });
});

describe('exportAll and restoreAll', () => {
  beforeEach(freshStore);

  it('should round-trip every table exactly', async () => {
    await twoPupils();
    await importRows(
      [{ line: 2, pupilId: 'Z9', name: 'Zed', date: '2026-01-05', session: 'PM', mark: 'M' }],
      { batchLabel: 'term', at: AT },
    );
    await applyReading({
      reading: reading([{ key: 'ben', marks: [mark('2026-03-02', 'L')] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });
    await saveNote({
      id: 'n1',
      pupilId: `${SITE_A}|ada`,
      date: '2026-03-02',
      by: 'Ms Khan',
      text: 'Spoke to Ada at break.',
    });
    await saveSettings({ ...DEFAULT_SETTINGS, sites: ['https://mis.school.example/*'] });
    const dump = await exportAll();

    freshStore();
    await restoreAll(structuredClone(dump));

    expect(await exportAll()).toEqual(dump);
  });

  it('should refuse a dump that does not fit and leave the store as it was', async () => {
    await twoPupils();
    const dump = await exportAll();
    const broken = structuredClone(dump);
    broken.tables.timelines[0]!.slots = broken.tables.timelines[0]!.slots.replace('A', 'E');

    await expect(restoreAll(broken)).rejects.toThrow();

    expect(await countMarks()).toBe(3);
  });
});

describe('loadSettings', () => {
  beforeEach(freshStore);

  it('should give the defaults on a new store', async () => {
    expect(await loadSettings()).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
  });

  it('should repair a damaged stored value field by field', async () => {
    await db().settings.put({
      id: 'settings',
      value: { ...DEFAULT_SETTINGS, privacyScreen: 'yes', overlayEnabled: false },
    });

    const { settings, repaired } = await loadSettings();

    expect(repaired).toEqual(['privacyScreen']);
    expect(settings.overlayEnabled).toBe(false);
  });
});

describe('flaggedPupils', () => {
  beforeEach(freshStore);

  const flag: Flag = { id: 'persistent-absence', severity: 'high', reason: '12%', evidence: [] };

  async function flagged() {
    await twoPupils();
    await saveFigures([
      {
        pupilId: `${SITE_A}|ada`,
        asOf: '2026-03-02',
        figures: figures(12),
        flags: [flag],
        computedAt: AT,
      },
      {
        pupilId: `${SITE_A}|ben`,
        asOf: '2026-03-02',
        figures: figures(0),
        flags: [],
        computedAt: AT,
      },
    ]);
  }

  it('should list only pupils with a flag', async () => {
    await flagged();

    const list = await flaggedPupils({ today: '2026-03-02' });

    expect(list.map((p) => p.pupil.name)).toEqual(['Ada']);
  });

  it.each([
    { today: '2026-03-09', listed: 0 },
    { today: '2026-03-10', listed: 0 },
    { today: '2026-03-11', listed: 1 },
  ])(
    'should hide a flag snoozed until 2026-03-10 on $today: $listed listed',
    async ({ today, listed }) => {
      await flagged();
      await reviewFlag({
        pupilId: `${SITE_A}|ada`,
        flagId: 'persistent-absence',
        action: 'snoozed',
        until: '2026-03-10',
        reason: 'Family meeting booked',
        at: AT,
      });

      expect(await flaggedPupils({ today })).toHaveLength(listed);
    },
  );
});

describe('observe', () => {
  beforeEach(freshStore);

  it('should call back with the new result after a write', async () => {
    const seen: number[] = [];
    const stop = observe(
      () => countMarks(),
      (n) => seen.push(n),
    );
    // Waited for rather than slept on: under load the first answer can take longer than a
    // fixed pause, and the test then read nothing.
    await vi.waitFor(() => expect(seen[0]).toBe(0), { timeout: 5000 });

    await twoPupils();
    await vi.waitFor(() => expect(seen.at(-1)).toBe(3), { timeout: 5000 });
    stop();

    expect(seen[0]).toBe(0);
  });
});
