import { describe, expect, it } from 'vitest';
import { analysePupil } from '../../utils/attendance/analyse';
import { bandMovement, cohortFigures, NATIONAL_REFERENCE } from '../../utils/attendance/cohort';
import { buildTimeline } from '../../utils/attendance/timeline';
import { rep, sessions } from './helpers';

const MON = '2025-09-08';
const ASOF = '2025-09-30';
const school = {
  severe: sessions(MON, [...rep('I', 10), ...rep('/', 10)], 'S'),
  persistent: sessions(MON, [...rep('N', 2), ...rep('/', 18)], 'P'),
  atRisk: sessions(MON, [...rep('/', 19), 'M'], 'R'),
  none: sessions(MON, rep('/', 20), 'N'),
  empty: sessions(MON, ['#', '#'], 'E'),
};

describe('cohortFigures', () => {
  it('should add up a set of pupils with DfE-style persistent and severe rates', () => {
    const analyses = Object.values(school).map((m) => analysePupil(m, { asOf: ASOF }));

    const c = cohortFigures(analyses);

    expect(c).toMatchObject({
      pupils: 5,
      pupilsWithData: 4,
      possible: 80,
      authorised: 11,
      unauthorised: 2,
      absenceRatePct: 16.25,
      persistentCount: 2,
      persistentPct: 50,
      severeCount: 1,
      severePct: 25,
      bands: { severe: 1, persistent: 1, 'at-risk': 1, none: 1, 'no-data': 1 },
    });
    expect(c.national).toBe(NATIONAL_REFERENCE);
  });

  it('should give a weekly series for charts', () => {
    const analyses = [school.persistent, school.none].map((m) => analysePupil(m, { asOf: ASOF }));

    const { weekly } = cohortFigures(analyses);

    expect(weekly.map((w) => [w.weekStart, w.possible, w.absent, w.persistentCount])).toEqual([
      ['2025-09-08', 20, 2, 1],
      ['2025-09-15', 20, 0, 1],
    ]);
  });

  it('should carry the national reference with its year and source', () => {
    expect(NATIONAL_REFERENCE.years).toContainEqual(
      expect.objectContaining({ year: '2023/24', persistentPct: 20.0, severePct: 2.3 }),
    );
    expect(NATIONAL_REFERENCE.source).toContain('DfE');
  });
});

describe('bandMovement', () => {
  it('should count pupils moving between bands between two dates', () => {
    // Absent all of the first day, then present: 2 of 10 after week one, 2 of 30 after three.
    const marks = sessions(MON, [...rep('I', 2), ...rep('/', 28)]);
    const none = sessions(MON, rep('/', 30));

    const m = bandMovement([buildTimeline(marks), buildTimeline(none)], {
      before: '2025-09-12',
      after: '2025-09-26',
    });

    expect(m.persistent['at-risk']).toBe(1);
    expect(m.none.none).toBe(1);
    expect(m.persistent.persistent).toBe(0);
  });
});
