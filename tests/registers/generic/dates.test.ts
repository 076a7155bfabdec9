import { describe, expect, it } from 'vitest';
import {
  dateInWeek,
  formDate,
  headerDates,
  monthStart,
  weekdayOnly,
} from '../../../utils/registers/generic/dates';
import { labelMap } from '../../../utils/registers/generic/labels';
import { dayOnly, findDates } from '../../../utils/registers/text';
import { page } from './dom';

describe('dates wherever the page keeps them', () => {
  it('should read "16 / Mar" with the year of the nearest full date', () => {
    expect(headerDates('16 / Mar', '2026-03-18')[0]?.date).toBe('2026-03-16');
  });

  it.each([
    ['13-Mar-2026', '2026-03-13'],
    ['2026/03/13', '2026-03-13'],
    ['2026.03.13', '2026-03-13'],
    ['Fri 13th Mar 2026', '2026-03-13'],
  ])('should read "%s" as %s', (text, want) => {
    expect(findDates(text)[0]?.date).toBe(want);
  });

  it('should not read a route segment that is no date, or mixed separators', () => {
    const doc = page('');
    expect(
      formDate(doc, 'https://x.example/pupils/2021-99-19', () => labelMap(doc), null).date,
    ).toBeNull();
    expect(findDates('2026/03-13')).toEqual([]);
  });

  it('should read a month heading as the first of that month', () => {
    expect(monthStart('March 2026')).toBe('2026-03-01');
    expect(monthStart('Mon 2')).toBeNull();
  });

  it('should date a weekday-only header within its w/c week', () => {
    expect(weekdayOnly('Thu')).toBe(4);
    expect(dateInWeek('2026-03-09', 4)).toBe('2026-03-12');
  });

  it('should read the register date from selects named month_date, day_date and year_date', () => {
    const doc = page(
      '<select name="month_date"><option value="03" selected>March</option></select><select name="day_date"><option selected>4</option></select><select name="year_date"><option selected>2026</option></select>',
    );

    expect(formDate(doc, 'https://mis.example/', () => labelMap(doc), null).date).toBe(
      '2026-03-04',
    );
  });

  it('should read the register date from day, month and year selects', () => {
    const doc = page(
      '<label for="d">Day</label><select id="d"><option>3</option><option selected>4</option></select><select name="month"><option selected>March</option></select><select name="year"><option selected>2026</option></select>',
    );
    expect(formDate(doc, 'https://x.example/', () => labelMap(doc), null).date).toBe('2026-03-04');
  });

  it.each([
    [
      'a hidden input',
      '<input type="hidden" name="txtDate" value="19/03/2021">',
      'https://x.example/',
    ],
    ['the address', '', 'https://x.example/reg?currentDate=19/03/2021'],
    ['a route that names the day', '', 'https://x.example/register/2021-03-19/8H'],
  ])('should read the register date from %s', (_, body, url) => {
    const doc = page(body);
    expect(formDate(doc, url, () => labelMap(doc), null).date).toBe('2021-03-19');
  });
});

describe('a bare day of the month in a header', () => {
  it.each([
    ['Mon 2', 2, 1],
    ['Su 14', 14, 0],
    ['Th 5', 5, 4],
    ['M 01', 1, 1],
    ['W 03', 3, 3],
    ['F 6', 6, 5],
    ['T 3', 3, null],
    ['S 7', 7, null],
    ['14', 14, null],
  ])('should read "%s" as day %s, weekday %s', (text, day, weekday) => {
    expect(dayOnly(text)).toEqual({ day, weekday });
  });

  it.each(['32', 'Mon', 'P1'])('should read no day from "%s"', (text) => {
    expect(dayOnly(text)).toBeNull();
  });
});
