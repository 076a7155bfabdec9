import { describe, expect, it } from 'vitest';
import { analysePupil } from '../../utils/attendance/analyse';
import {
  academicYearLabel,
  priorYearFromMarks,
  priorYearLead,
  type PriorSummary,
} from '../../utils/attendance/prior';
import { thresholdsSchema } from '../../utils/attendance/thresholds';
import type { FlagId, MarkRecord } from '../../utils/attendance/types';
import { lastDate, rep, sessions } from './helpers';

/** A prior school's summary for 2024/25 with `absent` sessions (all authorised) of `possible`. */
const summary = (possible: number, absent: number, extra: Partial<PriorSummary> = {}) => ({
  academicYear: 2024,
  possible,
  present: possible - absent,
  authorised: absent,
  unauthorised: 0,
  ...extra,
});
const P = ['/', '\\'];
const presentDays = (n: number) => Array.from({ length: n }, () => P).flat();
/** The first week of 2025/26, all present: 8 sessions (Mon 8 to Thu 11 September). */
const SEPTEMBER = sessions('2025-09-08', presentDays(4));
const ids = (flags: { id: FlagId }[]) => flags.map((f) => f.id);

describe('prior-year flags from a prior school summary', () => {
  it.each<{ case: string; possible: number; absent: number; flag: FlagId | null }>([
    { case: 'just under 10%', possible: 100, absent: 9, flag: null },
    { case: 'exactly 10%', possible: 100, absent: 10, flag: 'prior-year-persistent' },
    { case: 'just under 50%', possible: 100, absent: 49, flag: 'prior-year-persistent' },
    { case: 'exactly 50%', possible: 100, absent: 50, flag: 'prior-year-severe' },
    { case: '10% of an odd count, by the exact ratio', possible: 341, absent: 34, flag: null },
    { case: 'one session over it', possible: 341, absent: 35, flag: 'prior-year-persistent' },
  ])('should raise $flag at $case', ({ possible, absent, flag }) => {
    const analysis = analysePupil(SEPTEMBER, {
      asOf: '2025-09-11',
      prior: { summaries: [summary(possible, absent)] },
    });

    const prior = ids(analysis.flags).filter((id) => id.startsWith('prior-year'));
    expect(prior).toEqual(flag ? [flag] : []);
    expect(analysis.priorYear?.possible).toBe(possible);
  });

  it('should name the year and the counts, leading with the short line a badge shows', () => {
    const analysis = analysePupil(SEPTEMBER, {
      asOf: '2025-09-11',
      prior: { summaries: [summary(342, 48, { school: 'Oak Primary' })] },
    });

    const flag = analysis.flags.find((f) => f.id === 'prior-year-persistent');
    expect(flag?.reason).toMatch(/^Persistently absent last year: 14% of 342 sessions/);
    expect(flag?.reason).toContain('2024/25: absent for 48 of 342 possible sessions, 14.04%');
    expect(flag?.reason).toContain("previous school's summary (Oak Primary)");
  });

  it('should never mix last year into this year’s statutory figures', () => {
    const analysis = analysePupil(SEPTEMBER, {
      asOf: '2025-09-11',
      prior: { summaries: [summary(342, 48)] },
    });

    expect(analysis.figures.possible).toBe(8);
    expect(analysis.figures.authorised).toBe(0);
  });

  it('should look only at the previous academic year, not an older one', () => {
    const analysis = analysePupil(SEPTEMBER, {
      asOf: '2025-09-11',
      prior: { summaries: [summary(100, 60, { academicYear: 2023 })] },
    });

    expect(analysis.priorYear).toBeNull();
    expect(ids(analysis.flags)).not.toContain('prior-year-severe');
  });

  it('should not look at last year at all unless asked', () => {
    const lastYear = sessions('2025-06-02', [...rep('I', 10), ...presentDays(5)]);

    const analysis = analysePupil([...lastYear, ...SEPTEMBER], {
      asOf: '2025-09-11',
      from: '2025-09-01',
    });

    expect(analysis.priorYear).toBeNull();
    expect(ids(analysis.flags)).not.toContain('prior-year-severe');
  });
});

describe('prior-year flags from stored marks of last year', () => {
  it.each<{ case: string; codes: string[]; flag: FlagId | null }>([
    {
      case: '2 of 20 absent (exactly 10%)',
      codes: [...rep('I', 2), ...rep('/', 18)],
      flag: 'prior-year-persistent',
    },
    { case: '2 of 21 absent (9.5%)', codes: [...rep('I', 2), ...rep('/', 19)], flag: null },
    {
      case: '10 of 20 absent (exactly 50%)',
      codes: [...rep('N', 10), ...rep('/', 10)],
      flag: 'prior-year-severe',
    },
  ])('should raise $flag for $case', ({ codes, flag }) => {
    const lastYear = sessions('2025-06-02', codes);

    const analysis = analysePupil([...lastYear, ...SEPTEMBER], {
      asOf: '2025-09-11',
      from: '2025-09-01',
      prior: {},
    });

    expect(ids(analysis.flags).filter((id) => id.startsWith('prior-year'))).toEqual(
      flag ? [flag] : [],
    );
    expect(analysis.priorYear).toMatchObject({ academicYear: 2024, source: 'marks' });
    expect(analysis.figures.possible).toBe(8);
  });

  it('should prefer the stored marks of that year over a summary', () => {
    const lastYear = sessions('2025-06-02', rep('/', 20));

    const analysis = analysePupil([...lastYear, ...SEPTEMBER], {
      asOf: '2025-09-11',
      prior: { summaries: [summary(100, 60)] },
    });

    expect(analysis.priorYear).toMatchObject({ source: 'marks', possible: 20, band: 'none' });
  });

  it('should count the whole academic year from 1 September to 31 August', () => {
    const marks: MarkRecord[] = [
      { pupilId: 'P1', date: '2024-08-30', session: 'AM', mark: 'N' },
      { pupilId: 'P1', date: '2024-09-02', session: 'AM', mark: 'I' },
      { pupilId: 'P1', date: '2025-08-29', session: 'AM', mark: '/' },
      { pupilId: 'P1', date: '2025-09-01', session: 'AM', mark: 'N' },
    ];

    expect(priorYearFromMarks(marks, 2024)).toMatchObject({
      possible: 2,
      authorised: 1,
      unauthorised: 0,
      absencePct: 50,
      band: 'severe',
    });
  });
});

