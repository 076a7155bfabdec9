import { describe, expect, it } from 'vitest';
import {
  looksLikePriorSummary,
  parseAcademicYear,
  parsePriorSummaryCsv,
} from '../../utils/transfer/prior-csv';

const HEADER = 'pupil_id,academic_year,possible,present,authorised,unauthorised,school';

describe('prior-school summary CSV', () => {
  it.each<[string, number | null]>([
    ['2024', 2024],
    ['2024/25', 2024],
    ['2024-25', 2024],
    ['2024/2025', 2024],
    ['2024/26', null],
    ['24/25', null],
    ['', null],
  ])('should read the academic year "%s" as %s', (value, year) => {
    expect(parseAcademicYear(value)).toBe(year);
  });

  it('should read rows in any column order and case, with an optional school', () => {
    const text =
      '\ufeffSchool,Unauthorised,Authorised,Present,Possible,Academic_Year,Pupil_ID\r\n"Oak, Primary",8,40,294,342,2024/25,A1\r\n';

    const { rows, errors } = parsePriorSummaryCsv(text);

    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        pupilId: 'A1',
        academicYear: 2024,
        possible: 342,
        present: 294,
        authorised: 40,
        unauthorised: 8,
        school: 'Oak, Primary',
      },
    ]);
  });

  it.each<[string, string]>([
    [
      'A1,2024,100,90,5,4,',
      'present + authorised + unauthorised is 99, not the 100 possible sessions',
    ],
    ['A1,2024,100,ninety,5,5,', 'present "ninety" is not a whole number of sessions'],
    ['A1,2024,-1,0,0,0,', 'possible "-1" is not a whole number of sessions'],
    [',2024,10,10,0,0,', 'pupil_id is empty'],
    [
      'A1,last year,10,10,0,0,',
      'academic_year "last year" is not a school year such as 2024 or 2024/25',
    ],
    ['A1,2024,10,10,0,0', 'expected 7 fields as in the header, found 6'],
  ])('should name line 3 for "%s"', (bad, message) => {
    const { errors } = parsePriorSummaryCsv(`${HEADER}\nA0,2024,10,10,0,0,\n${bad}\n`);

    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.message).toContain(message);
  });

  it('should refuse a header without the required columns', () => {
    const { errors } = parsePriorSummaryCsv('pupil_id,academic_year,possible\nA1,2024,10\n');

    expect(errors[0]).toMatchObject({ line: 1 });
    expect(errors[0]!.message).toContain('present, authorised, unauthorised');
  });

  it('should let a later row for the same pupil and year replace an earlier one, with a warning', () => {
    const { rows, warnings } = parsePriorSummaryCsv(
      `${HEADER}\nA1,2024,10,10,0,0,\nA1,2024/25,20,10,10,0,\n`,
    );

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line: 3, possible: 20 });
    expect(warnings).toEqual([{ line: 3, message: 'replaces line 2 (A1, 2024)' }]);
  });

  it('should tell a summary file from a marks file by its header', () => {
    expect(looksLikePriorSummary(`${HEADER}\n`)).toBe(true);
    expect(looksLikePriorSummary('pupil_id,date,session,mark\n')).toBe(false);
  });
});
