import { describe, expect, it } from 'vitest';
import type { ContextTag, FlagId, StepId } from '../../utils/attendance/types';
import { STAGE_IDS } from '../../utils/support/records';
import { stepsFor, suggestSteps, type SuggestedStep } from '../../utils/support/suggest';
import { figures, flag, input, intervention, marksOn, note, schoolDays } from './builders';

const ids = (steps: readonly { id: StepId }[]): StepId[] => steps.map((s) => s.id);
const find = (steps: readonly SuggestedStep[], id: StepId): SuggestedStep => {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`no ${id} in ${ids(steps).join(', ')}`);
  return step;
};

// Four school weeks, Monday 2 March to Friday 27 March 2026, present unless a test says otherwise.
const MARCH = schoolDays('2026-03-02', 20);
const present = marksOn(MARCH);
const withMarks = (changes: Record<string, string>) =>
  present.map((m) => ({ ...m, mark: changes[`${m.date} ${m.session}`] ?? m.mark }));

const persistent = figures({
  possible: 200,
  present: 176,
  authorised: 10,
  unauthorised: 14,
  attendancePct: 88,
  absencePct: 12,
  band: 'persistent',
  sessionsUntilPersistent: 0,
  presentSessionsToRecover: 41,
});

describe('suggestSteps: the rules', () => {
  it('should suggest first-day contact with the family for an N on the latest day', () => {
    const steps = suggestSteps(input({ marks: withMarks({ '2026-03-27 AM': 'N' }) }));

    const step = find(steps, 'first-day-contact');
    expect(step.stage).toBe('monitor');
    expect(step.text).toContain('family');
    expect(step.why).toContain('Friday 27 March');
  });

  it('should let a later record for the same session replace an earlier N', () => {
    const marks = [
      ...withMarks({ '2026-03-27 AM': 'N' }),
      { ...present[0]!, date: '2026-03-27', mark: 'I' },
    ];

    expect(ids(suggestSteps(input({ marks })))).not.toContain('first-day-contact');
  });

  it('should not suggest first-day contact when the N is on an earlier day', () => {
    const steps = suggestSteps(input({ marks: withMarks({ '2026-03-26 AM': 'N' }) }));

    expect(ids(steps)).not.toContain('first-day-contact');
  });

  it('should treat the latest marked day as the latest day, ignoring later unmarked sessions', () => {
    const marks = [
      ...withMarks({ '2026-03-26 PM': 'N' }).filter((m) => m.date < '2026-03-27'),
      ...marksOn(['2026-03-27'], ''),
    ];

    const steps = suggestSteps(input({ marks }));

    expect(find(steps, 'first-day-contact').why).toContain('the afternoon on Thursday 26 March');
  });

  it('should suggest resolving an N mark 5 or more school days old, found from the marks', () => {
    const steps = suggestSteps(input({ marks: withMarks({ '2026-03-20 AM': 'N' }) }));

    const step = find(steps, 'resolve-unexplained');
    expect(step.text).toContain('correct the code');
    expect(step.why).toContain('Friday 20 March, 5 school days ago');
  });

  it('should not ask to resolve an N mark only 4 school days old', () => {
    const steps = suggestSteps(input({ marks: withMarks({ '2026-03-23 AM': 'N' }) }));

    expect(ids(steps)).not.toContain('resolve-unexplained');
  });

  it("should suggest resolving unexplained absence when the engine raises 'unresolved-reason'", () => {
    const steps = suggestSteps(
      input({ flags: [flag('unresolved-reason', ['2026-03-02 AM N', '2026-03-03 PM N'])] }),
    );

    expect(find(steps, 'resolve-unexplained').why).toContain(
      '2 sessions, the oldest on Monday 2 March',
    );
  });

  it.each<FlagId>(['at-risk', 'near-persistent', 'recent-decline'])(
    "should suggest a tutor conversation, then a family meeting, for '%s'",
    (id) => {
      const steps = suggestSteps(
        input({ figures: figures({ sessionsUntilPersistent: 3 }), flags: [flag(id)] }),
      );

      expect(ids(steps).slice(0, 2)).toEqual(['tutor-conversation', 'family-meeting']);
      expect(find(steps, 'tutor-conversation').who).toBe('Form tutor');
      expect(find(steps, 'family-meeting').stage).toBe('listen-and-understand');
    },
  );

  it('should name the numbers behind an at-risk flag in the why', () => {
    const f = figures({
      possible: 100,
      present: 93,
      authorised: 7,
      attendancePct: 93,
      absencePct: 7,
    });

    const steps = suggestSteps(input({ figures: f, flags: [flag('at-risk')] }));

    expect(find(steps, 'tutor-conversation').why).toContain(
      "Grace's attendance is 93%, with 7 of 100",
    );
  });

  it('should ask about the weekday the pattern falls on, naming it from the evidence', () => {
    const evidence = ['2026-03-02 AM O', '2026-03-09 AM I', '2026-03-16 PM O', '2026-03-18 AM O'];

    const steps = suggestSteps(input({ flags: [flag('weekday-pattern', evidence)] }));

    const step = find(steps, 'ask-about-weekday');
    expect(step.text).toContain('what happens on Mondays');
    expect(step.why).toContain('3 of Grace');
    expect(step.why).toContain('2 March, 9 March, 16 March');
  });

  it('should give the pastoral lead a family meeting, a support plan, wider services and a mentor for persistent absence', () => {
    const steps = suggestSteps(input({ figures: persistent, flags: [flag('persistent-absence')] }));

    expect(ids(steps)).toEqual([
      'family-meeting',
      'support-plan',
      'wider-services',
      'attendance-mentor',
    ]);
    expect(steps.every((s) => s.role === 'pastoral-lead')).toBe(true);
    expect(find(steps, 'wider-services').text).toContain(
      'early help, the school nurse, mental health support or SEND support',
    );
    expect(find(steps, 'attendance-mentor').text).toContain('Where your area offers');
    expect(find(steps, 'family-meeting').why).toContain('missed 24 of 200 sessions (12%)');
  });

  it('should suggest a joint plan with the local authority for severe absence, for the termly meeting', () => {
    const severe = figures({
      possible: 100,
      present: 40,
      unauthorised: 60,
      absencePct: 60,
      band: 'severe',
    });

    const steps = suggestSteps(input({ figures: severe, flags: [flag('severe-absence')] }));

    const step = find(steps, 'joint-la-plan');
    expect(step.stage).toBe('formalise-support');
    expect(step.text).toContain('termly targeting meeting');
    expect(ids(steps)).toEqual(expect.arrayContaining(['family-meeting', 'support-plan']));
  });

  it.each<ContextTag>(['social-worker', 'looked-after'])(
    "should suggest telling the social worker the same day for a '%s' pupil with an absence flag",
    (tag) => {
      const steps = suggestSteps(input({ tags: [tag], flags: [flag('at-risk')] }));

      const step = find(steps, 'inform-social-worker');
      expect(step.text).toContain('same day');
      expect(step.who).toBe('Designated safeguarding lead');
    },
  );

  it('should suggest the virtual school head for a looked-after pupil with an absence flag', () => {
    const steps = suggestSteps(input({ tags: ['looked-after'], flags: [flag('at-risk')] }));

    expect(find(steps, 'virtual-school-head').why).toContain('Grace is looked after.');
  });

  it('should suggest the virtual school head for a pupil with a social worker once absence is persistent', () => {
    const mild = suggestSteps(input({ tags: ['social-worker'], flags: [flag('at-risk')] }));
    const persistentSteps = suggestSteps(
      input({ tags: ['social-worker'], figures: persistent, flags: [flag('persistent-absence')] }),
    );

    expect(ids(mild)).not.toContain('virtual-school-head');
    expect(ids(persistentSteps)).toContain('virtual-school-head');
  });

  it('should not involve the social worker when there is no absence flag and no unexplained absence', () => {
    const steps = suggestSteps(input({ tags: ['social-worker', 'looked-after'], marks: present }));

    expect(steps).toEqual([]);
  });

  it.each<ContextTag>(['send', 'ehcp'])(
    "should suggest a SENCo review of adjustments for a '%s' pupil with an absence flag",
    (tag) => {
      const steps = suggestSteps(input({ tags: [tag], flags: [flag('recent-decline')] }));

      const step = find(steps, 'senco-review');
      expect(step.who).toBe('SENCo');
      expect(step.text).toContain('adjustments');
    },
  );

  it('should not suggest a SENCo review when there is no absence flag', () => {
    const steps = suggestSteps(input({ tags: ['send'], flags: [flag('lateness')] }));

    expect(ids(steps)).not.toContain('senco-review');
  });

  it.each([
    [
      '3 separate spells of illness',
      { '2026-03-03 AM': 'I', '2026-03-10 AM': 'I', '2026-03-17 PM': 'I' },
    ],
    [
      '6 sessions of illness in one spell',
      {
        '2026-03-11 AM': 'I',
        '2026-03-11 PM': 'I',
        '2026-03-12 AM': 'I',
        '2026-03-12 PM': 'I',
        '2026-03-13 AM': 'I',
        '2026-03-13 PM': 'I',
      },
    ],
  ])(
    'should suggest a health conversation with the school nurse for %s behind a flag',
    (_, ill) => {
      const steps = suggestSteps(input({ marks: withMarks(ill), flags: [flag('at-risk')] }));

      const step = find(steps, 'health-conversation');
      expect(step.who).toContain('school nurse');
      expect(step.why).toContain('off ill');
    },
  );

  it('should not suggest a health conversation for two short illnesses', () => {
    const marks = withMarks({ '2026-03-03 AM': 'I', '2026-03-03 PM': 'I', '2026-03-10 AM': 'I' });

    const steps = suggestSteps(input({ marks, flags: [flag('at-risk')] }));

    expect(ids(steps)).not.toContain('health-conversation');
  });

  it('should not suggest a health conversation for repeated illness without an absence flag', () => {
    const marks = withMarks({ '2026-03-03 AM': 'I', '2026-03-10 AM': 'I', '2026-03-17 PM': 'I' });

    expect(ids(suggestSteps(input({ marks })))).not.toContain('health-conversation');
  });

  it('should put notifying the local authority of possible missing education first', () => {
    const evidence = marksOn(MARCH.slice(-10), 'N').map((m) => `${m.date} ${m.session} N`);
    const steps = suggestSteps(
      input({
        tags: ['looked-after', 'ehcp'],
        figures: persistent,
        marks: withMarks(Object.fromEntries(evidence.map((e) => [e.slice(0, 13), 'N']))),
        flags: [
          flag('persistent-absence'),
          flag('unresolved-reason', evidence),
          flag('possible-missing-education', evidence),
        ],
      }),
    );

    expect(steps[0]?.id).toBe('notify-la-missing-education');
    expect(steps[0]?.why).toContain('20 sessions in a row, since Monday 16 March');
  });
});

