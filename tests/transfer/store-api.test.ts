import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { backupPayloadSchema, storeTransferApi as api } from '../../components/transfer/api';
import { applyReading, useDatabase } from '../../utils/store';
import { createBackup, restoreBackup } from '../../utils/transfer/backup';
import { parseImport, planImport } from '../../utils/transfer/shapes';

const csv = [
  'pupil_id,name,group,date,session,mark',
  'S1,"Turner, Grace",7B,2025-09-01,AM,/',
  'S1,"Turner, Grace",7B,2025-09-01,PM,N',
  'S2,"Singh, Jacob",7B,2025-09-01,AM,/',
].join('\n');
const fast = { createdAt: '2026-01-21T09:00:00.000Z', iterations: 100_000 };
const fresh = () => useDatabase(`rl-transfer-${Math.random().toString(36).slice(2)}`);

describe('the transfer sections against the real store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    fresh();
  });

  it('should plan a second import of a changed file as one replacement and the rest unchanged', async () => {
    await api.importRows(parseImport(csv, { shape: 'canonical' }).rows, {
      batchLabel: 'a.csv',
      at: fast.createdAt,
    });
    const changed = parseImport(csv.replace('PM,N', 'PM,I'), { shape: 'canonical' });

    const plan = planImport(
      changed,
      await api.existingMarks(
        'import:csv',
        changed.rows.map((r) => r.pupilId),
      ),
    );

    expect(plan).toMatchObject({ added: 0, replaced: 1, unchanged: 2 });
  });

  it('should offer each MIS site read, the most recent first, then a separate imported set', async () => {
    const read = (url: string, at: string) =>
      applyReading({
        reading: {
          adapter: 'generic',
          group: '7B',
          date: at.slice(0, 10),
          session: 'AM',
          taken: true,
          pupils: [{ key: 'id:004123', name: 'Grace Turner', marks: [] }],
          warnings: [],
        },
        url,
        saved: true,
        at,
      });
    await read('https://old-mis.example/register', '2026-01-05T08:45:00.000Z');
    await read('https://mis.school.example/register', '2026-01-20T08:45:00.000Z');
    await api.importRows(parseImport(csv, { shape: 'canonical' }).rows, {
      batchLabel: 'a.csv',
      at: fast.createdAt,
    });

    expect(await api.sites()).toEqual([
      { id: 'https://mis.school.example', label: 'Attach to https://mis.school.example' },
      { id: 'https://old-mis.example', label: 'Attach to https://old-mis.example' },
      { id: 'import:csv', label: 'Keep as a separate imported set' },
    ]);
  });

  it('should plan an attached file against the marks of the register’s pupil with the same id', async () => {
    const site = 'https://mis.school.example';
    await applyReading({
      reading: {
        adapter: 'generic',
        group: '7B',
        date: '2025-09-01',
        session: 'AM',
        taken: true,
        pupils: [
          {
            key: 'id:0001',
            name: 'Grace Turner',
            marks: [{ date: '2025-09-01', session: 'AM', raw: '/', code: '/', editable: false }],
          },
        ],
        warnings: [],
      },
      url: `${site}/register`,
      saved: true,
      at: fast.createdAt,
    });
    const file = parseImport(csv.replaceAll('S1,', '1,'), { shape: 'canonical' });
    const ids = file.rows.map((r) => r.pupilId);

    const plan = planImport(file, await api.existingMarks(site, ids));

    expect(plan).toMatchObject({ added: 2, replaced: 0, unchanged: 1 });
    expect(await api.matchedPupils!(site, ids)).toBe(1);
  });

  it('should keep the pseudonym secret once made', async () => {
    const first = await api.pseudonymSecret();

    expect(await api.pseudonymSecret()).toEqual(first);
    expect(first).toHaveLength(32);
  });

  it('should restore every table and the pseudonym secret exactly from an encrypted backup', async () => {
    await api.importRows(parseImport(csv, { shape: 'canonical' }).rows, {
      batchLabel: 'a.csv',
      at: fast.createdAt,
    });
    const secret = await api.pseudonymSecret();
    const before = await api.backupData();
    const file = await createBackup(before, 'purple otter lamp river', fast);

    fresh();
    fakeBrowser.reset();
    await restoreBackup(file, 'purple otter lamp river', {
      schema: backupPayloadSchema,
      restoreAll: (payload) => api.restoreData(payload),
    });

    expect(await api.backupData()).toEqual(before);
    expect(await api.pseudonymSecret()).toEqual(secret);
    expect(before.store.tables.timelines).toHaveLength(2);
  });

  it('should leave the store untouched when the passphrase is wrong', async () => {
    await api.importRows(parseImport(csv, { shape: 'canonical' }).rows, {
      batchLabel: 'a.csv',
      at: fast.createdAt,
    });
    const before = await api.backupData();
    const file = await createBackup(
      { ...before, store: { ...before.store, tables: { ...before.store.tables, timelines: [] } } },
      'purple otter lamp river',
      fast,
    );

    await expect(
      restoreBackup(file, 'purple otter lamp rivet', {
        schema: backupPayloadSchema,
        restoreAll: (payload) => api.restoreData(payload),
      }),
    ).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(await api.backupData()).toEqual(before);
  });
});
