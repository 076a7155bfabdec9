// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSchoolDay, weekdayOf } from '../../utils/attendance/calendar';
import {
  categorise,
  codeInfo,
  codeSetFor,
  isAbsence,
  isPossible,
  isPresence,
} from '../../utils/attendance/codes';
import {
  MARKS_CSV_HEADER,
  generateSchool,
  markAt,
  schoolMarksCsv,
  type DemoSchool,
} from '../../scripts/demo/school';

const TODAY = '2026-01-21';
const school = generateSchool({ today: TODAY });

const hashOf = (s: DemoSchool) =>
  createHash('sha256')
    .update(s.marks.map((m) => `${m.pupilId}${m.date}${m.session}${m.mark}`).join('\n'))
    .digest('hex');

function absenceRates(s: DemoSchool): { absence: number; attendance: number }[] {
  const per = new Map<string, { possible: number; absent: number; present: number }>();
  for (const m of s.marks) {
    const c = categorise(m.mark, m.date);
    const e = per.get(m.pupilId) ?? { possible: 0, absent: 0, present: 0 };
    per.set(m.pupilId, e);
    if (isPossible(c)) e.possible++;
    if (isAbsence(c)) e.absent++;
    if (isPresence(c)) e.present++;
  }
  return [...per.values()].map((e) => ({
    absence: e.absent / e.possible,
    attendance: e.present / e.possible,
  }));
}

const share = (values: boolean[]) => values.filter(Boolean).length / values.length;