describe('suggestSteps: enforcement only after support', () => {
  const penalty = figures({ unauthorised: 12, maxUnauthorisedIn10Weeks: 12 });
  const flags = [flag('persistent-absence'), flag('penalty-threshold')];

  it('should not suggest the penalty framework when no support has been recorded', () => {
    const steps = suggestSteps(input({ figures: penalty, flags }));

    expect(ids(steps)).not.toContain('consider-penalty-framework');
  });

  it('should suggest considering the framework last, after recorded support, worded support-first', () => {
    const steps = suggestSteps(
      input({ figures: penalty, flags, interventions: [intervention({ type: 'support-plan' })] }),
    );

    const last = steps.at(-1);
    expect(last?.id).toBe('consider-penalty-framework');
    expect(last?.stage).toBe('enforce');
    expect(last?.text.startsWith('Consider, after support')).toBe(true);
    expect(last?.why).toContain('12 sessions of unauthorised absence');
    expect(last?.why).toContain('Support recorded so far: Support plan (Friday 20 March)');
  });

  it('should count a recorded note as support', () => {
    const steps = suggestSteps(input({ figures: penalty, flags, notes: [note()] }));

    expect(ids(steps).at(-1)).toBe('consider-penalty-framework');
  });

  it('should not suggest the framework without the penalty-threshold flag, whatever is recorded', () => {
    const steps = suggestSteps(
      input({ flags: [flag('persistent-absence')], interventions: [intervention()] }),
    );

    expect(ids(steps)).not.toContain('consider-penalty-framework');
  });
});

