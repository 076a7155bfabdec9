import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { RegisterLensDB, SCHEMA_VERSION } from '../../utils/store/schema';

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

    const v2 = new RegisterLensDB(dbName);
    const pupils = await v2.pupils.orderBy('id').toArray();

    expect(v2.verno).toBe(SCHEMA_VERSION);
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
