import { describe, expect, it } from 'vitest';
import type { MarkRecord } from '../../utils/attendance/types';
import { describeChange, interventionImpact, median, whatWorks } from '../../utils/support/impact';
import type { InterventionRecord } from '../../utils/support/records';
import { intervention, marksOn, schoolDays } from './builders';

// Five school weeks: 23 February to 27 March 2026, present unless changed.
const WEEKS = schoolDays('2026-02-23', 25);
const marksWith = (changes: Record<string, string>, pupilId = 'P1'): MarkRecord[] =>
  marksOn(WEEKS, (d, s) => changes[`${d} ${s}`] ?? (s === 'AM' ? '/' : '\\'), pupilId);
const mentor = intervention({ type: 'attendance-mentor', start: '2026-03-16', status: 'active' });

describe('interventionImpact', () => {
  // Before: the week of 23 February is all absent but falls outside the two-week window.
  const absentWeek = Object.fromEntries(
    schoolDays('2026-02-23', 5).flatMap((d) => [
      [`${d} AM`, 'O'],
      [`${d} PM`, 'O'],
    ]),
  );
  const marks = marksWith({
    ...absentWeek,
    '2026-03-02 AM': 'O',
    '2026-03-02 PM': 'O',
    '2026-03-09 AM': 'I',
    '2026-03-10 PM': 'N',
    '2026-03-24 AM': 'G',
  });

  it('should compare equal windows of school weeks before and since the start', () => {
    const impact = interventionImpact(mentor, marks, '2026-03-27');

    expect(impact.weeks).toBe(2);
    expect(impact.before).toEqual({
      from: '2026-03-02',
      to: '2026-03-13',
      weeks: 2,
      possible: 20,
      present: 16,
      absent: 4,
      attendancePct: 80,
    });
    expect(impact.since).toMatchObject({
      from: '2026-03-16',
      to: '2026-03-27',
      possible: 20,
      present: 19,
    });
    expect(impact.changePoints).toBe(15);
    expect(impact.smallNumbers).toBe(false);
    expect(impact.caveat).toBeUndefined();
  });

  it('should split the start week when a plan starts mid-week', () => {
    const impact = interventionImpact({ ...mentor, start: '2026-03-18' }, marks, '2026-03-27');

    expect(impact.before).toMatchObject({ from: '2026-03-09', to: '2026-03-17', possible: 14 });
    expect(impact.since).toMatchObject({ from: '2026-03-18', to: '2026-03-27', possible: 16 });
    expect(impact.smallNumbers).toBe(true);
    expect(impact.caveat).toContain('only 14 possible sessions');
  });

  it('should skip weeks with no possible session, such as a closure', () => {
    const closed = marksWith({
      ...Object.fromEntries(
        schoolDays('2026-03-09', 5).flatMap((d) => [
          [`${d} AM`, '#'],
          [`${d} PM`, '#'],
        ]),
      ),
      '2026-02-23 AM': 'O',
    });

    const impact = interventionImpact(mentor, closed, '2026-03-27');

    expect(impact.before).toMatchObject({
      from: '2026-02-23',
      to: '2026-03-06',
      possible: 20,
      present: 19,
    });
  });

  it('should cap the windows at the given number of weeks', () => {
    const impact = interventionImpact(mentor, marks, '2026-03-27', { maxWeeks: 1 });

    expect(impact.weeks).toBe(1);
    expect(impact.before.from).toBe('2026-03-09');
    expect(impact.since.to).toBe('2026-03-20');
  });

  it('should have no change to report before any school week has passed', () => {
    const impact = interventionImpact({ ...mentor, start: '2026-03-30' }, marks, '2026-03-30');

    expect(impact.weeks).toBe(0);
    expect(impact.changePoints).toBeNull();
    expect(impact.caveat).toContain('Too soon');
  });

  it("should ignore marks after today, other pupils' marks and superseded records", () => {
    const extra: MarkRecord[] = [
      { pupilId: 'P2', date: '2026-03-17', session: 'AM', mark: 'O' },
      { pupilId: 'P1', date: '2026-03-24', session: 'AM', mark: '/' },
      { pupilId: 'P1', date: '2026-03-26', session: 'AM', mark: 'O' },
    ];

    const impact = interventionImpact(mentor, [...marks, ...extra], '2026-03-25');

    expect(impact.since).toMatchObject({ to: '2026-03-25', possible: 16, present: 16 });
  });

  it.each([
    [6.5, 'Attendance rose by 6.5 points.'],
    [-3, 'Attendance fell by 3 points.'],
    [0.4, 'Attendance stayed about the same.'],
  ])('should describe a change of %d points in plain words', (points, words) => {
    expect(describeChange(points)).toBe(words);
  });
});

describe('whatWorks', () => {
  const start = '2026-03-02';
  const before = schoolDays('2026-02-02', 20);
  const since = schoolDays(start, 20);
  /** 40 possible sessions either side; the first `b` before and `s` since are absent. */
  const pupil = (id: string, b: number, s: number): MarkRecord[] => [
    ...marksOn(before, '/', id).map((m, i) => (i < b ? { ...m, mark: 'O' } : m)),
    ...marksOn(since, '/', id).map((m, i) => (i < s ? { ...m, mark: 'O' } : m)),
  ];
  const marksByPupil = new Map([
    ['A', pupil('A', 8, 2)], // 80% → 95%: +15
    ['B', pupil('B', 4, 4)], // 90% → 90%: 0
    ['C', pupil('C', 10, 2)], // 75% → 95%: +20
    ['D', pupil('D', 2, 6)], // 95% → 85%: −10
    ['E', pupil('E', 6, 3)], // 85% → 92.5%: +7.5
  ]);
  const plan = (id: string, pupilId: string, type: InterventionRecord['type'], s = start) =>
    intervention({ id, pupilId, type, start: s });
  const plans = [
    plan('1', 'A', 'attendance-mentor'),
    plan('2', 'B', 'attendance-mentor'),
    plan('3', 'C', 'attendance-mentor'),
    plan('4', 'D', 'attendance-contract'),
    plan('5', 'E', 'attendance-contract'),
    plan('6', 'F', 'attendance-contract'), // no marks yet: pending
    plan('7', 'A', 'breakfast-club', '2026-04-20'),
  ];

  it('should give how many, the median change and how many improved, by type', () => {
    const rows = whatWorks(plans, marksByPupil, '2026-03-27');

    expect(rows.map((r) => [r.type, r.count, r.medianChange, r.improved, r.pending])).toEqual([
      ['attendance-mentor', 3, 15, 2, 0],
      ['attendance-contract', 2, -1.25, 1, 1],
    ]);
  });

  it('should carry a caveat when fewer than 5 interventions of a type can be compared', () => {
    const [row] = whatWorks(plans, marksByPupil, '2026-03-27');

    expect(row?.smallNumbers).toBe(true);
    expect(row?.caveat).toContain('Only 3 so far');
  });

  it('should drop the caveat once there are enough', () => {
    const many = ['A', 'B', 'C', 'D', 'E'].map((p, i) => plan(`m${i}`, p, 'attendance-mentor'));

    const [row] = whatWorks(many, Object.fromEntries(marksByPupil), '2026-03-27');

    expect(row).toMatchObject({ count: 5, medianChange: 7.5, improved: 3, smallNumbers: false });
    expect(row?.caveat).toBeUndefined();
  });

  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('should take the median of %j as %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
