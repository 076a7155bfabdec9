import { describe, expect, it } from 'vitest';
import {
  bandFor,
  countMarks,
  figuresFor,
  pct2,
  presentSessionsToRecover,
  sessionsUntilPersistent,
} from '../../utils/attendance/figures';
import type { MarkRecord } from '../../utils/attendance/types';
import { rep, sessions } from './helpers';

const MON = '2025-09-08';

describe('figuresFor: the bands by the exact ratio', () => {
  it.each([
    { case: 'exactly 5%', absent: 1, present: 19, pct: 5, band: 'at-risk', until: 2, recover: 0 },
    {
      case: 'just under 5%',
      absent: 1,
      present: 20,
      pct: 4.76,
      band: 'none',
      until: 2,
      recover: 0,
    },
    {
      case: 'exactly 10%',
      absent: 2,
      present: 18,
      pct: 10,
      band: 'persistent',
      until: 0,
      recover: 1,
    },
    {
      case: 'just under 10%',
      absent: 2,
      present: 19,
      pct: 9.52,
      band: 'at-risk',
      until: 1,
      recover: 0,
    },
    {
      case: 'exactly 50%',
      absent: 10,
      present: 10,
      pct: 50,
      band: 'severe',
      until: 0,
      recover: 81,
    },
    {
      case: 'just under 50%',
      absent: 10,
      present: 11,
      pct: 47.62,
      band: 'persistent',
      until: 0,
      recover: 80,
    },
    { case: 'no absence', absent: 0, present: 40, pct: 0, band: 'none', until: 5, recover: 0 },
  ])('should put $case in band $band', ({ absent, present, pct, band, until, recover }) => {
    const marks = sessions(MON, [...rep('/', present), ...rep('I', absent)]);

    const f = figuresFor(marks);

    expect(f.possible).toBe(absent + present);
    expect(f.absencePct).toBe(pct);
    expect(f.band).toBe(band);
    expect(f.sessionsUntilPersistent).toBe(until);
    expect(f.presentSessionsToRecover).toBe(recover);
  });

  it('should compare the exact ratio, not the rounded percentage', () => {
    // 9.999…% rounds to 10.00 but is not persistent absence.
    expect(pct2(9999, 100_000)).toBe(10);
    expect(bandFor(9999, 100_000)).toBe('at-risk');
  });
});

describe('figuresFor: what each mark counts as', () => {
  const one = (date: string, mark: string) =>
    figuresFor([{ pupilId: 'P', date, session: 'AM', mark }]);

  it.each([
    { mark: 'H', date: '2024-08-16', field: 'authorised', note: 'legacy agreed holiday' },
    { mark: 'H', date: '2024-08-19', field: 'unknown', note: 'H is no code from 2024-08-19' },
    {
      mark: 'J',
      date: '2024-07-01',
      field: 'present',
      note: 'legacy interview is approved activity',
    },
    { mark: 'J', date: '2024-09-02', field: 'unknown', note: 'J is no code in the 2024 set' },
    { mark: 'J1', date: '2024-09-02', field: 'authorised', note: '2024 interview' },
    { mark: 'J1', date: '2024-07-01', field: 'unknown', note: 'J1 is no legacy code' },
    { mark: 'F', date: '2023-10-02', field: 'authorised', note: 'legacy extended holiday' },
    { mark: 'Y', date: '2023-10-02', field: 'notPossible', note: 'legacy Y' },
    { mark: 'Y', date: '2025-10-02', field: 'unknown', note: 'plain Y is no 2024 code' },
    { mark: 'Y3', date: '2025-10-02', field: 'notPossible', note: 'Y1-Y7 are not possible' },
    { mark: 'Q', date: '2025-10-02', field: 'notPossible', note: 'Q is not possible' },
    { mark: 'D', date: '2025-10-02', field: 'notPossible', note: 'dual registration' },
    { mark: '#', date: '2025-10-02', field: 'notPossible', note: 'planned closure' },
    { mark: 'K', date: '2025-10-02', field: 'present', note: 'LA provision is approved activity' },
    { mark: 'B', date: '2025-10-02', field: 'present', note: 'B is approved activity' },
    { mark: 'C2', date: '2025-10-02', field: 'authorised', note: 'part-time timetable' },
    { mark: 'G', date: '2025-10-02', field: 'unauthorised', note: 'holiday not agreed' },
    { mark: 'n', date: '2025-10-02', field: 'unknown', note: 'case matters' },
    { mark: ' N ', date: '2025-10-02', field: 'unauthorised', note: 'spaces are trimmed' },
    { mark: '', date: '2025-10-02', field: 'unmarked', note: 'empty' },
    { mark: '-', date: '2025-10-02', field: 'unmarked', note: 'a dash' },
    { mark: '@', date: '2025-10-02', field: 'unknown', note: 'not a code' },
  ] as const)('should count $mark on $date as $field ($note)', ({ mark, date, field }) => {
    const f = one(date, mark);

    expect(f[field]).toBe(1);
    const possible = ['present', 'authorised', 'unauthorised'].includes(field) ? 1 : 0;
    expect(f.possible).toBe(possible);
  });

  it.each([
    { mark: 'L', late: 'lateBeforeClose', also: 'present' },
    { mark: 'U', late: 'lateAfterClose', also: 'unauthorised' },
  ] as const)('should count $mark as $late and as $also', ({ mark, late, also }) => {
    const f = one('2025-10-02', mark);

    expect(f[late]).toBe(1);
    expect(f[also]).toBe(1);
  });

  it('should give null percentages, band and session counts when there are no possible sessions', () => {
    const f = figuresFor(sessions(MON, ['#', '#', 'X', '', '@']));

    expect(f).toMatchObject({
      possible: 0,
      notPossible: 3,
      unmarked: 1,
      unknown: 1,
      attendancePct: null,
      absencePct: null,
      band: null,
      sessionsUntilPersistent: null,
      presentSessionsToRecover: null,
      maxUnauthorisedIn10Weeks: 0,
    });
  });

  it('should let a later record for the same session replace an earlier one', () => {
    const marks: MarkRecord[] = [
      { pupilId: 'P', date: '2025-10-02', session: 'AM', mark: 'N' },
      { pupilId: 'P', date: '2025-10-01', session: 'PM', mark: '\\' },
      { pupilId: 'P', date: '2025-10-02', session: 'AM', mark: 'I' },
    ];

    const f = countMarks(marks);

    expect(f).toMatchObject({ possible: 2, present: 1, authorised: 1, unauthorised: 0 });
  });

  it('should round percentages half up to 2 decimals', () => {
    expect(figuresFor(sessions(MON, ['/', '/', 'I'])).absencePct).toBe(33.33);
    expect(figuresFor(sessions(MON, ['/', 'I', 'I'])).absencePct).toBe(66.67);
    expect(pct2(1, 800)).toBe(0.13);
  });
});

