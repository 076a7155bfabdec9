import { describe, expect, it } from 'vitest';
import { CONTEXT_TAGS, type ContextTag } from '../../utils/attendance/types';
import { FLAG_IDS, INTERVENTION_TYPES, STAGE_IDS, STEP_IDS } from '../../utils/support/records';
import { suggestSteps, type SuggestedStep } from '../../utils/support/suggest';
import * as wording from '../../utils/support/wording';
import { figures, flag, input, marksOn, note, schoolDays } from './builders';

const {
  EVIDENCE,
  FLAG_LABELS,
  IMPACT_WORDING,
  INTERVENTION_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
  STEP_WORDING,
  TAG_LABELS,
} = wording;

/** Every string anywhere in the wording module, with where it sits. */
function allStrings(value: unknown, path = 'wording'): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => allStrings(v, `${path}.${k}`));
  return [];
}
const STRINGS = allStrings(wording);

// Words that blame, threaten or sound like a courtroom have no place in a support-first tool.
const PUNITIVE =
  /\b(punish\w*|threat\w*|fine you|fined|truan\w*|sanction\w*|prosecut\w*|blame\w*|naughty|lazy|excuses?|warning letter|consequences?|crack down|zero tolerance|non-?complian\w*)\b/i;
const AMERICAN = /\b(color|behavior\w*|organiz\w*|recogniz\w*|center|favor\w*|enroll\b|program\b)/i;

// Scenarios that together make every rule, and every context variant of the wording, fire.
const MARCH = schoolDays('2026-03-02', 20);
const nine = marksOn(MARCH.slice(-10), 'N');
const evidence = nine.map((m) => `${m.date} ${m.session} N`);
const busy = marksOn(MARCH, (d, s) =>
  d >= '2026-03-16'
    ? 'N'
    : ['2026-03-03', '2026-03-10', '2026-03-11'].includes(d) && s === 'AM'
      ? 'I'
      : '/',
);
const allFlags = flag('persistent-absence');
const PRIOR = {
  academicYear: 2024,
  source: 'summary' as const,
  school: null,
  possible: 342,
  present: 294,
  authorised: 40,
  unauthorised: 8,
  attendancePct: 85.96,
  absencePct: 14.04,
  band: 'persistent' as const,
};
// Early in the year last year's evidence leads to a conversation rather than a meeting.
const september = suggestSteps(
  input({
    asOf: '2026-09-04',
    figures: figures({ possible: 6, present: 6, authorised: 0, band: 'none', absencePct: 0 }),
    flags: [flag('few-sessions'), flag('prior-year-persistent')],
    priorYear: PRIOR,
  }),
);
const scenarios = (tags: ContextTag[], name?: string): SuggestedStep[] =>
  suggestSteps(
    input({
      ...(name === undefined ? {} : { name }),
      tags,
      marks: busy,
      figures: figures({
        possible: 40,
        present: 20,
        unauthorised: 20,
        absencePct: 50,
        band: 'severe',
        maxUnauthorisedIn10Weeks: 20,
      }),
      flags: [
        allFlags,
        flag('severe-absence'),
        flag('at-risk'),
        flag('near-persistent'),
        flag('recent-decline'),
        flag('projected-persistent'),
        flag('absence-spells'),
        flag('lateness'),
        flag('weekday-pattern', evidence),
        flag('consecutive-absence', evidence),
        flag('unresolved-reason', evidence),
        flag('possible-missing-education', evidence),
        flag('penalty-threshold'),
        flag('part-time-timetable', ['2026-03-06 PM C2', '2026-03-13 PM C2']),
        flag('prior-year-severe'),
      ],
      priorYear: PRIOR,
      notes: [note({ date: '2026-02-02' })],
    }),
  );
const GENERATED = [
  ...scenarios([...CONTEXT_TAGS]),
  ...scenarios(['social-worker', 'send']),
  ...scenarios([], ''),
  ...scenarios(['looked-after'], 'Grace Turner'),
  ...september,
];

