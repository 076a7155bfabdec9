import { describe, expect, it } from 'vitest';
import {
  commitImport,
  ImportRefused,
  type ImportRowsOptions,
  parseFile,
  readHead,
} from '../../utils/transfer/import-client';
import { packRows, unpackRows } from '../../utils/transfer/import-protocol';
import type { CanonicalRow } from '../../utils/transfer/shapes';

const good =
  'pupil_id,name,group,date,session,mark\nS1,Ada,7B,2025-09-01,AM,/\nS1,Ada,7B,2025-09-01,PM,\\\n';
const corrupt = good + 'S2,Bo,7B,2025-02-30,AM,/\nS2,Bo,7B,2025-09-01,XM,/\n';

function recorder() {
  const calls: { rows: readonly CanonicalRow[]; options: ImportRowsOptions }[] = [];
  const undone: string[] = [];
  return {
    calls,
    undone,
    importRows: async (rows: readonly CanonicalRow[], options: ImportRowsOptions) => {
      calls.push({ rows, options });
      return {
        batchId: options.batchId!,
        added: rows.length,
        corrected: 0,
        unchanged: 0,
        pupilIds: [...new Set(rows.map((r) => r.pupilId))],
      };
    },
    undoImport: async (batchId: string) => void undone.push(batchId),
  };
}

describe('the import from file to store', () => {
  it('should parse a file without a worker, reporting progress up to the end of parsing', async () => {
    const fractions: number[] = [];

    const parsed = await parseFile(
      new Blob([good]),
      { shape: 'canonical' },
      (p) => fractions.push(p.fraction),
      null,
    );

    expect(parsed.rowCount).toBe(2);
    expect(await parsed.part(0)).toHaveLength(2);
    expect(parsed.encoding).toBe('utf-8');
    expect(fractions.at(-1)).toBeCloseTo(0.75);
  });

  it('should refuse a file with errors and write nothing', async () => {
    const parsed = await parseFile(new Blob([corrupt]), { shape: 'canonical' }, () => {}, null);
    const store = recorder();

    await expect(
      commitImport(parsed, {
        batchLabel: 'x.csv',
        at: '2026-01-21T09:00:00Z',
        onlyValid: false,
        importRows: store.importRows,
        undoImport: store.undoImport,
      }),
    ).rejects.toBeInstanceOf(ImportRefused);
    expect(parsed.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(store.calls).toEqual([]);
  });

  it('should write exactly the valid rows when the user chooses only the valid rows', async () => {
    const parsed = await parseFile(new Blob([corrupt]), { shape: 'canonical' }, () => {}, null);
    const store = recorder();

    await commitImport(parsed, {
      batchLabel: 'x.csv',
      at: '2026-01-21T09:00:00Z',
      onlyValid: true,
      importRows: store.importRows,
      undoImport: store.undoImport,
    });

    expect(store.calls).toHaveLength(1);
    expect(store.calls[0]!.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(store.calls[0]!.options.onlyValid).toBe(true);
  });

  it('should write a file in parts of whole pupils, all in one batch that only the part written last completes', async () => {
    const rows = ['pupil_id,date,session,mark'];
    for (const day of ['01', '02', '03']) {
      for (const pupil of ['S1', 'S2', 'S3']) rows.push(`${pupil},2025-09-${day},AM,/`);
    }
    const parsed = await parseFile(
      new Blob([rows.join('\n')]),
      { shape: 'canonical' },
      () => {},
      null,
      4,
    );
    const store = recorder();

    const result = await commitImport(parsed, {
      batchLabel: 'x.csv',
      at: '2026-01-21T09:00:00Z',
      onlyValid: false,
      importRows: store.importRows,
      undoImport: store.undoImport,
    });

    expect(store.calls.map((c) => c.rows.map((r) => `${r.pupilId} ${r.date.slice(8)}`))).toEqual([
      ['S3 01', 'S3 02', 'S3 03'],
      ['S1 01', 'S1 02', 'S1 03', 'S2 01', 'S2 02', 'S2 03'],
    ]);
    expect(store.calls.map((c) => c.options.part)).toEqual([
      { first: true, last: false },
      { first: false, last: true },
    ]);
    expect(new Set(store.calls.map((c) => c.options.batchId))).toEqual(new Set([result.batchId]));
    expect(result.added).toBe(9);
    expect([...result.pupilIds].sort()).toEqual(['S1', 'S2', 'S3']);
  });

  it('should undo the parts already written when a later part fails', async () => {
    const text = 'pupil_id,date,session,mark\nS1,2025-09-01,AM,/\nS2,2025-09-01,AM,/\n';
    const parsed = await parseFile(new Blob([text]), { shape: 'canonical' }, () => {}, null, 1);
    const store = recorder();
    let parts = 0;

    await expect(
      commitImport(parsed, {
        batchLabel: 'x.csv',
        at: '2026-01-21T09:00:00Z',
        onlyValid: false,
        importRows: async (rows, options) => {
          if (++parts === 2) throw new Error('disk full');
          return store.importRows(rows, options);
        },
        undoImport: store.undoImport,
      }),
    ).rejects.toThrow('disk full');

    expect(store.calls).toHaveLength(1);
    expect(store.undone).toEqual([store.calls[0]!.options.batchId]);
  });

  it('should read a file that is not UTF-8 as Windows-1252', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('pupil_id,name,date,session,mark\nS1,Zo'),
      0xeb,
      ...new TextEncoder().encode(',2025-09-01,AM,/\n'),
    ]);

    const parsed = await parseFile(new Blob([bytes]), { shape: 'canonical' }, () => {}, null);

    expect(parsed.encoding).toBe('windows-1252');
    expect((await parsed.part(0)).map((r) => r.name)).toEqual(['Zoë']);
  });

  it('should cut the head of a large file at a line break', async () => {
    const big = 'a,b\n' + '1,2\n'.repeat(50);

    const head = await readHead(new Blob([big]), 10);

    expect(head).toBe('a,b\n1,2');
  });
});

describe('rows as the worker posts them', () => {
  const rows: CanonicalRow[] = [
    {
      line: 2,
      pupilId: 'S1',
      name: 'Ada',
      group: '7B',
      date: '2025-09-01',
      session: 'AM',
      mark: '/',
    },
    { line: 3, pupilId: 'S1', date: '2025-09-01', session: 'PM', mark: '' },
    { line: 7, pupilId: 'S2', name: 'Bo', date: '2025-09-02', session: 'AM', mark: 'C1' },
  ];

  it('should give back exactly the rows it packed, absent names and groups left absent', () => {
    const packed = packRows(rows);

    expect(typeof packed.columns.pupilId).toBe('string');
    expect(unpackRows(packed)).toEqual(rows);
  });

  it('should give back a value holding the separator unchanged', () => {
    const odd = [{ ...rows[0]!, name: 'A\u001fda' }];

    expect(unpackRows(packRows(odd))).toEqual(odd);
  });

  it('should pack no rows as no rows', () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});
