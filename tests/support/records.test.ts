import { describe, expect, it } from 'vitest';
import {
  currentStage,
  dueFollowUps,
  flagReviewSchema,
  interventionRecordSchema,
  noteRecordSchema,
  planDefaults,
  planWarnings,
  stageRecordSchema,
  type StageRecord,
} from '../../utils/support/records';
import { intervention, note } from './builders';

describe('record schemas', () => {
  it('should accept a note with a step, a follow-up date and trimmed text', () => {
    const parsed = noteRecordSchema.parse(
      note({ stepId: 'family-meeting', followUp: '2026-04-01', text: '  Agreed a later start.  ' }),
    );

    expect(parsed.text).toBe('Agreed a later start.');
  });

  it.each([
    ['an impossible date', { date: '2026-02-30' }],
    ['an unknown step', { stepId: 'detention' }],
    ['no author', { by: '' }],
  ])('should reject a note with %s', (_, change) => {
    expect(noteRecordSchema.safeParse({ ...note(), ...change }).success).toBe(false);
  });

  it('should accept intervention types beyond the step ids, such as an attendance contract', () => {
    const parsed = interventionRecordSchema.parse(intervention({ type: 'attendance-contract' }));

    expect(parsed.type).toBe('attendance-contract');
  });

  it('should reject an intervention reviewed before it starts', () => {
    const result = interventionRecordSchema.safeParse(
      intervention({ start: '2026-03-20', reviewDate: '2026-03-19' }),
    );

    expect(result.success).toBe(false);
  });

  it('should reject a snoozed flag with no date to come back', () => {
    const review = {
      pupilId: 'P1',
      flagId: 'at-risk',
      action: 'snoozed',
      reason: 'Known medical absence',
      at: '2026-03-20T09:15:00Z',
    };

    expect(flagReviewSchema.safeParse(review).success).toBe(false);
    expect(flagReviewSchema.safeParse({ ...review, until: '2026-04-20' }).success).toBe(true);
  });

  it('should reject a stage record for a stage the guidance does not name', () => {
    const record = {
      pupilId: 'P1',
      stage: 'escalate',
      date: '2026-03-20',
      by: 'Ms Khan',
      reason: 'x',
    };

    expect(stageRecordSchema.safeParse(record).success).toBe(false);
  });
});

describe('plan lengths', () => {
  it('should pre-fill a 12 week mentoring plan reviewed after 6 weeks', () => {
    expect(planDefaults('attendance-mentor', '2026-03-02')).toEqual({
      plannedWeeks: 12,
      reviewDate: '2026-04-13',
    });
  });

  it('should review an attendance contract after 4 weeks', () => {
    expect(planDefaults('attendance-contract', '2026-03-02').reviewDate).toBe('2026-03-30');
  });

  it.each([
    [8, 1],
    [12, 0],
    [20, 0],
    [21, 1],
  ])(
    'should warn gently about a %i week mentoring plan only outside 12 to 20 weeks',
    (weeks, n) => {
      expect(planWarnings({ type: 'attendance-mentor', plannedWeeks: weeks })).toHaveLength(n);
    },
  );
});

describe('dueFollowUps', () => {
  const notes = [
    note({ id: 'a', followUp: '2026-03-18' }),
    note({ id: 'b', followUp: '2026-03-20' }),
    note({ id: 'c', followUp: '2026-03-25' }),
    note({ id: 'd', followUp: '2026-03-10', followUpDone: true }),
    note({ id: 'e' }),
  ];
  const interventions = [
    intervention({
      id: 'm',
      type: 'attendance-mentor',
      status: 'active',
      reviewDate: '2026-03-19',
    }),
    intervention({ id: 'x', status: 'completed', reviewDate: '2026-03-01' }),
    intervention({ id: 'p', status: 'planned', reviewDate: '2026-03-30' }),
  ];

  it('should list follow-ups and reviews due by today, oldest first, marking the overdue', () => {
    const due = dueFollowUps({ notes, interventions }, '2026-03-20');

    expect(due.map((d) => [d.sourceId, d.overdue])).toEqual([
      ['a', true],
      ['m', true],
      ['b', false],
    ]);
    expect(due[1]).toMatchObject({
      kind: 'intervention-review',
      interventionType: 'attendance-mentor',
    });
  });

  it('should look ahead when asked', () => {
    const due = dueFollowUps({ notes, interventions }, '2026-03-20', 10);

    expect(due.map((d) => d.sourceId)).toEqual(['a', 'm', 'b', 'c', 'p']);
  });
});

describe('currentStage', () => {
  const record = (stage: StageRecord['stage'], date: string): StageRecord => ({
    pupilId: 'P1',
    stage,
    date,
    by: 'Ms Khan',
    reason: 'Review',
  });

  it('should be the latest recorded stage, whatever order the records come in', () => {
    const history = [
      record('facilitate-support', '2026-02-01'),
      record('monitor', '2025-10-01'),
      record('listen-and-understand', '2025-11-15'),
    ];

    expect(currentStage(history)).toBe('facilitate-support');
  });

  it('should take the later record of the same day', () => {
    expect(
      currentStage([
        record('listen-and-understand', '2026-02-01'),
        record('monitor', '2026-02-01'),
      ]),
    ).toBe('monitor');
  });

  it('should be null before any stage is recorded', () => {
    expect(currentStage([])).toBeNull();
  });
});
