import { describe, expect, it } from 'vitest';
import { NATIONAL_REFERENCE } from '../../utils/attendance/cohort';
import { NATIONAL_LATEST, nationalSentence, nationalSource } from '../../utils/attendance/national';

describe('the national reference', () => {
  it('should hold the latest verified DfE release with its period and source', () => {
    expect(NATIONAL_LATEST).toMatchObject({
      period: 'autumn and spring terms 2024/25',
      overallAbsencePct: 6.63,
      persistentPct: 17.63,
      severePct: 2.26,
      published: '2025-10-23',
    });
    expect(NATIONAL_LATEST.url).toMatch(
      /^https:\/\/explore-education-statistics\.service\.gov\.uk\//,
    );
  });

  it('should name the period and the source in one sentence for screens and files', () => {
    expect(nationalSentence()).toBe(
      'England, state-funded primary, secondary and special schools, autumn and spring terms 2024/25: overall absence 6.63%, persistent absence 17.63% of pupils, severe absence 2.26% (DfE, Pupil absence in schools in England: autumn and spring term 2024/25, published 23 October 2025).',
    );
    expect(nationalSource()).toMatch(/published 23 October 2025$/);
  });

  it('should be the release the cohort figures carry, newer than every full year listed', () => {
    expect(NATIONAL_REFERENCE.latest).toBe(NATIONAL_LATEST);
    const years = NATIONAL_REFERENCE.years.map((y) => y.year);
    expect(years.every((y) => y < NATIONAL_LATEST.year)).toBe(true);
  });
});
