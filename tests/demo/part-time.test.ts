import { describe, expect, it } from 'vitest';
import { analysePupil } from '../../utils/attendance/analyse';
import { stepsFor } from '../../utils/support/suggest';
import { generateSchool } from '../../scripts/demo/school';

/**
 * The demo school's pupil on a part-time timetable (C2 every afternoon from the eleventh school
 * day) gets the part-time flag and its review step once six school weeks of C2 have passed, and
 * not before: the same engine and rules the extension runs, on the generator's own marks.
 */
describe('the demo pupil on a part-time timetable', () => {
  it.each<{ today: string; raised: boolean }>([
    { today: '2025-10-01', raised: false },
    { today: '2025-11-05', raised: true },
    { today: '2026-01-21', raised: true },
  ])('should carry the flag and the review step on $today: $raised', ({ today, raised }) => {
    const school = generateSchool({ pupils: 120, today });
    const pupil = school.pupils.find((p) => p.pattern === 'part-time-timetable')!;
    const marks = school.marks.filter((m) => m.pupilId === pupil.id);

    const analysis = analysePupil(marks, { asOf: school.today, from: '2025-09-01' });
    const steps = stepsFor(analysis, pupil.tags, { marks, asOf: school.today, name: pupil.name });

    expect(analysis.flags.some((f) => f.id === 'part-time-timetable')).toBe(raised);
    expect(steps.some((s) => s.id === 'review-part-time-timetable')).toBe(raised);
  });

  it('should give the review to the attendance lead at the formalise-support stage', () => {
    const school = generateSchool({ pupils: 120, today: '2026-01-21' });
    const pupil = school.pupils.find((p) => p.pattern === 'part-time-timetable')!;
    const marks = school.marks.filter((m) => m.pupilId === pupil.id);

    const step = stepsFor(analysePupil(marks, { asOf: school.today }), [], { marks }).find(
      (s) => s.id === 'review-part-time-timetable',
    );

    expect(step).toMatchObject({ stage: 'formalise-support', who: 'Senior attendance lead' });
    expect(step?.why).toMatch(/in each of the last 6 school weeks/);
  });
});
