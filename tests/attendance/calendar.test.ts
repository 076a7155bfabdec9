import { describe, expect, it } from 'vitest';
import {
  academicYearStart,
  easterSunday,
  englishSchoolYear,
  isSchoolDay,
  isValidIsoDate,
  schoolDaysBetween,
  weekStart,
  yearLeft,
} from '../../utils/attendance/calendar';

describe('calendar', () => {
  const year = englishSchoolYear(2025);

  it.each([
    { date: '2025-09-03', school: true, note: 'an ordinary September Wednesday' },
    { date: '2025-09-01', school: false, note: 'an INSET day' },
    { date: '2025-10-29', school: false, note: 'October half term' },
    { date: '2025-12-24', school: false, note: 'the Christmas holiday' },
    { date: '2026-02-18', school: false, note: 'February half term' },
    { date: '2026-04-06', school: false, note: 'Easter Monday' },
    { date: '2026-05-04', school: false, note: 'the early May bank holiday' },
    { date: '2026-05-27', school: false, note: 'May half term' },
    { date: '2026-07-21', school: true, note: 'the last week of the year' },
    { date: '2026-07-25', school: false, note: 'the summer holiday' },
    { date: '2025-09-06', school: false, note: 'a Saturday' },
  ])('should treat $date as school day = $school ($note)', ({ date, school }) => {
    expect(isSchoolDay(year, date)).toBe(school);
  });

  it('should give an English school year of about 190 days', () => {
    const days = schoolDaysBetween(year, '2025-09-01', '2026-07-31').length;

    expect(days).toBeGreaterThanOrEqual(188);
    expect(days).toBeLessThanOrEqual(195);
  });

  it.each([
    { date: '2025-10-19', monday: '2025-10-13' },
    { date: '2025-10-13', monday: '2025-10-13' },
    { date: '2024-03-01', monday: '2024-02-26' },
  ])('should find Monday $monday for $date', ({ date, monday }) => {
    expect(weekStart(date)).toBe(monday);
  });

  it('should know the academic year, Easter and impossible dates', () => {
    expect(academicYearStart('2025-08-31')).toBe(2024);
    expect(academicYearStart('2025-09-01')).toBe(2025);
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(isValidIsoDate('2025-02-30')).toBe(false);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
  });
});

describe('what is left of the year', () => {
  const year = englishSchoolYear(2025);

  it('should count two sessions for every school day after today to the end of the year', () => {
    // Mon 13 to Wed 22 July 2026: 8 weekdays, the last an INSET day, so 7 school days after Fri 10.
    expect(yearLeft(year, '2026-07-10')).toEqual({ sessionsLeft: 14, yearEnd: '2026-07-22' });
  });

  it('should leave nothing on the last day and after it', () => {
    expect(yearLeft(year, '2026-07-22')?.sessionsLeft).toBe(0);
    expect(yearLeft(year, '2026-08-10')?.sessionsLeft).toBe(0);
  });

  it('should know nothing of a calendar without terms', () => {
    expect(yearLeft({ terms: [], closures: [] }, '2026-01-21')).toBeNull();
  });
});
