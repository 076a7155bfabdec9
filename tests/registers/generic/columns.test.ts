import { describe, expect, it } from 'vitest';
import {
  columnFromLevels,
  dayNearRef,
  headerWords,
  tableColumns,
} from '../../../utils/registers/generic/columns';
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

  it.each([
    ['Mon 2', '2026-03-31', '2026-03-02'],
    ['Mon 30', '2026-04-03', '2026-03-30'],
    ['Tue 2', '2026-03-31', null],
  ])(
    'should date "%s" by the month of the nearest full date %s only when its weekday agrees',
    (text, ref, date) => {
      expect(columnFromLevels([text, 'am'], ref)).toMatchObject({ date, session: 'AM' });
    },
  );

  it('should give no date to a day whose weekday fits neither month', () => {
    expect(dayNearRef('2026-03-31', 31, 1)).toBeNull();
  });

  it.each(['AM reg', 'PM registration', 'Mark'])(
    'should take the undated column "%s" for the register\'s own marks',
    (text) => {
      expect(columnFromLevels([text], null).current).toBe(true);
    },
  );

  it("should not take a lesson period column for the register's own marks", () => {
    expect(columnFromLevels(['P1 08:50'], null).current).toBe(false);
  });

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

describe('the words a header gives for its letter', () => {
  it.each([
    ['<th><a href="#" title="Set status to «Present»">P</a></th>', 'P', 'Present'],
    ['<th><abbr title="Late">L</abbr></th>', 'L', 'Late'],
    ['<th aria-label="Excused">E</th>', 'E', 'Excused'],
    ['<th title="Date of birth">Date of birth</th>', 'Date of birth', undefined],
    ['<th>A</th>', 'A', undefined],
  ])('should read %s as %s meaning %s', (html, text, want) => {
    const doc = page(`<table><thead><tr>${html}</tr></thead></table>`);

    expect(headerWords(one(doc, 'th'), text)).toBe(want);
  });

  it('should give a radio column headed by a titled letter its word, past a "set all" row', () => {
    const doc = page(
      '<table><thead><tr><th>Name</th><th><a title="Set status to «Absent»">A</a></th></tr><tr><td>Set all</td><td><input type="radio" name="all"></td></tr></thead></table>',
    );

    const cols = tableColumns(one(doc, 'table'), null);

    expect(cols[1]).toMatchObject({ header: 'A', meaning: 'Absent' });
  });
});