describe('the demo school generator', () => {
  it('should build 1,200 pupils in 40 forms from 7A to 11H', () => {
    expect(school.pupils).toHaveLength(1200);
    expect(school.forms.map((f) => f.id)).toHaveLength(40);
    expect(school.forms[0]!.id).toBe('7A');
    expect(school.forms.at(-1)!.id).toBe('11H');
    expect(new Set(school.pupils.map((p) => p.id)).size).toBe(1200);
  });

  it('should give the same marks for the same seed and date', () => {
    const again = generateSchool({ today: TODAY });

    expect(hashOf(again)).toBe(hashOf(school));
  });

  it('should give different marks for a different seed', () => {
    const other = generateSchool({ today: TODAY, seed: 2 });

    expect(hashOf(other)).not.toBe(hashOf(school));
  });

  it('should mark every pupil for both sessions of every school day before today', () => {
    const days = school.markedDays.length;

    expect(school.marks).toHaveLength(1200 * days * 2);
    expect(school.markedDays[0]).toBe('2025-09-01');
    expect(school.markedDays.at(-1)).toBe('2026-01-20');
  });

  it('should use only codes of the 2024 set', () => {
    const invalid = school.marks.filter(
      (m) => codeSetFor(m.date) !== '2024' || codeInfo(m.mark, m.date) === undefined,
    );

    expect(invalid).toEqual([]);
  });

  it('should put no mark on a weekend or holiday', () => {
    const inset = new Set(school.insetDays);
    const offDays = school.markedDays.filter(
      (d) => weekdayOf(d) >= 5 || (!isSchoolDay(school.calendar, d) && !inset.has(d)),
    );

    expect(offDays).toEqual([]);
  });

  it('should mark INSET days # for everyone', () => {
    const inset = new Set(school.insetDays);
    const onInset = school.marks.filter((m) => inset.has(m.date));

    expect(onInset.length).toBeGreaterThan(0);
    expect(new Set(onInset.map((m) => m.mark))).toEqual(new Set(['#']));
    expect(school.marks.filter((m) => m.mark === '#' && !inset.has(m.date))).toEqual([]);
  });

  it('should have about a fifth of pupils persistently absent and a few severely absent', () => {
    const rates = absenceRates(school);

    expect(share(rates.map((r) => r.absence >= 0.1))).toBeGreaterThanOrEqual(0.15);
    expect(share(rates.map((r) => r.absence >= 0.1))).toBeLessThanOrEqual(0.25);
    expect(share(rates.map((r) => r.absence >= 0.5))).toBeGreaterThan(0.005);
    expect(share(rates.map((r) => r.absence >= 0.5))).toBeLessThan(0.05);
  });

  it('should have most pupils at 95% or more and a tail between 90% and 95%', () => {
    const rates = absenceRates(school);

    expect(share(rates.map((r) => r.attendance >= 0.95))).toBeGreaterThan(0.5);
    expect(share(rates.map((r) => r.attendance >= 0.9 && r.attendance < 0.95))).toBeGreaterThan(
      0.08,
    );
  });

  it.each([
    ['lates before the register closed', 'L'],
    ['lates after the register closed', 'U'],
    ['illness', 'I'],
    ['medical appointments', 'M'],
    ['unexplained absence', 'N'],
    ['resolved unauthorised absence', 'O'],
    ['holidays not agreed', 'G'],
    ['an educational visit', 'V'],
    ['a part-time timetable', 'C2'],
    ['a dual-registered pupil', 'D'],
  ])('should include %s (%s)', (_what, code) => {
    expect(school.marks.some((m) => m.mark === code)).toBe(true);
  });

  it('should give the part-time pupil C2 in the afternoons only', () => {
    const pupil = school.pupils.find((p) => p.pattern === 'part-time-timetable')!;
    const c2 = school.marks.filter((m) => m.pupilId === pupil.id && m.mark === 'C2');

    expect(c2.length).toBeGreaterThan(20);
    expect(new Set(c2.map((m) => m.session))).toEqual(new Set(['PM']));
  });

  it('should leave some runs of N unresolved for five or more school days up to today', () => {
    const pupil = school.pupils.find((p) => p.unresolvedDays >= 5)!;
    const teaching = school.markedDays.filter((d) => !school.insetDays.includes(d));
    const lastFive = teaching.slice(-5);

    expect(lastFive.every((d) => markAt(school, pupil.id, d, 'AM') === 'N')).toBe(true);
    expect(school.pupils.some((p) => p.unresolvedDays >= 10)).toBe(true);
  });

  it('should give a share of pupils each context tag', () => {
    const tagged = (tag: string) => share(school.pupils.map((p) => p.tags.includes(tag as never)));

    expect(tagged('fsm')).toBeGreaterThan(0.15);
    expect(tagged('send')).toBeGreaterThan(0.08);
    expect(tagged('ehcp')).toBeGreaterThan(0.005);
    expect(tagged('social-worker')).toBeGreaterThan(0.01);
    expect(tagged('young-carer')).toBeGreaterThan(0.005);
  });

  it.each([
    ['a Saturday', '2026-01-24', '2026-01-23'],
    ['a half-term Monday', '2026-02-16', '2026-02-13'],
    ['a school day', '2026-01-21', '2026-01-21'],
  ])(
    'should take the register on the latest school day when today is %s',
    (_what, today, expected) => {
      const small = generateSchool({ today, pupils: 30 });

      expect(small.today).toBe(expected);
      expect(small.markedDays.at(-1)! < expected).toBe(true);
    },
  );

  it('should write the history as a canonical marks CSV', () => {
    const small = generateSchool({ today: TODAY, pupils: 60 });
    const lines = schoolMarksCsv(small, { form: '7A' }).trimEnd().split('\r\n');

    expect(lines[0]).toBe(MARKS_CSV_HEADER);
    expect(lines).toHaveLength(1 + small.forms[0]!.pupilIds.length * small.markedDays.length * 2);
    expect(lines[1]).toMatch(/^\d{6},[^,]+,7A,2025-09-01,AM,#$/);
  });

  it('should generate 1,500 pupils for a whole year in a couple of seconds at most', () => {
    const start = performance.now();
    const big = generateSchool({ today: '2026-07-21', pupils: 1500 });
    const elapsed = performance.now() - start;

    expect(big.marks.length).toBeGreaterThanOrEqual(1500 * 380);
    expect(elapsed).toBeLessThan(4000);
  });
});
