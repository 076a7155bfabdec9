import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { RegisterLensDB, SCHEMA_VERSION } from '../../utils/store/schema';
import { freshStore } from './helpers';
import { db, importRows } from '../../utils/store';

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
    expect(await v2.marks.count()).toBe(1);
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

    const v3 = new RegisterLensDB(dbName);
    const [pupil] = await v3.pupils.toArray();

    expect(v3.verno).toBe(SCHEMA_VERSION);
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