describe('suggestSteps: ranking, repeats and context', () => {
  const everything = input({
    tags: ['send', 'ehcp', 'social-worker', 'looked-after', 'young-carer', 'fsm'],
    figures: figures({ ...persistent, maxUnauthorisedIn10Weeks: 10 }),
    marks: withMarks({
      '2026-03-03 AM': 'I',
      '2026-03-10 AM': 'I',
      '2026-03-17 PM': 'I',
      '2026-03-27 AM': 'N',
    }),
    flags: (
      [
        'persistent-absence',
        'at-risk',
        'near-persistent',
        'recent-decline',
        'weekday-pattern',
        'unresolved-reason',
        'penalty-threshold',
        'absence-spells',
        'lateness',
        'consecutive-absence',
      ] as const
    ).map((id) => flag(id, ['2026-03-02 AM N', '2026-03-09 AM N', '2026-03-16 AM N'])),
    notes: [note({ date: '2026-01-05' })],
  });

  it('should never list a step twice', () => {
    const list = ids(suggestSteps(everything));

    expect(new Set(list).size).toBe(list.length);
    expect(list.length).toBeGreaterThan(10);
  });

  it('should keep the list sorted by priority', () => {
    const priorities = suggestSteps(everything).map((s) => s.priority);

    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });

  it('should mark a step done recently and move it below the steps still to do', () => {
    const steps = suggestSteps(
      input({
        figures: persistent,
        flags: [flag('persistent-absence')],
        interventions: [
          intervention({ type: 'family-meeting', start: '2026-03-20', by: 'Mr Ade' }),
        ],
      }),
    );

    expect(ids(steps)).toEqual([
      'support-plan',
      'wider-services',
      'attendance-mentor',
      'family-meeting',
    ]);
    expect(steps.at(-1)?.done).toEqual({
      date: '2026-03-20',
      by: 'Mr Ade',
      source: 'intervention',
      recordId: 'i1',
    });
  });

  it('should suggest a step again once its review window has passed', () => {
    const steps = suggestSteps(
      input({
        figures: persistent,
        flags: [flag('persistent-absence')],
        notes: [note({ stepId: 'family-meeting', date: '2026-01-12' })],
      }),
    );

    expect(steps[0]).toMatchObject({ id: 'family-meeting' });
    expect(steps[0]?.done).toBeUndefined();
  });

  it('should count a running mentoring plan as done however long ago it started', () => {
    const steps = suggestSteps(
      input({
        figures: persistent,
        flags: [flag('persistent-absence')],
        interventions: [
          intervention({
            type: 'attendance-mentor',
            start: '2025-11-03',
            plannedWeeks: 20,
            status: 'active',
          }),
        ],
      }),
    );

    expect(find(steps, 'attendance-mentor').done?.date).toBe('2025-11-03');
  });

  it("should count first-day contact as done once a note is recorded on the N's day", () => {
    const marks = withMarks({ '2026-03-27 AM': 'N' });

    const before = suggestSteps(
      input({ marks, notes: [note({ stepId: 'first-day-contact', date: '2026-03-26' })] }),
    );
    const after = suggestSteps(
      input({ marks, notes: [note({ stepId: 'first-day-contact', date: '2026-03-27' })] }),
    );

    expect(find(before, 'first-day-contact').done).toBeUndefined();
    expect(find(after, 'first-day-contact').done?.source).toBe('note');
  });

  it("should ignore another pupil's records", () => {
    const steps = suggestSteps(
      input({
        figures: persistent,
        flags: [flag('persistent-absence'), flag('penalty-threshold')],
        interventions: [intervention({ pupilId: 'P2' })],
      }),
    );

    expect(steps.some((s) => s.done)).toBe(false);
    expect(ids(steps)).not.toContain('consider-penalty-framework');
  });

  it('should lower listening steps once the pupil has moved to a later stage', () => {
    const base = input({ flags: [flag('at-risk')] });
    const stageHistory = [
      {
        pupilId: 'P1',
        stage: 'formalise-support' as const,
        date: '2026-03-01',
        by: 'Ms Khan',
        reason: 'Plan',
      },
    ];

    const now = find(suggestSteps(base), 'tutor-conversation').priority;
    const later = find(suggestSteps({ ...base, stageHistory }), 'tutor-conversation').priority;

    expect(later).toBeLessThan(now);
  });

  it('should mention the young carers service for a young carer with an absence flag', () => {
    const steps = suggestSteps(input({ tags: ['young-carer'], flags: [flag('at-risk')] }));

    expect(find(steps, 'wider-services').text).toContain('the young carers service');
    expect(find(steps, 'family-meeting').text).toContain('caring at home');
  });

  it('should offer practical help such as breakfast club to a pupil eligible for free school meals', () => {
    const steps = suggestSteps(input({ tags: ['fsm'], flags: [flag('at-risk')] }));

    expect(find(steps, 'support-plan').text).toContain('breakfast club');
    expect(find(steps, 'support-plan').why).toContain('eligible for free school meals');
  });

  it('should speak of "this pupil" when there is no name', () => {
    const steps = suggestSteps(input({ name: '', flags: [flag('at-risk')] }));

    expect(find(steps, 'tutor-conversation').text).toContain('with this pupil about');
  });

  it('should use the first name from a "Surname, Forename" name', () => {
    const steps = suggestSteps(input({ name: 'Andrews, Flavia', flags: [flag('at-risk')] }));

    expect(find(steps, 'tutor-conversation').text).toContain('with Flavia about');
  });
});