describe('the wording data file', () => {
  it('should have wording, a stage and a role for every step id', () => {
    for (const id of STEP_IDS) {
      const w = STEP_WORDING[id];
      expect(STAGE_IDS, id).toContain(w.stage);
      expect(Object.keys(ROLE_LABELS), id).toContain(w.role);
      expect(w.text.length, id).toBeGreaterThan(20);
      expect(w.purpose.length, id).toBeGreaterThan(20);
      expect(w.record.length, id).toBeGreaterThan(20);
    }
    expect(Object.keys(STEP_WORDING).sort()).toEqual([...STEP_IDS].sort());
  });

  it('should label every stage, context tag, flag and intervention type', () => {
    expect(Object.keys(STAGE_LABELS).sort()).toEqual([...STAGE_IDS].sort());
    expect(Object.keys(TAG_LABELS).sort()).toEqual([...CONTEXT_TAGS].sort());
    expect(Object.keys(FLAG_LABELS).sort()).toEqual([...FLAG_IDS].sort());
    expect(Object.keys(INTERVENTION_LABELS).sort()).toEqual([...INTERVENTION_TYPES].sort());
  });

  it('should keep every string free of punitive words', () => {
    const punitive = STRINGS.filter(([, text]) => PUNITIVE.test(text)).map(([path]) => path);

    expect(STRINGS.length).toBeGreaterThan(100);
    expect(punitive).toEqual([]);
  });

  it('should be written in British English', () => {
    const american = STRINGS.filter(([, text]) => AMERICAN.test(text)).map(([path]) => path);

    expect(american).toEqual([]);
  });

  it('should mention a penalty only in the step that is considered after support', () => {
    const mentions = STRINGS.filter(([, text]) => /penalt/i.test(text)).map(([path]) => path);

    expect(mentions.every((path) => path.includes('consider-penalty-framework'))).toBe(true);
    expect(STEP_WORDING['consider-penalty-framework'].text).toMatch(/^Consider, after support/);
    expect(STEP_WORDING['consider-penalty-framework'].stage).toBe('enforce');
  });

  it('should end every step sentence with a full stop or a question mark', () => {
    const texts = STEP_IDS.flatMap((id) => {
      const w = STEP_WORDING[id];
      return [w.text, w.purpose, w.record, ...Object.values(w.textFor ?? {})];
    });

    expect(texts.filter((t) => !/[.?]$/.test(t))).toEqual([]);
    expect(Object.values(EVIDENCE).filter((t) => !/\.$/.test(t))).toEqual([]);
    expect(Object.values(IMPACT_WORDING).filter((t) => !/\.$/.test(t))).toEqual([]);
  });
});

describe('generated steps', () => {
  it('should exercise every step id across the scenarios', () => {
    expect([...new Set(GENERATED.map((s) => s.id))].sort()).toEqual([...STEP_IDS].sort());
  });

  it('should leave no placeholder unfilled in any generated text', () => {
    const unfilled = GENERATED.flatMap((s) =>
      [s.who, s.text, s.why, s.record]
        .filter((t) => /\{[A-Za-z]+\}/.test(t))
        .map((t) => `${s.id}: ${t}`),
    );

    expect(unfilled).toEqual([]);
  });

  it('should never show "undefined", "null" or "NaN" in generated text', () => {
    const broken = GENERATED.filter((s) =>
      /\b(undefined|null|NaN)\b/.test(`${s.text} ${s.why} ${s.record}`),
    );

    expect(broken.map((s) => s.id)).toEqual([]);
  });

  it('should keep generated text free of punitive words', () => {
    expect(GENERATED.filter((s) => PUNITIVE.test(`${s.text} ${s.why}`)).map((s) => s.id)).toEqual(
      [],
    );
  });
});

describe('recovery wording on hand-worked counts', () => {
  const july = (sessionsLeft: number) => ({ sessionsLeft, yearEnd: '2026-07-22' });

  it.each([
    // absent, possible, needed (10a − p + 1), sessions left, wording
    [
      31,
      210,
      101,
      40,
      'cannot get below 10% this year; with full attendance from today: 12.4% by July',
    ],
    [
      // The case: 1,202 present sessions needed with fewer than 250 left.
      150,
      299,
      1202,
      248,
      'cannot get below 10% this year; with full attendance from today: 27.4% by July',
    ],
    [30, 200, 101, 240, '101 present sessions to get back under 10% (240 left this year)'],
    [30, 200, 101, 101, '101 present sessions to get back under 10% (101 left this year)'],
    [3, 30, 1, 0, 'cannot get below 10% this year; with full attendance from today: 10.0% by July'],
  ])(
    'should word %i absent of %i (needs %i, %i left) as "%s"',
    (absent, possible, need, left, text) => {
      expect(need).toBe(10 * absent - possible + 1);
      expect(
        wording.recoveryWording({ absent, possible, presentSessionsToRecover: need }, july(left)),
      ).toBe(text);
    },
  );

  it('should say nothing for a pupil already under 10%', () => {
    const counts = { absent: 5, possible: 100, presentSessionsToRecover: 0 };
    expect(wording.recoveryWording(counts, july(100))).toBeNull();
  });

  it('should give the sessions needed without a year when the calendar is unknown', () => {
    const counts = { absent: 2, possible: 10, presentSessionsToRecover: 11 };
    expect(wording.recoveryWording(counts, null)).toBe('11 present sessions to get back under 10%');
  });

  it.each([
    [2, 7, 20, '2 absent of 7 sessions', 'Based on 7 sessions; a band needs at least 20'],
    [1, 1, 20, '1 absent of 1 session', 'Based on 1 session; a band needs at least 20'],
    [4, 40, 20, '4 absent of 40 sessions', 'Based on 40 sessions'],
  ])(
    'should word %i absent of %i with a minimum of %i as the counts they are',
    (absent, possible, min, counts, basis) => {
      expect(wording.absentOfWording(absent, possible)).toBe(counts);
      expect(wording.restsOnWording(possible, min)).toBe(basis);
    },
  );
});
