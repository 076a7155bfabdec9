import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyReading,
  db,
  countMarks,
  importRows,
  misIdFor,
  pupilMarkHistory,
  pupilMarks,
  undoImport,
  type CanonicalRow,
} from '../../utils/store';
import { AT, SITE_A, URL_A, freshStore, mark, reading } from './helpers';

const ada = `${SITE_A}|ada`;

describe('applyReading', () => {
  beforeEach(freshStore);

  it('should store the same register saved twice only once, and write nothing the second time', async () => {
    const r = reading([
      { key: 'ada', marks: [mark('2026-03-02', '/'), mark('2026-03-02', 'N', { session: 'PM' })] },
      { key: 'ben', marks: [mark('2026-03-02', 'L')] },
    ]);

    const first = await applyReading({ reading: r, url: URL_A, saved: true, at: AT });
    const second = await applyReading({ reading: r, url: URL_A, saved: true, at: AT });

    expect(first).toMatchObject({ added: 3, corrected: 0, unchanged: 0 });
    expect(second).toMatchObject({ added: 0, corrected: 0, unchanged: 3 });
    expect(await countMarks()).toBe(3);
    expect(await db().markHistory.count()).toBe(0);
    expect(await db().pupils.count()).toBe(2);
  });

  it('should key pupils by site and reading key, with the page group', async () => {
    await applyReading({
      reading: reading([{ key: 'ada', name: '  Ada\u00a0 Example ', marks: [] }]),
      url: URL_A,
      saved: false,
      at: AT,
    });

    expect(await db().pupils.get(ada)).toEqual({
      id: ada,
      siteId: SITE_A,
      key: 'ada',
      name: 'Ada Example',
      group: '7B',
      tags: [],
      misId: 'ada',
    });
  });

  it('should replace a corrected code and keep the earlier value in the history', async () => {
    const before = reading([{ key: 'ada', marks: [mark('2026-03-02', 'N', { raw: 'Absent' })] }]);
    const after = reading([{ key: 'ada', marks: [mark('2026-03-02', 'I', { raw: 'Illness' })] }]);

    await applyReading({ reading: before, url: URL_A, saved: true, at: AT });
    const result = await applyReading({
      reading: after,
      url: URL_A,
      saved: true,
      at: '2026-03-03T09:00:00.000Z',
    });

    expect(result).toMatchObject({ added: 0, corrected: 1 });
    expect((await pupilMarks(ada)).map((m) => m.mark)).toEqual(['I']);
    expect(await pupilMarkHistory(ada)).toMatchObject([
      {
        date: '2026-03-02',
        session: 'AM',
        from: 'N',
        to: 'I',
        fromRaw: 'Absent',
        toRaw: 'Illness',
      },
    ]);
  });

  it('should never let a blank replace a recorded code', async () => {
    await applyReading({
      reading: reading([{ key: 'ada', marks: [mark('2026-03-02', 'N')] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });

    const result = await applyReading({
      reading: reading([{ key: 'ada', marks: [mark('2026-03-02', null, { raw: '-' })] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });

    expect(result.unchanged).toBe(1);
    expect((await pupilMarks(ada))[0]?.mark).toBe('N');
  });

  it.each([
    {
      what: 'a read-only mark of an untaken register',
      taken: false,
      saved: false,
      editable: false,
      stored: 1,
    },
    {
      what: 'an editable mark of an untaken register',
      taken: false,
      saved: false,
      editable: true,
      stored: 0,
    },
    {
      what: 'an editable mark when the page does not say',
      taken: null,
      saved: false,
      editable: true,
      stored: 0,
    },
    {
      what: 'an editable mark of a taken register',
      taken: true,
      saved: false,
      editable: true,
      stored: 1,
    },
    {
      what: 'an editable mark the user saved',
      taken: false,
      saved: true,
      editable: true,
      stored: 1,
    },
  ])('should store $stored mark(s) for $what', async ({ taken, saved, editable, stored }) => {
    const r = reading([{ key: 'ada', marks: [mark('2026-03-02', '/', { editable })] }], { taken });

    await applyReading({ reading: r, url: URL_A, saved, at: AT });

    expect(await countMarks()).toBe(stored);
  });

  it('should keep a label that maps to no code as unknown, with its words', async () => {
    await applyReading({
      reading: reading([{ key: 'ada', marks: [mark('2026-03-02', null, { raw: 'Away: zoo' })] }]),
      url: URL_A,
      saved: true,
      at: AT,
    });

    expect(await pupilMarks(ada)).toMatchObject([{ mark: '?', raw: 'Away: zoo' }]);
  });
});

const row = (line: number, pupilId: string, date: string, m: string): CanonicalRow => ({
  line,
  pupilId,
  name: `Name ${pupilId}`,
  group: '8C',
  date,
  session: 'AM',
  mark: m,
});

describe('importRows', () => {
  beforeEach(freshStore);

  it('should write nothing at all when a batch fails part way', async () => {
    // The pupils are written after the marks, so this fails the batch in its middle.
    db().pupils.hook('creating', () => {
      throw new Error('disk full');
    });

    await expect(
      importRows([row(2, 'A1', '2026-01-05', '/'), row(3, 'A2', '2026-01-05', 'N')], {
        batchLabel: 'term',
        at: AT,
      }),
    ).rejects.toThrow('disk full');

    expect(await countMarks()).toBe(0);
    expect(await db().importBatches.count()).toBe(0);
  });

  it('should let a later row for the same session replace an earlier one', async () => {
    await importRows([row(2, 'A1', '2026-01-05', 'N'), row(3, 'A1', '2026-01-05', 'I')], {
      batchLabel: 'term',
      at: AT,
    });

    expect((await pupilMarks('import:csv|A1')).map((m) => m.mark)).toEqual(['I']);
  });

  it('should undo an import: remove what it added and restore what it replaced', async () => {
    await importRows([row(2, 'A1', '2026-01-05', 'N')], { batchLabel: 'first', at: AT });
    const second = await importRows(
      [
        row(2, 'A1', '2026-01-05', 'I'),
        row(3, 'A1', '2026-01-06', '/'),
        row(4, 'B2', '2026-01-06', '/'),
      ],
      { batchLabel: 'second', at: AT },
    );

    const undo = await undoImport(second.batchId, { at: AT });

    expect(undo).toMatchObject({ removed: 2, restored: 1, keptNewer: 0 });
    expect((await pupilMarks('import:csv|A1')).map((m) => [m.date, m.mark])).toEqual([
      ['2026-01-05', 'N'],
    ]);
    expect(await db().pupils.get('import:csv|B2')).toBeUndefined();
    expect((await db().importBatches.get(second.batchId))?.undoneAt).toBe(AT);
  });

  it('should leave a session alone on undo when something later rewrote it', async () => {
    const batch = await importRows([row(2, 'A1', '2026-01-05', 'N')], { batchLabel: 'a', at: AT });
    await importRows([row(2, 'A1', '2026-01-05', 'M')], { batchLabel: 'b', at: AT });

    const undo = await undoImport(batch.batchId, { at: AT });

    expect(undo).toMatchObject({ removed: 0, keptNewer: 1 });
    expect((await pupilMarks('import:csv|A1')).map((m) => m.mark)).toEqual(['M']);
  });
});

describe('an import written in parts', () => {
  beforeEach(freshStore);

  /** What the store holds, every pupil's marks and the history, for comparing states. */
  async function snapshot() {
    const pupils = (await db().pupils.toArray()).map((p) => p.id).sort();
    const marks = await Promise.all(
      pupils.map(async (id) => [
        id,
        (await pupilMarks(id)).map((m) => [m.date, m.session, m.mark, m.raw]),
      ]),
    );
    return { pupils, marks };
  }

  const parts = [
    [row(2, 'A1', '2026-01-05', 'I'), row(3, 'A1', '2026-01-06', '/')],
    [row(4, 'B2', '2026-01-05', 'N'), row(5, 'B2', '2026-01-06', 'L')],
    [row(6, 'C3', '2026-01-05', '/')],
  ];
  const writeParts = async (count: number, batchId = 'term-batch') => {
    for (let i = 0; i < count; i++) {
      await importRows(parts[i]!, {
        batchLabel: 'term.csv',
        at: AT,
        batchId,
        part: { first: i === 0, last: i === parts.length - 1 },
      });
    }
    return batchId;
  };

  it('should keep the batch incomplete until its last part, then hold every part', async () => {
    await writeParts(2);
    expect((await db().importBatches.get('term-batch'))?.incomplete).toBe(true);

    await importRows(parts[2]!, {
      batchLabel: 'term.csv',
      at: AT,
      batchId: 'term-batch',
      part: { first: false, last: true },
    });

    const batch = (await db().importBatches.get('term-batch'))!;
    expect(batch.incomplete).toBeUndefined();
    expect(batch.rows).toBe(5);
    expect(batch.pupilsAdded.sort()).toEqual(['import:csv|A1', 'import:csv|B2', 'import:csv|C3']);
    expect(await countMarks()).toBe(5);
  });

  it('should undo an import written in parts exactly, restoring what its parts replaced', async () => {
    await importRows([row(2, 'A1', '2026-01-05', 'N'), row(3, 'Z9', '2026-01-05', '/')], {
      batchLabel: 'earlier',
      at: AT,
    });
    const before = await snapshot();
    const batchId = await writeParts(3);

    const undo = await undoImport(batchId, { at: AT });

    expect(undo).toMatchObject({ removed: 4, restored: 1, keptNewer: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('should let an import stopped between parts be undone exactly', async () => {
    await importRows([row(2, 'B2', '2026-01-05', 'M')], { batchLabel: 'earlier', at: AT });
    const before = await snapshot();
    const batchId = await writeParts(2);

    await undoImport(batchId, { at: AT });

    expect(await snapshot()).toEqual(before);
    expect(await countMarks()).toBe(1);
  });

  it('should refuse a part for a batch that is not being written', async () => {
    const batchId = await writeParts(3);

    await expect(
      importRows(parts[0]!, {
        batchLabel: 'term.csv',
        at: AT,
        batchId,
        part: { first: false, last: true },
      }),
    ).rejects.toThrow('is not being written');
    expect(await countMarks()).toBe(5);
  });
});

describe('one pupil across the register and an MIS export', () => {
  beforeEach(freshStore);

  const SITE_B = 'https://other-mis.example';
  const URL_B = `${SITE_B}/register`;
  const csvRow = (
    pupilId: string,
    date: string,
    m: string,
    overrides: Partial<CanonicalRow> = {},
  ): CanonicalRow => ({
    line: 2,
    pupilId,
    name: 'Andrews, Flavia',
    group: '7A',
    date,
    session: 'AM',
    mark: m,
    ...overrides,
  });
  const readOn = (url: string, key: string, date = '2026-03-02', code = '/') =>
    applyReading({
      reading: reading([{ key, name: 'Flavia Andrews', marks: [mark(date, code)] }], {
        group: '8.1',
      }),
      url,
      saved: true,
      at: AT,
    });
  const importTo = (siteId: string | undefined, pupilId: string, date = '2026-01-05') =>
    importRows([csvRow(pupilId, date, 'N')], {
      batchLabel: 'mis.csv',
      at: AT,
      ...(siteId ? { siteId } : {}),
    });

  it.each([
    { what: 'a padded export id and the bare id a page shows', csv: '004123', key: 'id:4123' },
    { what: 'a bare export id and a padded page id', csv: '4123', key: 'id:004123' },
    { what: 'the same id', csv: '004123', key: 'id:004123' },
    { what: 'a Gibbon person id', csv: '2216', key: 'gibbon:0000002216' },
    { what: 'an id in other case and spacing', csv: 'upn-a12', key: 'id: UPN-A12' },
  ])('should keep one pupil for $what, whichever comes first', async ({ csv, key }) => {
    for (const csvFirst of [true, false]) {
      freshStore();
      if (csvFirst) await importTo(SITE_A, csv);
      await readOn(URL_A, key);
      if (!csvFirst) await importTo(SITE_A, csv);

      const pupils = await db().pupils.toArray();

      expect(pupils).toHaveLength(1);
      expect(pupils[0]).toMatchObject({ siteId: SITE_A, name: 'Flavia Andrews', group: '8.1' });
      expect((await pupilMarks(pupils[0]!.id)).map((m) => m.date)).toEqual([
        '2026-01-05',
        '2026-03-02',
      ]);
    }
  });

  it.each([
    {
      what: 'a pupil the register keys by name',
      csvSite: SITE_A,
      // The id part a name key would have if it were read as an id.
      csv: '7B:ada example',
      url: URL_A,
      key: 'name:7B:ada example',
    },
    {
      what: 'a pupil of another MIS site',
      csvSite: SITE_B,
      csv: '4123',
      url: URL_A,
      key: 'id:4123',
    },
    {
      what: 'an import kept as a separate set',
      csvSite: undefined,
      csv: '4123',
      url: URL_A,
      key: 'id:4123',
    },
  ])('should never match $what by id', async ({ csvSite, csv, url, key }) => {
    await importTo(csvSite, csv);
    await readOn(url, key);

    expect(await db().pupils.count()).toBe(2);
  });

  it('should not match an import to another site’s pupil, nor a reading to another site’s import', async () => {
    await readOn(URL_A, 'id:4123');
    await importTo(SITE_B, '4123');
    await readOn(URL_B, 'id:004123');

    const bySite = (await db().pupils.toArray()).map((p) => [p.siteId, p.key]).sort();

    expect(bySite).toEqual([
      [SITE_A, 'id:4123'],
      [SITE_B, 'id:4123'],
    ]);
  });

  it('should report the stored pupil for a reading key matched by MIS id', async () => {
    const imported = await importTo(SITE_A, '2216');

    const result = await readOn(URL_A, 'gibbon:0000002216');

    expect(imported.pupilIds).toEqual([`${SITE_A}|id:2216`]);
    expect(result.pupilIds).toEqual([{ key: 'gibbon:0000002216', pupilId: `${SITE_A}|id:2216` }]);
  });

  it('should make ids that normalise alike in one file one new pupil', async () => {
    const result = await importRows(
      [csvRow('004123', '2026-01-05', 'N'), csvRow('4123', '2026-01-06', '/')],
      { batchLabel: 'mis.csv', siteId: SITE_A, at: AT },
    );

    expect(result.pupilIds).toEqual([`${SITE_A}|id:004123`]);
    expect(await pupilMarks(`${SITE_A}|id:004123`)).toHaveLength(2);
  });

  it('should write nothing the second time the same file is attached to the same site', async () => {
    await readOn(URL_A, 'id:4123');
    await importTo(SITE_A, '004123');

    const again = await importTo(SITE_A, '004123');
    const reread = await readOn(URL_A, 'id:4123');

    expect(again).toMatchObject({ added: 0, corrected: 0, unchanged: 1 });
    expect(reread).toMatchObject({ added: 0, corrected: 0, unchanged: 1 });
    expect(await countMarks()).toBe(2);
  });

  it('should record a register correction of an imported mark in the same pupil’s history', async () => {
    await importTo(SITE_A, '004123', '2026-03-02');

    await readOn(URL_A, 'id:4123', '2026-03-02', 'I');

    expect(await pupilMarkHistory(`${SITE_A}|id:004123`)).toMatchObject([
      { date: '2026-03-02', from: 'N', to: 'I', source: 'register' },
    ]);
  });

  it('should undo an attached import and leave the register’s pupil and marks as they were', async () => {
    await readOn(URL_A, 'gibbon:0000002216');
    const batch = await importTo(SITE_A, '2216');

    const undo = await undoImport(batch.batchId, { at: AT });

    expect(undo).toMatchObject({ removed: 1, restored: 0 });
    expect(await db().pupils.get(`${SITE_A}|gibbon:0000002216`)).toMatchObject({
      name: 'Flavia Andrews',
    });
    expect((await pupilMarks(`${SITE_A}|gibbon:0000002216`)).map((m) => m.date)).toEqual([
      '2026-03-02',
    ]);
  });

  it('should write nothing when an attached batch fails part way', async () => {
    await readOn(URL_A, 'id:4123');
    db().pupils.hook('creating', () => {
      throw new Error('disk full');
    });

    await expect(
      importRows([csvRow('4123', '2026-01-05', 'N'), csvRow('9999', '2026-01-05', '/')], {
        batchLabel: 'mis.csv',
        siteId: SITE_A,
        at: AT,
      }),
    ).rejects.toThrow('disk full');

    expect(await countMarks()).toBe(1);
    expect(await db().importBatches.count()).toBe(0);
  });
});

describe('misIdFor', () => {
  it.each([
    { siteId: SITE_A, key: 'id:004123', misId: '4123' },
    { siteId: SITE_A, key: 'id:4123', misId: '4123' },
    { siteId: SITE_A, key: 'gibbon:0000002216', misId: '2216' },
    { siteId: SITE_A, key: 'id:0', misId: '0' },
    { siteId: SITE_A, key: 'id:00A12', misId: '00a12' },
    { siteId: SITE_A, key: 'id:  K801234567012 ', misId: 'k801234567012' },
    { siteId: SITE_A, key: 'name:7B:ada example', misId: null },
    { siteId: SITE_A, key: 'id:', misId: null },
    { siteId: 'import:csv', key: '004123', misId: '4123' },
    { siteId: 'import:csv', key: 'name:x', misId: 'name:x' },
  ])('should normalise $key on $siteId to $misId', ({ siteId, key, misId }) => {
    expect(misIdFor(siteId, key)).toBe(misId);
  });
});
