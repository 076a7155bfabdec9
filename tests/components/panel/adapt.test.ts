import { describe, expect, it } from 'vitest';
import { cohortLevel, heatCells, weekChange, weeklyPoints } from '../../../components/panel/adapt';
import { yearOf } from '../../../components/panel/format';
import { redactName } from '../../../components/panel/privacy';
import { figures } from './fixtures';

describe('the panel adapters', () => {
  it('should turn weekly absence into attendance', () => {
    expect(
      weeklyPoints([
        {
          weekStart: '2026-01-05',
          possible: 10,
          absent: 2,
          absencePct: 20,
          cumulativeAbsencePct: 7.5,
        },
      ]),
    ).toEqual([
      { weekStart: '2026-01-05', possible: 10, absent: 2, attendancePct: 80, cumulativePct: 92.5 },
    ]);
  });

  it('should keep only the school week of the heat map', () => {
    const grid = (v: number) => Array.from({ length: 7 }, (_, d) => [d * v, d * v + 1]);
    const cells = heatCells({ possible: grid(10), absent: grid(1) });
    expect(cells).toHaveLength(10);
    expect(cells[9]).toEqual({ weekday: 'Fri', session: 'PM', possible: 41, absent: 5 });
  });

  it('should give the change in absence points since last week', () => {
    expect(weekChange(figures(100, 12), figures(90, 8), 4)).toEqual({
      previousBand: 'at-risk',
      absencePointsDelta: 3.11,
      newAbsences: 4,
    });
  });

  it("should turn the engine's cohort figures into a row with movement between bands", () => {
    const none = { severe: 0, persistent: 0, 'at-risk': 0, none: 0, 'no-data': 0 };
    const level = cohortLevel(
      'form',
      '7A',
      {
        pupils: 3,
        possible: 200,
        authorised: 50,
        unauthorised: 14,
        absenceRatePct: 32,
        persistentCount: 1,
        persistentPct: 50,
        severeCount: 1,
        severePct: 50,
        bands: { ...none, severe: 1, none: 1, 'no-data': 1 },
        weekly: [{ weekStart: '2026-01-05', absencePct: 30 }],
      },
      {
        severe: { ...none, severe: 0 },
        persistent: { ...none, severe: 1 },
        'at-risk': { ...none },
        none: { ...none, none: 1 },
        'no-data': { ...none, 'no-data': 1 },
      },
    );
    expect(level).toEqual({
      kind: 'form',
      label: '7A',
      pupils: 3,
      possible: 200,
      absent: 64,
      absencePct: 32,
      persistentCount: 1,
      persistentPct: 50,
      severeCount: 1,
      severePct: 50,
      bandCounts: { severe: 1, persistent: 0, 'at-risk': 0, none: 1, unknown: 1 },
      movement: [{ from: 'persistent', to: 'severe', count: 1 }],
      weekly: [{ weekStart: '2026-01-05', absencePct: 30 }],
    });
  });
});

describe('yearOf', () => {
  it.each([
    ['7B', 'Year 7'],
    ['10.2', 'Year 10'],
    ['Y11 Blue', 'Year 11'],
    ['Year 8 Oak', 'Year 8'],
    ['Oak', null],
    [null, null],
  ])('should read %s as %s', (group, year) => {
    expect(yearOf(group)).toBe(year);
  });
});

describe('redactName', () => {
  it.each([
    ['Have a quiet word with Sam', 'Sam Stone', 'Have a quiet word with Pupil 3'],
    ['Stone, Sam missed 3 days', 'Stone, Sam', 'Pupil 3 missed 3 days'],
    ['Samuel is not Sam', 'Sam Stone', 'Samuel is not Pupil 3'],
    ["Zoë's mum called", 'Zoë Ó Briain', "Pupil 3's mum called"],
  ])('should hide the name in "%s"', (input, name, expected) => {
    expect(redactName(input, name, 'Pupil 3')).toBe(expected);
  });
});
