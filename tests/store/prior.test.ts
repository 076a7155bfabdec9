import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { analysePupil } from '../../utils/attendance/analyse';
import {
  applyReading,
  db,
  exportAll,
  importPriorSummaries,
  pupilPriorSummaries,
  purgePriorOlderThan,
  recomputeFigures,
  restoreAll,
  undoPriorImport,
} from '../../utils/store';
import { RegisterLensDB, SCHEMA_VERSION } from '../../utils/store/schema';
import { AT, freshStore, mark, reading, SITE_A, URL_A } from './helpers';

const row = (pupilId: string, possible: number, absent: number, academicYear = 2024) => ({
  pupilId,
  academicYear,
  possible,
  present: possible - absent,
  authorised: absent,
  unauthorised: 0,
  school: 'Oak Primary',
});
const opts = { siteId: SITE_A, batchLabel: 'year6.csv', at: AT };

/** A pupil read from a September register of 2025/26 with the MIS id 4123. */
async function readPupil(id = 'id:4123') {
  await applyReading({
    reading: reading([{ key: id, name: 'Sam Lee', marks: [mark('2025-09-04', '/')] }]),
    url: URL_A,
    saved: true,
    at: AT,
  });
  return `${SITE_A}|${id}`;
}

describe('prior-school summaries in the store', () => {
  beforeEach(freshStore);

  it('should meet a pupil by MIS id, however the file pads it, even before the first register', async () => {
    const result = await importPriorSummaries([row('004123', 342, 48)], opts);

    const pupilId = await readPupil('id:4123');
    const summaries = await pupilPriorSummaries((await db().pupils.get(pupilId))!);

    expect(result).toMatchObject({ added: 1, replaced: 0, pupilIds: [] });
    expect(summaries.map((s) => [s.academicYear, s.possible, s.fileId])).toEqual([
      [2024, 342, '004123'],
    ]);
  });

  it('should report the stored pupils it belongs to, for recomputing', async () => {
    const pupilId = await readPupil();

    const result = await importPriorSummaries([row('4123', 342, 48), row('9999', 300, 0)], opts);

    expect(result.pupilIds).toEqual([pupilId]);
  });

  it('should raise the prior-year flag when figures are recomputed, keeping this year apart', async () => {
    const pupilId = await readPupil();
    await importPriorSummaries([row('4123', 342, 48)], opts);

    const [record] = await recomputeFigures([pupilId], {
      analyse: analysePupil,
      asOf: '2025-09-04',
      from: '2025-09-01',
      at: AT,
    });

    expect(record!.figures.possible).toBe(1);
    expect(record!.priorYear).toMatchObject({
      academicYear: 2024,
      source: 'summary',
      absencePct: 14.04,
    });
    expect(record!.flags.map((f) => f.id)).toContain('prior-year-persistent');
  });

  it('should undo an import, putting back the summary it replaced', async () => {
    await importPriorSummaries([row('4123', 300, 10)], opts);
    const second = await importPriorSummaries([row('4123', 342, 48), row('77', 100, 60)], opts);

    const undone = await undoPriorImport(second.batchId, { at: AT });
    const left = await db().priorSummaries.toArray();

    expect(undone).toMatchObject({ removed: 1, restored: 1, keptNewer: 0 });
    expect(left.map((s) => [s.misId, s.possible])).toEqual([['4123', 300]]);
  });

  it('should leave a summary a later import replaced when an earlier import is undone', async () => {
    const first = await importPriorSummaries([row('4123', 300, 10)], opts);
    await importPriorSummaries([row('4123', 342, 48)], opts);

    const undone = await undoPriorImport(first.batchId, { at: AT });

    expect(undone).toMatchObject({ removed: 0, keptNewer: 1 });
    expect((await db().priorSummaries.toArray()).map((s) => s.possible)).toEqual([342]);
  });

  it.each<[string, number]>([
    ['2025-08-31', 1],
    ['2025-09-01', 0],
  ])(
    'should keep a 2024/25 summary under a retention cutoff of %s: %i left',
    async (cutoff, left) => {
      await importPriorSummaries([row('4123', 342, 48)], opts);

      await purgePriorOlderThan(cutoff);

      expect(await db().priorSummaries.count()).toBe(left);
      expect(await db().priorImports.count()).toBe(left);
    },
  );

  it('should carry summaries in a backup, and restore a backup made before they existed', async () => {
    await importPriorSummaries([row('4123', 342, 48)], opts);
    const dump = await exportAll();
    const { priorSummaries: _s, priorImports: _i, ...older } = dump.tables;

    await restoreAll(dump);
    expect(await db().priorSummaries.count()).toBe(1);
    // A version-4 backup: packed marks, no prior tables yet.
    await restoreAll({ ...dump, schemaVersion: 4, tables: older });
    expect(await db().priorSummaries.count()).toBe(0);
  });
});

describe('schema version 5', () => {
  it('should open a version-3 database with its data and the two new tables', async () => {
    const name = `register-lens-v5-${Math.random().toString(36).slice(2)}`;
    const v3 = new RegisterLensDB(name, 3);
    await v3.open();
    await v3.table('sites').add({ id: SITE_A, adapter: null, firstSeen: AT, lastSeen: AT });
    v3.close();

    const latest = new RegisterLensDB(name);
    await latest.open();

    expect(latest.verno).toBe(SCHEMA_VERSION);
    expect(await latest.sites.count()).toBe(1);
    expect(latest.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['priorSummaries', 'priorImports']),
    );
    latest.close();
    await Dexie.delete(name);
  });
});
