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
