import { describe, expect, it } from 'vitest';
import type { PriorYear } from '../../utils/attendance/prior';
import type { Flag } from '../../utils/attendance/types';
import { suggestSteps } from '../../utils/support/suggest';
import { figures, flag, input } from './builders';

const PRIOR: PriorYear = {
  academicYear: 2024,
  source: 'summary',
  school: 'Oak Primary',
  possible: 342,
  present: 294,
  authorised: 40,
  unauthorised: 8,
  attendancePct: 85.96,
  absencePct: 14.04,
  band: 'persistent',
};
const withSeverity = (f: Flag, severity: Flag['severity']): Flag => ({ ...f, severity });
const EARLY = figures({ possible: 8, present: 8, authorised: 0, absencePct: 0, band: 'none' });
const AT_RISK = figures({
  possible: 60,
  present: 56,
  authorised: 4,
  absencePct: 6.67,
  band: 'at-risk',
});

describe('steps from last year’s evidence', () => {
  it.each<{ case: string; flags: Flag[]; f: typeof EARLY; want: string[]; not: string[] }>([
    {
      case: 'persistent last year, this year only just begun',
      flags: [flag('few-sessions'), flag('prior-year-persistent')],
      f: EARLY,
      want: ['tutor-conversation'],
      not: ['family-meeting'],
    },
    {
      case: 'persistent last year, and absence carries on this year',
      flags: [flag('at-risk'), flag('prior-year-persistent')],
      f: AT_RISK,
      want: ['family-meeting'],
      not: [],
    },
    {
      case: 'persistent last year, and this year is firm and healthy (low severity)',
      flags: [withSeverity(flag('prior-year-persistent'), 'low')],
      f: figures({ possible: 60, present: 60, authorised: 0, absencePct: 0, band: 'none' }),
      want: [],
      not: ['tutor-conversation', 'family-meeting'],
    },
  ])('should suggest $want for $case', ({ flags, f, want, not }) => {
    const ids = suggestSteps(input({ flags, figures: f, priorYear: PRIOR })).map((s) => s.id);

    for (const id of want) expect(ids).toContain(id);
    for (const id of not) expect(ids).not.toContain(id);
  });

  it('should name last year and its counts in the why', () => {
    const [step] = suggestSteps(
      input({
        flags: [flag('few-sessions'), flag('prior-year-severe')],
        figures: EARLY,
        priorYear: PRIOR,
      }),
    );

    expect(step?.id).toBe('tutor-conversation');
    expect(step?.why).toContain(
      'Grace was severely absent last year (2024/25: 48 of 342 sessions, 14.04%)',
    );
  });

  it('should fall back to the engine’s reason when the figures of last year are not given', () => {
    const [step] = suggestSteps(
      input({ flags: [flag('few-sessions'), flag('prior-year-persistent')], figures: EARLY }),
    );

    expect(step?.why).toContain('Engine reason for prior-year-persistent.');
  });
});

describe('the part-time timetable review', () => {
  it('should ask the attendance lead for the review the guidance expects', () => {
    const evidence = [
      '2026-02-13 PM C2',
      '2026-02-20 PM C2',
      '2026-02-27 AM C2',
      '2026-02-27 PM C2',
    ];

    const step = suggestSteps(input({ flags: [flag('part-time-timetable', evidence)] })).find(
      (s) => s.id === 'review-part-time-timetable',
    );

    expect(step).toMatchObject({ stage: 'formalise-support', who: 'Senior attendance lead' });
    expect(step?.text).toContain('still needed');
    expect(step?.text).toContain('return to full time');
    expect(step?.text).toContain('local authority been told');
    expect(step?.why).toContain('in each of the last 3 school weeks, 4 sessions in all since');
  });

  it('should not suggest the review without the flag', () => {
    const ids = suggestSteps(input({ flags: [flag('at-risk')] })).map((s) => s.id);

    expect(ids).not.toContain('review-part-time-timetable');
  });
});
