import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../utils/attendance/calendar';
import {
  categoryIn,
  categoryOf,
  categoryOfChar,
  CODE_SET_2024_START_DAY,
  dayAt,
  markBetween,
} from '../../utils/attendance/timeline';

// The helpers that read packed text in place must give exactly what slicing the text and the
// slower rules (`dayNumber`, trimming, `categoryOf`) give.

describe('dayAt', () => {
  it.each([
    '1970-01-01',
    '2024-08-19',
    '2025-09-01',
    '2024-02-29',
    '2000-02-29',
    '2023-12-31',
    '2100-03-01',
    '1969-12-31',
    '0100-01-01',
    '9999-12-31',
  ])('should read %s as the day dayNumber gives', (date) => {
    expect(dayAt(`xx${date}A`, 2)).toBe(dayNumber(date));
  });

  it.each([
    ['a day past the end of its month', '2025-02-30'],
    ['29 February of a year that is not leap', '1900-02-29'],
    ['month 13', '2025-13-01'],
    ['day 0', '2025-09-00'],
    ['a year before 100, which Date.UTC reads as 19xx', '0050-01-01'],
    ['letters', 'abcd-ef-gh'],
    ['slashes for dashes', '2025/09/01'],
    ['a one-digit month', '2025-9-011'],
  ])('should give NaN for %s, as dayNumber does', (_what, text) => {
    expect(dayAt(text, 0)).toBeNaN();
    expect(dayNumber(text.slice(0, 10))).toBeNaN();
  });

  it('should place the first day of the 2024 code set on its day number', () => {
    expect(CODE_SET_2024_START_DAY).toBe(dayNumber('2024-08-19'));
  });
});

describe('markBetween', () => {
  it.each([
    ['a one-character code', 'N', 'N'],
    ['a two-character code', 'C1', 'C1'],
    ['a longer label', 'Present', 'Present'],
    ['spaces around a code', ' N ', 'N'],
    ['nothing', '', ''],
    ['only a space', ' ', ''],
    ['a control character trim() keeps', '\u0001', '\u0001'],
    ['a no-break space trim() removes only beside a space', ' \u00a0N', 'N'],
    ['a no-break space alone at the edge', '\u00a0N', '\u00a0N'],
  ])('should read %s as the trimmed mark', (_what, text, expected) => {
    expect(markBetween(`|${text}|`, 1, 1 + text.length)).toBe(expected);
  });

  it('should read nothing from a range that is empty or past the text', () => {
    expect(markBetween('N', 1, 1)).toBe('');
    expect(markBetween('N', 3, 2)).toBe('');
  });
});

describe('categoryOfChar', () => {
  it.each([
    ['2024', '2024-09-02', true],
    ['legacy', '2024-08-16', false],
  ])(
    'should give every one-character mark the category categoryOf gives it in the %s set',
    (_set, date, in2024) => {
      const chars = Array.from({ length: 256 - 33 }, (_, i) => String.fromCharCode(33 + i));

      const byTable = chars.map((c) => categoryOfChar(c.charCodeAt(0), in2024));

      expect(byTable).toEqual(chars.map((c) => categoryOf(c, date)));
      expect(chars.map((c) => categoryIn(c, in2024))).toEqual(byTable);
    },
  );
});
