import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  formatDate,
  fromDayNumber,
  weekIndex,
  weekStart,
  weekdayIndex,
} from '../../utils/support/dates';

const DAY_MS = 86_400_000;
const isoDates = fc
  .integer({ min: dayNumber('1990-01-01'), max: dayNumber('2099-12-31') })
  .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10));

describe('support date helpers', () => {
  it('should agree with Date on day numbers and back, across leap years and centuries', () => {
    fc.assert(
      fc.property(isoDates, (iso) => {
        expect(dayNumber(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
        expect(fromDayNumber(dayNumber(iso))).toBe(iso);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['2026-03-27', 4, '2026-03-23', 'Friday 27 March'],
    ['2026-03-02', 0, '2026-03-02', 'Monday 2 March'],
    ['2024-03-03', 6, '2024-02-26', 'Sunday 3 March'],
    ['2000-02-29', 1, '2000-02-28', 'Tuesday 29 February'],
  ])(
    'should place %s on weekday %i, in the week of %s, read as "%s"',
    (iso, day, monday, words) => {
      expect(weekdayIndex(iso)).toBe(day);
      expect(weekStart(iso)).toBe(monday);
      expect(weekIndex(iso)).toBe(weekIndex(monday));
      expect(formatDate(iso)).toBe(words);
    },
  );

  it('should step over month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(weekIndex('2026-03-30') - weekIndex('2026-03-29')).toBe(1);
  });
});
