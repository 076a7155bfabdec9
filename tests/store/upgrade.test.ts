import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { RegisterLensDB, SCHEMA_VERSION } from '../../utils/store/schema';
import { freshStore } from './helpers';
import { COLUMN_SEPARATOR } from '../../utils/store/packed';
import {
  countMarks,
  db,
  importRows,
  pupilMarkHistory,
  pupilMarks,
  undoImport,
  useDatabase,
} from '../../utils/store';

const joined = (...values: string[]) => values.join(COLUMN_SEPARATOR);

const name = () => `register-lens-upgrade-${Math.random().toString(36).slice(2)}`;

describe('upgradeV2SplitPupilIds', () => {
  it('should split version-1 pupil ids into site and key, normalise names and add tags', async () => {
    const dbName = name();
    const v1 = new RegisterLensDB(dbName, 1);
    await v1.table('pupils').bulkAdd([
      { id: 'https://mis.school.example|gibbon:0001', name: '  Ada\t Example ', group: '7B' },
      { id: 'A123', name: 'Ben  Brown', group: '' },
    ]);
    await v1.table('marks').add({ pupilId: 'A123', date: '2025-09-03', session: 'AM', mark: '/' });
    v1.close();

    const v2 = new RegisterLensDB(dbName, 2);
    const pupils = await v2.pupils.orderBy('id').toArray();

    expect(v2.verno).toBe(2);
    expect(pupils).toEqual([
      { id: 'A123', siteId: 'import:csv', key: 'A123', name: 'Ben Brown', group: null, tags: [] },
      {
        id: 'https://mis.school.example|gibbon:0001',
        siteId: 'https://mis.school.example',
        key: 'gibbon:0001',
        name: 'Ada Example',
        group: '7B',
        tags: [],
      },
    ]);
    expect(
      await v2.pupils.where('[siteId+group]').equals(['https://mis.school.example', '7B']).count(),
    ).toBe(1);
    expect(await v2.table('marks').count()).toBe(1);
    v2.close();
  });

  it('should open an empty version-1 database at the latest version with every table', async () => {
    const dbName = name();
    const v1 = new RegisterLensDB(dbName, 1);
    await v1.open();
    v1.close();

    const latest = new RegisterLensDB(dbName);
    await latest.open();

    expect(latest.verno).toBe(SCHEMA_VERSION);
    expect(latest.tables.map((t) => t.name).sort()).toContain('importBatches');
    latest.close();
    await Dexie.delete(dbName);
  });
});

/** A pupil as version 2 stored it: no `misId`. */
const v2Pupil = (siteId: string, key: string, name = 'Ada Example') => ({
  id: `${siteId}|${key}`,
  siteId,
  key,
  name,
  group: '7B',
  tags: [],
});

