import { describe, expect, it } from 'vitest';
import { columnFromLevels, tableColumns } from '../../../utils/registers/generic/columns';
import { one, page } from './dom';

describe('dates and sessions of columns', () => {
  it('should date a day-only header from the week heading above it', () => {
    expect(columnFromLevels(['w/c 01/07/2024', 'W 03', 'p'], null)).toMatchObject({
      date: '2024-07-03',
      session: 'PM',
    });
  });

  it.each([
    ['12/01 AM', '2026-01-12', 'AM'],
    ['Mon 2/3 PM', '2026-03-02', 'PM'],
    ['Registration 8:40 am, Mon 12/01', '2026-01-12', null],
  ])(
    'should read the session of a one-cell header "%s" without taking the date for a time',
    (text, date, session) => {
      expect(columnFromLevels([text], '2026-01-20')).toMatchObject({ date, session });
    },
  );

  it('should expand a date spanning AM and PM over both columns', () => {
    const doc = page(
      '<table><thead><tr><th rowspan="2">Name</th><th colspan="2">Mon 19/01/2026</th></tr><tr><th>AM</th><th>PM</th></tr></thead></table>',
    );
    const cols = tableColumns(one(doc, 'table'), null);
    expect(cols.map((c) => [c.date, c.session])).toEqual([
      [null, null],
      ['2026-01-19', 'AM'],
      ['2026-01-19', 'PM'],
    ]);
  });
});
