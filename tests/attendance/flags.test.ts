import { describe, expect, it } from 'vitest';
import { analysePupil } from '../../utils/attendance/analyse';
import { thresholdsSchema } from '../../utils/attendance/thresholds';
import type { FlagId, MarkRecord } from '../../utils/attendance/types';
import { lastDate, rep, sessions } from './helpers';

const MON = '2025-09-08';
const P = ['/', '\\'];
/** `n` school days present. */
const presentDays = (n: number) => Array.from({ length: n }, () => P).flat();
const ids = (marks: MarkRecord[], asOf = lastDate(marks)) =>
  analysePupil(marks, { asOf }).flags.map((f) => f.id);

describe('flags: bands and the few-sessions caveat', () => {
  it.each<{ case: string; codes: string[]; has: FlagId[]; not: FlagId[] }>([
    {
      case: 'severe at exactly 50%',
      codes: [...presentDays(10), ...rep('I', 20)],
      has: ['severe-absence'],
      not: ['persistent-absence', 'few-sessions'],
    },
    {
      case: 'persistent at exactly 10%',
      codes: [...rep('I', 4), ...presentDays(18)],
      has: ['persistent-absence'],
      not: ['severe-absence', 'at-risk', 'near-persistent'],
    },
    {
      case: 'at risk at exactly 5%',
      codes: [...rep('I', 2), ...presentDays(19)],
      has: ['at-risk', 'near-persistent'],
      not: ['persistent-absence'],
    },
    {
      case: 'none below 5% with headroom',
      codes: [...rep('I', 1), ...presentDays(29)],
      has: [],
      not: ['at-risk', 'near-persistent', 'persistent-absence'],
    },
    {
      case: 'a caveat instead of a band under 20 possible sessions',
      codes: [...rep('I', 9), ...presentDays(5)],
      has: ['few-sessions'],
      not: ['persistent-absence', 'at-risk', 'near-persistent'],
    },
  ])('should raise $has for $case', ({ codes, has, not }) => {
    const flags = ids(sessions(MON, codes));

    for (const id of has) expect(flags).toContain(id);
    for (const id of not) expect(flags).not.toContain(id);
  });

  it('should say what the figures rest on when there are few sessions', () => {
    const flag = analysePupil(sessions(MON, [...rep('I', 2), ...presentDays(5)]), {
      asOf: '2025-09-30',
    }).flags.find((f) => f.id === 'few-sessions');

    expect(flag?.reason).toContain('Based on 12 sessions');
  });

  it('should name the numbers and list the absences as evidence', () => {
    const marks = sessions(MON, [...rep('N', 2), ...presentDays(9)]);

    const flag = analysePupil(marks, { asOf: lastDate(marks) }).flags.find(
      (f) => f.id === 'persistent-absence',
    );

    expect(flag).toMatchObject({
      severity: 'high',
      evidence: ['2025-09-08 AM N', '2025-09-08 PM N'],
    });
    expect(flag?.reason).toContain('2 of 20');
    expect(flag?.reason).toContain('10%');
  });
});

describe('flags: near-persistent', () => {
  it.each([
    { absent: 1, present: 39, raised: true, note: '4 sessions away' },
    { absent: 0, present: 40, raised: false, note: '5 sessions away' },
  ])('should be $raised when $note', ({ absent, present, raised }) => {
    const flags = ids(sessions(MON, [...rep('I', absent), ...rep('/', present)]));

    expect(flags.includes('near-persistent')).toBe(raised);
  });
});

describe('flags: recent decline and projection', () => {
  it('should flag a recent decline against a healthy year to date', () => {
    // 10 weeks present, then 4 weeks with 6 absent sessions: 15% recent vs 4.29% overall.
    const codes = [...presentDays(50), ...rep('I', 6), ...presentDays(17)];

    const a = analysePupil(sessions(MON, codes), { asOf: '2025-12-31' });

    expect(a.recent.possible).toBe(40);
    expect(a.flags.map((f) => f.id)).toContain('recent-decline');
  });

  it('should not flag a decline resting on fewer than 20 possible sessions', () => {
    // Recent weeks hold only Monday and Tuesday marks (16 sessions).
    const early = sessions(MON, presentDays(50));
    const recent = ['2025-11-17', '2025-11-24', '2025-12-01', '2025-12-08'].flatMap((m, i) =>
      sessions(m, i === 0 ? ['I', 'I', 'I', 'I'] : ['/', '\\', '/', '\\']),
    );

    expect(ids([...early, ...recent])).not.toContain('recent-decline');
  });

  it('should project persistent absence from the recent rate over the rest of the year', () => {
    // 6 weeks at 0% then 4 weeks at 20%: 8% year to date, heading for ~19%.
    const codes = [
      ...presentDays(30),
      ...Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? ['I', 'I'] : P)).flat(),
    ];
    const marks = sessions(MON, codes);

    const a = analysePupil(marks, { asOf: lastDate(marks) });

    expect(a.figures.band).toBe('at-risk');
    expect(a.flags.map((f) => f.id)).toContain('projected-persistent');
  });

  it('should not project when the year has no sessions left', () => {
    const codes = [
      ...presentDays(30),
      ...Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? ['I', 'I'] : P)).flat(),
    ];
    const marks = sessions('2026-05-04', codes);

    expect(ids(marks, '2026-08-20')).not.toContain('projected-persistent');
  });
});