describe('upgradeV3BackfillMisIds', () => {
  it.each([
    { siteId: 'https://mis.school.example', key: 'id:004123', misId: '4123' },
    { siteId: 'https://mis.school.example', key: 'gibbon:0000002216', misId: '2216' },
    { siteId: 'https://mis.school.example', key: 'id: UPN-A12 ', misId: 'upn-a12' },
    { siteId: 'https://mis.school.example', key: 'name:7B:ada example', misId: null },
    { siteId: 'import:csv', key: 'A0123', misId: 'a0123' },
    { siteId: 'import:csv', key: '000', misId: '0' },
  ])('should give a version-2 pupil $key on $siteId the MIS id $misId', async (c) => {
    const dbName = name();
    const v2 = new RegisterLensDB(dbName, 2);
    await v2.table('pupils').add(v2Pupil(c.siteId, c.key));
    v2.close();

    const v3 = new RegisterLensDB(dbName, 3);
    const [pupil] = await v3.pupils.toArray();

    expect(v3.verno).toBe(3);
    expect(pupil).toEqual({ ...v2Pupil(c.siteId, c.key), misId: c.misId });
    v3.close();
    await Dexie.delete(dbName);
  });

  it('should index the backfilled ids by site, leaving name-keyed pupils out of the index', async () => {
    const dbName = name();
    const v2 = new RegisterLensDB(dbName, 2);
    await v2
      .table('pupils')
      .bulkAdd([
        v2Pupil('https://a.example', 'id:4123'),
        v2Pupil('https://b.example', 'id:4123'),
        v2Pupil('https://a.example', 'name:7B:ada example'),
      ]);
    v2.close();

    const v3 = new RegisterLensDB(dbName);
    const onA = await v3.pupils
      .where('[siteId+misId]')
      .equals(['https://a.example', '4123'])
      .toArray();

    expect(onA.map((p) => p.id)).toEqual(['https://a.example|id:4123']);
    expect(
      await v3.pupils
        .where('[siteId+misId]')
        .between(['https://a.example', ''], ['https://a.example', '\uffff'], true, true)
        .count(),
    ).toBe(1);
    v3.close();
    await Dexie.delete(dbName);
  });

  it('should run both upgrades in turn on a version-1 database', async () => {
    const dbName = name();
    const v1 = new RegisterLensDB(dbName, 1);
    await v1.table('pupils').add({ id: 'https://a.example|gibbon:0042', name: 'Ada', group: '7B' });
    v1.close();

    const latest = new RegisterLensDB(dbName);

    expect(await latest.pupils.get('https://a.example|gibbon:0042')).toMatchObject({
      siteId: 'https://a.example',
      key: 'gibbon:0042',
      misId: '42',
    });
    latest.close();
    await Dexie.delete(dbName);
  });
});

describe('a store upgraded from version 2', () => {
  beforeEach(freshStore);

  it('should join an import attached to the site to a pupil the register stored before the upgrade', async () => {
    const store = db();
    store.close();
    const v2 = new RegisterLensDB(store.name, 2);
    await v2
      .table('pupils')
      .add(v2Pupil('https://a.example', 'gibbon:0000002216', 'Flavia Andrews'));
    v2.close();
    await store.open();

    const result = await importRows(
      [
        {
          line: 2,
          pupilId: '2216',
          name: 'Andrews, Flavia',
          group: '8.1',
          date: '2026-01-05',
          session: 'AM',
          mark: 'N',
        },
      ],
      { batchLabel: 'mis.csv', siteId: 'https://a.example', at: '2026-03-02T08:00:00.000Z' },
    );

    expect(result.pupilIds).toEqual(['https://a.example|gibbon:0000002216']);
    expect(await db().pupils.count()).toBe(1);
    expect((await db().pupils.toArray())[0]?.name).toBe('Flavia Andrews');
  });
});

