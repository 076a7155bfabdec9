import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyReading,
  db,
  importRows,
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
    expect(await db().marks.count()).toBe(3);
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

    expect(await db().marks.count()).toBe(stored);
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

    expect(await db().marks.count()).toBe(0);
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
