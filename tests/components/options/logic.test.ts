import { describe, expect, it } from 'vitest';
import {
  calendarToCsv,
  normaliseSitePattern,
  parseCalendarCsv,
} from '../../../components/options/logic';
import { englishSchoolYear } from '../../../utils/attendance/calendar';

describe('normaliseSitePattern', () => {
  it.each([
    ['https://*.arbor.sc/*', 'https://*.arbor.sc/*'],
    ['https://MIS.School.example/register/today?x=1', 'https://mis.school.example/*'],
    ['mis.school.example', 'https://mis.school.example/*'],
    ['http://localhost:5178/', 'http://localhost/*'],
    ['http://127.0.0.1:5177/register', 'http://127.0.0.1/*'],
  ])('should turn %s into %s', (input, pattern) => {
    expect(normaliseSitePattern(input)).toEqual({ ok: true, value: pattern });
  });

  it.each([
    ['<all_urls>'],
    ['https://*/*'],
    ['*://*/*'],
    ['https://*.sc/*'],
    ['ftp://files.example/'],
    ['intranet'],
    [''],
    ['https://mis.*.example/*'],
  ])('should refuse %s', (input) => {
    expect(normaliseSitePattern(input).ok).toBe(false);
  });
});

describe('parseCalendarCsv', () => {
  it('should read terms and closures, with or without a header, in UK or ISO dates', () => {
    const csv =
      'name,start,end\nAutumn 1,03/09/2025,2025-10-24\nAutumn 2,2025-11-03,2025-12-19\nclosure,2025-09-03\n';
    expect(parseCalendarCsv(csv)).toEqual({
      calendar: {
        terms: [
          { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
          { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
        ],
        closures: ['2025-09-03'],
      },
      errors: [],
    });
  });

  it('should name the line of a bad date and take nothing from the file', () => {
    const result = parseCalendarCsv('Autumn 1,2025-09-03,2025-02-30\nclosure,tomorrow\n');
    expect(result.calendar).toBeNull();
    expect(result.errors).toEqual([
      'Line 1: a term needs a start and an end date.',
      'Line 2: "tomorrow" is not a date.',
    ]);
  });

  it('should refuse overlapping terms', () => {
    const result = parseCalendarCsv('A,2025-09-01,2025-10-31\nB,2025-10-20,2025-12-19\n');
    expect(result.errors).toEqual(['"B" overlaps "A".']);
  });

  it('should read back the default English year it writes', () => {
    const year = englishSchoolYear(2025);
    expect(parseCalendarCsv(calendarToCsv(year)).calendar).toEqual(year);
  });
});