describe('upgradeV4PackTimelines', () => {
  const SITE = 'https://mis.school.example';
  const ada = `${SITE}|gibbon:0001`;
  const ben = 'import:csv|B2';
  const register = (date: string, session: 'AM' | 'PM', mark: string, raw: string) => ({
    pupilId: ada,
    date,
    session,
    mark,
    raw,
    source: 'register' as const,
    observedAt: `${date}T08:45:00.000Z`,
    url: `${SITE}/register?group=7B`,
    batchId: null,
  });
  const imported = (pupilId: string, date: string, session: 'AM' | 'PM', mark: string) => ({
    pupilId,
    date,
    session,
    mark,
    raw: mark,
    source: 'import' as const,
    observedAt: '2026-01-10T12:00:00.000Z',
    url: null,
    batchId: 'term',
  });
  /** Version 3 as it stood after a register, an import of a term, and an undone earlier import. */
  const v3Marks = [
    // Last academic year (2024), from an import.
    imported(ada, '2025-07-14', 'AM', 'I'),
    register('2025-09-08', 'AM', '/', 'Present'),
    register('2025-09-08', 'PM', 'N', 'Absent'),
    // The import replaced a register mark here (the earlier value is in the batch and history).
    imported(ada, '2025-09-09', 'AM', 'M'),
    register('2026-03-02', 'AM', '?', 'Out on a trip'),
    imported(ben, '2025-09-08', 'AM', '/'),
    imported(ben, '2025-09-08', 'PM', 'L'),
  ];
  const replacedByImport = register('2025-09-09', 'AM', 'N', 'Absent');
  const v3History = [
    {
      id: 1,
      pupilId: ada,
      date: '2025-09-09',
      session: 'AM',
      from: 'N',
      to: 'M',
      fromRaw: 'Absent',
      toRaw: 'M',
      at: '2026-01-10T12:00:00.000Z',
      source: 'import',
      url: null,
      batchId: 'term',
    },
  ];
  const v3Batches = [
    {
      id: 'earlier',
      label: 'wrong-file.csv',
      siteId: 'import:csv',
      at: '2025-12-01T10:00:00.000Z',
      onlyValid: false,
      rows: 1,
      added: [],
      replaced: [],
      pupilsAdded: [],
      undoneAt: '2025-12-01T10:05:00.000Z',
    },
    {
      id: 'term',
      label: 'autumn.csv',
      siteId: SITE,
      at: '2026-01-10T12:00:00.000Z',
      onlyValid: false,
      rows: 4,
      added: [
        [ada, '2025-07-14', 'AM'],
        [ben, '2025-09-08', 'AM'],
        [ben, '2025-09-08', 'PM'],
      ],
      replaced: [replacedByImport],
      pupilsAdded: [ben],
      undoneAt: null,
    },
  ];

  async function v3Database(): Promise<string> {
    const dbName = name();
    const v3 = new RegisterLensDB(dbName, 3);
    await v3.table('pupils').bulkAdd([
      { id: ada, siteId: SITE, key: 'gibbon:0001', name: 'Ada', group: '7B', tags: [], misId: '1' },
      { id: ben, siteId: 'import:csv', key: 'B2', name: 'Ben', group: null, tags: [], misId: 'b2' },
    ]);
    // Arrival order is not key order: version 3 kept them by key whatever the order of writing.
    await v3.table('marks').bulkAdd([...v3Marks].reverse());
    await v3.table('markHistory').bulkAdd(v3History);
    await v3.table('importBatches').bulkAdd(v3Batches);
    v3.close();
    return dbName;
  }

  it('should pack every mark into one record per pupil per academic year, provenance intact', async () => {
    const dbName = await v3Database();

    const v4 = new RegisterLensDB(dbName, 4);
    await v4.open();
    const records = await v4.timelines.toArray();

    expect(v4.verno).toBe(4);
    expect(v4.tables.map((t) => t.name)).not.toContain('marks');
    expect(records.map((r) => [r.pupilId, r.year, r.slots.length / 11])).toEqual([
      [ada, 2024, 1],
      [ada, 2025, 4],
      [ben, 2025, 2],
    ]);
    expect(records[1]).toMatchObject({
      slots: '2025-09-08A2025-09-08P2025-09-09A2026-03-02A',
      marks: joined('/', 'N', 'M', '?'),
      raws: joined('Present', 'Absent', 'M', 'Out on a trip'),
      registerAt: '2026-03-02T08:45:00.000Z',
    });
    // Ben's year came from one import: one origin, one run, no separate raw labels.
    expect(records[2]).toMatchObject({ raws: [], runs: [2, 0] });
    expect(records[2]!.origins).toHaveLength(1);
    v4.close();
    await Dexie.delete(dbName);
  });

  it('should give back every version-3 mark exactly, with its history untouched', async () => {
    const dbName = await v3Database();
    useDatabase(dbName);

    const marks = [...(await pupilMarks(ada)), ...(await pupilMarks(ben))];

    expect(marks).toEqual(v3Marks);
    expect(await pupilMarkHistory(ada)).toEqual(v3History);
    expect(await countMarks()).toBe(v3Marks.length);
    db().close();
    await Dexie.delete(dbName);
  });

  it('should pack the keys an import added, so the import still undoes exactly', async () => {
    const dbName = await v3Database();
    useDatabase(dbName);

    const batch = await db().importBatches.get('term');
    const result = await undoImport('term', { at: '2026-03-03T09:00:00.000Z' });

    expect(batch?.added).toEqual([
      { pupilId: ada, year: 2024, slots: '2025-07-14A' },
      { pupilId: ben, year: 2025, slots: '2025-09-08A2025-09-08P' },
    ]);
    expect(batch?.replaced).toEqual([replacedByImport]);
    expect(result).toMatchObject({ removed: 3, restored: 1, keptNewer: 0 });
    expect(await pupilMarks(ada)).toEqual(
      v3Marks
        .filter((m) => m.pupilId === ada && m.date !== '2025-07-14')
        .map((m) => (m.date === '2025-09-09' ? replacedByImport : m)),
    );
    expect(await db().pupils.get(ben)).toBeUndefined();
    expect(await db().timelines.count()).toBe(1);
    expect((await db().importBatches.get('earlier'))?.added).toEqual([]);
    db().close();
    await Dexie.delete(dbName);
  });

  it('should open an empty version-3 database at version 4 with no timeline', async () => {
    const dbName = name();
    const v3 = new RegisterLensDB(dbName, 3);
    await v3.open();
    v3.close();

    const v4 = new RegisterLensDB(dbName, 4);

    expect(await v4.timelines.count()).toBe(0);
    expect(v4.verno).toBe(4);
    v4.close();
    await Dexie.delete(dbName);
  });
});