describe('prior-year flag severity as this year unfolds', () => {
  it.each<{ case: string; codes: string[]; severity: string }>([
    { case: 'few sessions this year', codes: presentDays(4), severity: 'medium' },
    { case: 'a firm, healthy start (0 of 20)', codes: presentDays(10), severity: 'low' },
    {
      case: 'a firm start at 5% (1 of 20)',
      codes: [...presentDays(9), '/', 'I'],
      severity: 'medium',
    },
  ])('should be $severity with $case', ({ codes, severity }) => {
    const marks = sessions('2025-09-08', codes);

    const analysis = analysePupil(marks, {
      asOf: lastDate(marks),
      prior: { summaries: [summary(200, 30)] },
    });

    expect(analysis.flags.find((f) => f.id === 'prior-year-persistent')?.severity).toBe(severity);
  });

  it('should lead with last year only while this year has few sessions', () => {
    const early = analysePupil(SEPTEMBER, {
      asOf: '2025-09-11',
      prior: { summaries: [summary(342, 48)] },
    });
    const later = analysePupil(sessions('2025-09-08', presentDays(12)), {
      asOf: '2025-09-23',
      prior: { summaries: [summary(342, 48)] },
    });

    expect(priorYearLead(early.flags)?.id).toBe('prior-year-persistent');
    expect(priorYearLead(later.flags)).toBeNull();
  });

  it('should label academic years as the DfE does', () => {
    expect([academicYearLabel(2024), academicYearLabel(1999)]).toEqual(['2024/25', '1999/00']);
  });
});

describe('part-time timetable flag', () => {
  /** A school week present but for `c2` sessions of C2 at its end (10 sessions, Mon-Fri). */
  const week = (c2: number) => [...rep('/', 10 - c2), ...rep('C2', c2)];
  const weeks = (...c2: number[]) => c2.flatMap(week);
  const partTime = (marks: MarkRecord[], overrides: Record<string, number> = {}) =>
    analysePupil(marks, {
      asOf: lastDate(marks),
      thresholds: thresholdsSchema.parse(overrides),
    }).flags.find((f) => f.id === 'part-time-timetable');

  it.each<{ case: string; codes: string[]; raised: boolean }>([
    { case: 'C2 in each of the last 6 school weeks', codes: weeks(2, 2, 2, 2, 2, 2), raised: true },
    { case: 'C2 in only the last 5 school weeks', codes: weeks(0, 2, 2, 2, 2, 2), raised: false },
    { case: 'one week without C2 among the last 6', codes: weeks(2, 2, 2, 0, 2, 2), raised: false },
    {
      case: 'a single C2 session in each of 6 weeks',
      codes: weeks(1, 1, 1, 1, 1, 1),
      raised: true,
    },
    {
      case: 'a new week with no C2 yet after 6 weeks of it',
      codes: [...weeks(2, 2, 2, 2, 2, 2), '/', '\\'],
      raised: true,
    },
    {
      case: 'a whole week back full time after 6 weeks of it',
      codes: [...weeks(2, 2, 2, 2, 2, 2), ...week(0), '/', '\\'],
      raised: false,
    },
  ])('should be raised $raised for $case', ({ codes, raised }) => {
    const flag = partTime(sessions('2025-09-08', codes));

    expect(flag !== undefined).toBe(raised);
  });

  it('should follow the setting for the number of weeks', () => {
    const marks = sessions('2025-09-08', weeks(0, 0, 2, 2, 2, 2));

    expect(partTime(marks, { partTimeWeeks: 4 })).toBeDefined();
    expect(partTime(marks, { partTimeWeeks: 5 })).toBeUndefined();
  });

  it('should give the C2 sessions of the window as evidence and say why it matters', () => {
    const flag = partTime(sessions('2025-09-08', weeks(2, 2, 2, 2, 2, 2, 2)));

    expect(flag?.evidence).toHaveLength(12);
    expect(flag?.evidence[0]).toBe('2025-09-19 AM C2');
    expect(flag?.reason).toContain('12 C2 sessions since 2025-09-19');
    expect(flag?.reason).toContain('temporary, agreed and reviewed');
  });
});