describe('stepsFor (analyse --steps)', () => {
  const analysis = {
    pupilId: 'P1',
    name: 'Turner, Grace',
    figures: figures({ ...persistent, maxUnauthorisedIn10Weeks: 11 }),
    flags: [
      flag('persistent-absence'),
      flag('penalty-threshold'),
      flag('weekday-pattern', ['2026-03-06 AM N']),
    ],
    marks: withMarks({ '2026-03-27 PM': 'N' }),
  };

  it('should print exactly the contract fields of each step, with a contract stage', () => {
    const steps = stepsFor(analysis, ['send']);

    for (const step of steps) {
      expect(Object.keys(step)).toEqual(['id', 'stage', 'who', 'text', 'why']);
      expect(STAGE_IDS).toContain(step.stage);
    }
    expect(ids(steps)).toEqual(
      expect.arrayContaining([
        'first-day-contact',
        'ask-about-weekday',
        'family-meeting',
        'senco-review',
      ]),
    );
  });

  it('should never suggest the penalty framework, as the command line knows no recorded support', () => {
    expect(ids(stepsFor(analysis, []))).not.toContain('consider-penalty-framework');
  });

  it('should take the latest date in the marks as asOf when none is given', () => {
    const steps = stepsFor({ ...analysis, flags: [] });

    expect(steps[0]?.why).toContain('the afternoon on Friday 27 March');
  });

  it('should give the same steps as suggestSteps with no records', () => {
    const full = suggestSteps(
      input({ ...analysis, flags: analysis.flags, asOf: '2026-03-27', tags: ['ehcp'] }),
    );

    expect(stepsFor(analysis, ['ehcp'], { asOf: '2026-03-27' })).toEqual(
      full.map(({ id, stage, who, text, why }) => ({ id, stage, who, text, why })),
    );
  });
});