describe('upgradeV6JoinColumns', () => {
  const pupilId = 'import:csv|A1';
  const origin = { source: 'import', at: '2026-01-10T12:00:00.000Z', url: null, batchId: 'b' };
  const v5Records = [
    {
      pupilId,
      year: 2024,
      slots: '2025-07-14A',
      marks: ['I'],
      raws: [],
      origins: [origin],
      runs: [1, 0],
    },
    {
      pupilId,
      year: 2025,
      slots: '2025-09-08A2025-09-08P2025-09-09A',
      marks: ['/', 'N', ''],
      raws: ['Present', 'Absent', '-'],
      origins: [{ ...origin, source: 'register', url: 'https://mis.example/r', batchId: null }],
      runs: [3, 0],
      registerAt: '2026-01-10T12:00:00.000Z',
    },
    {
      pupilId: 'import:csv|B2',
      year: 2025,
      slots: '2025-09-08A2025-09-08P',
      marks: ['N', '?'],
      raws: ['N', `odd${COLUMN_SEPARATOR}label`],
      origins: [origin],
      runs: [2, 0],
    },
  ];

  it('should join each record of version 5 into one string per column', async () => {
    const dbName = name();
    const v5 = new RegisterLensDB(dbName, 5);
    await v5.table('timelines').bulkAdd(v5Records);
    v5.close();

    const v6 = new RegisterLensDB(dbName, 6);
    await v6.open();
    const records = await v6.timelines.toArray();

    expect(v6.verno).toBe(6);
    expect(records.map((r) => [r.marks, r.raws])).toEqual([
      ['I', []],
      [joined('/', 'N', ''), joined('Present', 'Absent', '-')],
      // A raw label holding the separator keeps its column an array: nothing is lost.
      [joined('N', '?'), ['N', `odd${COLUMN_SEPARATOR}label`]],
    ]);
    expect(records[1]).toMatchObject({ registerAt: '2026-01-10T12:00:00.000Z', runs: [3, 0] });
    v6.close();
    await Dexie.delete(dbName);
  });

  it('should give back every mark the version-5 records held, exactly', async () => {
    const dbName = name();
    const v5 = new RegisterLensDB(dbName, 5);
    await v5.table('timelines').bulkAdd(v5Records);
    v5.close();
    useDatabase(dbName);

    const marks = await pupilMarks(pupilId);

    expect(marks.map((m) => [m.date, m.session, m.mark, m.raw, m.source])).toEqual([
      ['2025-07-14', 'AM', 'I', 'I', 'import'],
      ['2025-09-08', 'AM', '/', 'Present', 'register'],
      ['2025-09-08', 'PM', 'N', 'Absent', 'register'],
      ['2025-09-09', 'AM', '', '-', 'register'],
    ]);
    expect((await pupilMarks('import:csv|B2')).map((m) => m.raw)).toEqual([
      'N',
      `odd${COLUMN_SEPARATOR}label`,
    ]);
    expect(db().verno).toBe(6);
    db().close();
    await Dexie.delete(dbName);
  });
});