describe('figuresFor: windows', () => {
  it('should count only marks inside an inclusive date window', () => {
    const marks = sessions(MON, [...rep('/', 10), ...rep('N', 10)]); // Mon-Fri present, next week absent

    expect(figuresFor(marks, { to: '2025-09-12' }).possible).toBe(10);
    expect(figuresFor(marks, { from: '2025-09-15' }).unauthorised).toBe(10);
    expect(figuresFor(marks, { from: '2025-09-12', to: '2025-09-15' }).possible).toBe(4);
  });
});

describe('maxUnauthorisedIn10Weeks', () => {
  /** One week of marks from a Monday: `n` unauthorised sessions, the rest present. */
  const week = (monday: string, n: number, filler = '/') =>
    sessions(monday, [...rep('O', n), ...rep(filler, 10 - n)]);
  const mondays = (first: string, count: number, gapAfter = -1, gapWeeks = 0) => {
    const out: string[] = [];
    let d = new Date(`${first}T00:00:00Z`);
    for (let i = 0; i < count; i++) {
      out.push(d.toISOString().slice(0, 10));
      d = new Date(d.getTime() + (i === gapAfter ? 7 * (gapWeeks + 1) : 7) * 86_400_000);
    }
    return out;
  };

  it('should skip holiday weeks so 10 school weeks can span 13 calendar weeks', () => {
    // Ten school weeks with a two-week holiday after the fifth.
    const ws = mondays('2025-09-08', 10, 4, 2);
    const marks = ws.flatMap((m, i) => week(m, i === 0 || i === 9 ? 5 : 0));

    expect(figuresFor(marks).maxUnauthorisedIn10Weeks).toBe(10);
  });

  it('should skip a week that holds only not-possible sessions', () => {
    const ws = mondays('2025-09-08', 11);
    const marks = ws.flatMap((m, i) =>
      i === 5 ? week(m, 0, '#') : week(m, i === 0 || i === 10 ? 5 : 0),
    );

    expect(figuresFor(marks).maxUnauthorisedIn10Weeks).toBe(10);
  });

  it('should slide the window when there are more than 10 school weeks', () => {
    const ws = mondays('2025-09-08', 11);
    const marks = ws.flatMap((m, i) => week(m, i === 0 || i === 10 ? 5 : 0));

    expect(figuresFor(marks).maxUnauthorisedIn10Weeks).toBe(5);
  });

  it('should take every school week when there are fewer than 10', () => {
    const marks = [...week('2025-09-08', 2), ...week('2025-09-15', 3), ...week('2025-09-22', 4)];

    expect(figuresFor(marks).maxUnauthorisedIn10Weeks).toBe(9);
  });

  it('should count G, N, O and U, but not authorised absence', () => {
    const marks = sessions(MON, ['G', 'N', 'O', 'U', 'I', 'M', 'C']);

    expect(figuresFor(marks).maxUnauthorisedIn10Weeks).toBe(4);
  });
});

describe('sessionsUntilPersistent and presentSessionsToRecover', () => {
  it.each([
    { a: 2, p: 140, until: 14, recover: 0 },
    { a: 0, p: 140, until: 16, recover: 0 },
    { a: 18, p: 140, until: 0, recover: 41 },
    { a: 14, p: 140, until: 0, recover: 1 },
    { a: 1, p: 1, until: 0, recover: 10 },
    { a: 0, p: 1, until: 1, recover: 0 },
  ])('should need $until more absences and $recover present sessions at $a of $p', (row) => {
    expect(sessionsUntilPersistent(row.a, row.p)).toBe(row.until);
    expect(presentSessionsToRecover(row.a, row.p)).toBe(row.recover);
  });

  it('should be null with no possible sessions', () => {
    expect(sessionsUntilPersistent(0, 0)).toBeNull();
    expect(presentSessionsToRecover(0, 0)).toBeNull();
  });
});