describe('flags: patterns', () => {
  it.each([
    { spells: 3, raised: true },
    { spells: 2, raised: false },
  ])('should flag spells of absence only from 3 ($spells)', ({ spells, raised }) => {
    const day = (k: number) => (k < spells ? ['I', 'I'] : P);
    const codes = [
      ...presentDays(25),
      ...Array.from({ length: 6 }, (_, k) => [...day(k), ...presentDays(3)]).flat(),
    ];

    expect(ids(sessions(MON, codes)).includes('absence-spells')).toBe(raised);
  });

  it('should count a Friday-to-Monday absence across the weekend as one spell', () => {
    // Fri 12th PM, Mon 15th AM absent; a not-possible session inside a run does not break it.
    const codes = [
      ...presentDays(4),
      '/',
      'I',
      'I',
      '#',
      'I',
      ...rep('/', 11),
      'I',
      ...presentDays(20),
    ];

    expect(ids(sessions(MON, codes))).not.toContain('absence-spells');
  });

  it.each([
    { mondays: 3, raised: true },
    { mondays: 2, raised: false },
  ])(
    'should flag a weekday pattern from 3 days on one weekday ($mondays)',
    ({ mondays, raised }) => {
      const weeks = Array.from({ length: 8 }, (_, w) => [
        ...(w < mondays ? ['I', 'I'] : P),
        ...presentDays(4),
      ]);

      expect(ids(sessions(MON, weeks.flat())).includes('weekday-pattern')).toBe(raised);
    },
  );

  it('should not flag a weekday that holds under half of the days with absence', () => {
    // Three Mondays, three Tuesdays and a Wednesday: no weekday holds half of the 7 days.
    const weeks = Array.from({ length: 8 }, (_, w) => [
      ...(w < 3 ? ['I', 'I'] : P),
      ...(w >= 5 ? ['I', 'I'] : P),
      ...(w === 4 ? ['I', 'I'] : P),
      ...presentDays(2),
    ]);

    expect(ids(sessions(MON, weeks.flat()))).not.toContain('weekday-pattern');
  });

  it.each([
    { run: 6, raised: true },
    { run: 5, raised: false },
  ])('should flag consecutive absence from 6 sessions ($run)', ({ run, raised }) => {
    const codes = [...presentDays(20), ...rep('I', run)];

    expect(ids(sessions(MON, codes)).includes('consecutive-absence')).toBe(raised);
  });

  it.each([
    { codes: rep('N', 20), raised: true, note: '20 unauthorised in a row' },
    { codes: rep('O', 19), raised: false, note: '19 in a row' },
    {
      codes: [...rep('N', 10), 'I', ...rep('N', 10)],
      raised: false,
      note: 'broken by an authorised absence',
    },
    {
      codes: [...rep('N', 10), '#', '#', ...rep('N', 10)],
      raised: true,
      note: 'not broken by a closure',
    },
  ])('should flag possible missing education: $note', ({ codes, raised }) => {
    const flags = ids(sessions(MON, [...presentDays(10), ...codes]));

    expect(flags.includes('possible-missing-education')).toBe(raised);
  });
});

describe('flags: unresolved N, lateness and the penalty framework', () => {
  it.each([
    { asOf: '2025-09-22', raised: true, note: '5 school days on' },
    { asOf: '2025-09-19', raised: false, note: '4 school days on' },
  ])('should flag an N mark $note', ({ asOf, raised }) => {
    const marks = sessions(MON, [...presentDays(5), 'N', ...rep('/', 13)]); // N on Mon 15th AM

    expect(ids(marks, asOf).includes('unresolved-reason')).toBe(raised);
  });

  it.each([
    { codes: ['L', 'L', 'U'], raised: true },
    { codes: ['L', 'U'], raised: false },
  ])('should flag lateness from 3 lates in 4 weeks ($codes)', ({ codes, raised }) => {
    const marks = sessions(MON, [...presentDays(30), ...codes.flatMap((c) => [c, '\\'])]);

    expect(ids(marks).includes('lateness')).toBe(raised);
  });

  it.each([
    { unauthorised: 10, raised: true },
    { unauthorised: 9, raised: false },
  ])(
    'should prompt a review at $unauthorised unauthorised sessions in 10 weeks',
    ({ unauthorised, raised }) => {
      const weeks = Array.from({ length: 10 }, (_, w) => [
        ...(w < unauthorised ? ['O'] : ['/']),
        ...rep('/', 9),
      ]);

      const a = analysePupil(sessions(MON, weeks.flat()), { asOf: '2025-12-31' });
      const flag = a.flags.find((f) => f.id === 'penalty-threshold');

      expect(Boolean(flag)).toBe(raised);
      if (flag) {
        expect(flag.reason).toContain('review the support in place');
        expect(flag.reason).toContain('a penalty notice must now be considered');
        expect(flag.evidence).toHaveLength(10);
      }
    },
  );

  it('should follow thresholds from settings', () => {
    const marks = sessions(MON, [...rep('I', 2), ...presentDays(19)]);
    const thresholds = thresholdsSchema.parse({ atRiskPct: 6 });

    const flags = analysePupil(marks, { asOf: lastDate(marks), thresholds }).flags.map((f) => f.id);

    expect(flags).not.toContain('at-risk');
  });

  it('should list flags best first, high severity before medium and low', () => {
    const marks = sessions(MON, [...presentDays(10), ...rep('N', 20)]);

    const severities = analysePupil(marks, { asOf: lastDate(marks) }).flags.map((f) => f.severity);

    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('high');
  });
});
