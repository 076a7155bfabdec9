import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../utils/attendance/report';
import { parseMarksCsv } from '../../utils/transfer/marks-csv';

const DIR = join(import.meta.dirname, '../../../shared/fixtures/marks');
const csv = readFileSync(join(DIR, 'autumn-2025.csv'), 'utf8');
const expected = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

describe('analyse on the shared sample (CONTRACTS.md §2)', () => {
  it.each([
    { file: 'autumn-2025.expected.json', asOf: undefined },
    { file: 'autumn-2025.asof-2025-10-17.expected.json', asOf: '2025-10-17' },
  ])('should match $file on every contract field', ({ file, asOf }) => {
    const want = expected(file);

    const report = buildReport(parseMarksCsv(csv), asOf ? { asOf } : {});
    const got = {
      asOf: report.asOf,
      pupils: report.pupils.map(({ flags: _flags, ...rest }) => rest),
    };

    expect(got).toEqual(want);
  });

  it('should keep the contract key order', () => {
    const report = buildReport(parseMarksCsv(csv));

    expect(Object.keys(report.pupils[0]!)).toEqual([
      ...Object.keys(expected('autumn-2025.expected.json').pupils[0]),
      'flags',
    ]);
  });
});
