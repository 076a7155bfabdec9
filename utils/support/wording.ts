import type { ContextTag, FlagId, StaffRole, StageId, StepId } from '../attendance/types';
import { MONTHS } from './dates';
import type { InterventionType } from './records';

/**
 * Every word the support rules show, in one place, in our own plain words. Components and rules
 * never carry their own copies: change the wording here and every screen and the CLI follow.
 *
 * Placeholders in braces are filled from the pupil's own evidence by suggest.ts:
 *   {name} {Name} (at the start of a sentence) {possessive} {Possessive} ("Sam's"),
 *   and per-rule values named beside each template.
 * Tone: we describe, we never blame. Enforcement is only ever "consider, after support".
 */

export const STAGE_LABELS: Record<StageId, { label: string; summary: string }> = {
  expect: {
    label: 'Expect',
    summary:
      'A whole-school culture that values attendance, with a clear policy and a senior lead.',
  },
  monitor: {
    label: 'Monitor',
    summary: 'Follow up every unexplained absence on the first day and look at the data often.',
  },
  'listen-and-understand': {
    label: 'Listen and understand',
    summary: 'Talk with the pupil and family to find the barriers, including any inside school.',
  },
  'facilitate-support': {
    label: 'Facilitate support',
    summary: 'Remove barriers in school and bring in wider services where they can help.',
  },
  'formalise-support': {
    label: 'Formalise support',
    summary:
      'When voluntary support is not enough: a written agreement, an early help plan or a joint plan with the local authority.',
  },
  enforce: {
    label: 'Enforce',
    summary: 'A last resort, considered only after support has been offered and reviewed.',
  },
};

export const ROLE_LABELS: Record<StaffRole, string> = {
  'form-tutor': 'Form tutor',
  'pastoral-lead': 'Pastoral lead',
  'attendance-officer': 'Attendance officer',
  senco: 'SENCo',
  'designated-safeguarding-lead': 'Designated safeguarding lead',
};

export const TAG_LABELS: Record<ContextTag, string> = {
  send: 'SEN support',
  ehcp: 'Education, health and care plan',
  'social-worker': 'Has a social worker',
  'looked-after': 'Looked after',
  'young-carer': 'Young carer',
  fsm: 'Free school meals',
};

/** Short names for flags, for lists inside a "why" ("flagged for persistent absence"). */
export const FLAG_LABELS: Record<FlagId, string> = {
  'severe-absence': 'severe absence',
  'persistent-absence': 'persistent absence',
  'at-risk': 'attendance below 95%',
  'near-persistent': 'close to persistent absence',
  'recent-decline': 'a recent drop in attendance',
  'projected-persistent': 'on course for persistent absence',
  'absence-spells': 'several separate spells of absence',
  'weekday-pattern': 'absence on the same weekday',
  'consecutive-absence': 'several days absent in a row',
  'possible-missing-education': 'possibly missing education',
  'unresolved-reason': 'unexplained absence still unresolved',
  lateness: 'frequent lateness',
  'penalty-threshold': 'unauthorised absence at the national threshold',
  'few-sessions': 'few sessions so far',
  'prior-year-persistent': 'persistent absence last year',
  'prior-year-severe': 'severe absence last year',
  'part-time-timetable': 'a part-time timetable for several weeks',
};

export const INTERVENTION_LABELS: Record<InterventionType, string> = {
  'first-day-contact': 'First-day contact with the family',
  'resolve-unexplained': 'Reason found and code corrected',
  'tutor-conversation': 'Conversation with the form tutor',
  'family-meeting': 'Meeting with the family',
  'ask-about-weekday': 'Conversation about a weekday pattern',
  'support-plan': 'Support plan',
  'wider-services': 'Referral to wider services',
  'attendance-mentor': 'Attendance mentor',
  'joint-la-plan': 'Joint plan with the local authority',
  'inform-social-worker': 'Social worker informed',
  'virtual-school-head': 'Virtual school head involved',
  'senco-review': 'SENCo review of adjustments',
  'health-conversation': 'Health conversation and school nurse',
  'notify-la-missing-education': 'Local authority told: possibly missing education',
  'consider-penalty-framework': 'Support reviewed under the national framework',
  'review-part-time-timetable': 'Part-time timetable reviewed',
  'attendance-contract': 'Attendance contract',
  'early-help-plan': 'Early help plan',
  'breakfast-club': 'Breakfast club place',
  'school-nurse-referral': 'Referral to the school nurse',
  'mental-health-referral': 'Referral for mental health support',
  'young-carers-referral': 'Referral to the young carers service',
  'send-assessment': 'SEND assessment',
  'reduced-timetable': 'Agreed part-time timetable',
  other: 'Other support',
};

export interface StepWording {
  stage: StageId;
  role: StaffRole;
  /** Shown as "who"; defaults to the role's label. */
  who?: string;
  /** What to do, addressed to the person on the screen. */
  text: string;
  /** Alternative texts when context changes what fits best. */
  textFor?: Partial<Record<ContextTag, string>>;
  /** Why this step helps; follows the evidence sentences in the "why". */
  purpose: string;
  /** What to record afterwards. */
  record: string;
  /**
   * How long a recorded step counts as recently done, so it is not suggested again blindly.
   * 0 means "done once recorded on or after the day that prompted it".
   */
  reviewDays: number;
}

export const STEP_WORDING: Record<StepId, StepWording> = {
  'notify-la-missing-education': {
    stage: 'monitor',
    role: 'designated-safeguarding-lead',
    // {name}
    text: 'Tell the local authority today that {name} may be missing education, and keep trying every way to reach the family.',
    purpose:
      'After 10 school days absent without an explanation, the local authority must be told in case {name} is missing education. It is a step to keep {name} safe.',
    record:
      'When and how you told the local authority, who you spoke to, and every attempt to reach the family.',
    reviewDays: 10,
  },
  'first-day-contact': {
    stage: 'monitor',
    role: 'attendance-officer',
    // {date}: the latest day with an N mark
    text: 'Contact {possessive} family today about the absence on {date}.',
    purpose:
      'A call on the first day checks {name} is safe, shows the family that school has noticed and cares, and often finds a simple reason.',
    record:
      'Who you spoke to, the reason given and the corrected code. If nobody answered, when you tried and what you will try next.',
    reviewDays: 0,
  },
  'inform-social-worker': {
    stage: 'monitor',
    role: 'designated-safeguarding-lead',
    text: 'Tell {possessive} social worker about any unexplained absence on the same day, and share the attendance picture.',
    purpose:
      'A social worker needs to hear about unexplained absence the same day, as it can be an early sign that {name} needs help.',
    record: 'When you told the social worker, how, and what they said or asked for.',
    reviewDays: 0,
  },
  'resolve-unexplained': {
    stage: 'monitor',
    role: 'attendance-officer',
    text: 'Find out the reason for {possessive} unexplained absence and correct the code in the register.',
    purpose:
      'An N mark is meant to be settled within a few school days; finding the reason keeps the record right and may show a barrier that needs support.',
    record: 'The reason given, who gave it, and the code you changed N to.',
    reviewDays: 3,
  },
  'joint-la-plan': {
    stage: 'formalise-support',
    role: 'attendance-officer',
    text: 'Agree a joint support plan for {name} with the local authority, and raise it at the next termly targeting meeting.',
    purpose:
      'Every severely absent pupil should have a plan agreed by the school and the local authority, looked at together each term.',
    record:
      'The plan agreed with the local authority, the named officer, and the date of the termly targeting meeting.',
    reviewDays: 84,
  },
  'virtual-school-head': {
    stage: 'formalise-support',
    role: 'designated-safeguarding-lead',
    text: 'Involve the virtual school head in planning support for {name}.',
    purpose:
      'The virtual school head champions the education of children who are looked after or have a social worker, and can bring extra support.',
    record:
      'When you contacted the virtual school, what was agreed, and the date of the next plan review.',
    reviewDays: 84,
  },
  'tutor-conversation': {
    stage: 'listen-and-understand',
    role: 'form-tutor',
    text: 'Have a quiet, friendly word with {name} about how things are going, in school and at home.',
    purpose:
      'A kind word from an adult {name} knows is often the quickest way to hear what is getting in the way.',
    record:
      'What {name} said in their own words, anything that worries you, and who you passed it on to.',
    reviewDays: 14,
  },
  'ask-about-weekday': {
    stage: 'listen-and-understand',
    role: 'form-tutor',
    // {weekday}
    text: 'Ask {name} gently what happens on {weekday}s: a lesson, a club, a journey or something at home.',
    purpose:
      'Absence on the same day again and again usually points to something specific that can be changed.',
    record: 'What {name} said about {weekday}s and anything school can change.',
    reviewDays: 21,
  },
  'family-meeting': {
    stage: 'listen-and-understand',
    role: 'pastoral-lead',
    text: 'Invite {possessive} family to a meeting to listen and understand what is making school hard, including anything in school.',
    textFor: {
      'young-carer':
        'Invite {possessive} family to a meeting to listen and understand what is making school hard, including caring at home, and what would make mornings easier.',
    },
    purpose:
      'Listening to the family, without judging, is how the real barriers come to light, whether at home, on the journey or in school.',
    record:
      'Who came, the barriers the family described, what school and family agreed, and a follow-up date.',
    reviewDays: 28,
  },
  'health-conversation': {
    stage: 'listen-and-understand',
    role: 'pastoral-lead',
    who: 'Pastoral lead, with the school nurse',
    text: 'Talk with {possessive} family about how {name} has been keeping, and ask the school nurse to help.',
    purpose:
      'Repeated illness can point to a health need that a care plan, reasonable adjustments or the school nurse can help with.',
    record:
      'What the family said about {possessive} health, any care plan agreed, and any referral to the school nurse.',
    reviewDays: 42,
  },
  'senco-review': {
    stage: 'facilitate-support',
    role: 'senco',
    text: 'Review {possessive} adjustments with the SENCo: are they working, and is anything at school making attendance harder?',
    textFor: {
      ehcp: 'Review {possessive} adjustments with the SENCo, and consider whether an early review of the education, health and care plan would help.',
    },
    purpose:
      'Needs that are not yet met, or adjustments that have stopped working, are a common reason for missing school.',
    record: 'The adjustments reviewed, what will change, and when you will look again.',
    reviewDays: 42,
  },
  'support-plan': {
    stage: 'facilitate-support',
    role: 'pastoral-lead',
    text: 'Agree a support plan with {name} and the family: the barriers found, what school will change, and a date to review it together.',
    textFor: {
      fsm: 'Agree a support plan with {name} and the family: the barriers found, practical help such as a breakfast club place or help with uniform or travel, and a date to review it together.',
    },
    purpose:
      'Writing down what will help, who does what and when to look again makes support steady and easy to review.',
    record: 'The plan: barriers, actions with names, the start date and the review date.',
    reviewDays: 42,
  },
  'wider-services': {
    stage: 'facilitate-support',
    role: 'pastoral-lead',
    // {services}: the services that fit the evidence and context
    text: 'Consider a referral that fits the barriers found: {services}.',
    purpose: 'Some barriers need help from beyond school, and an early referral shortens the wait.',
    record:
      'Which service, the date of the referral, consent given, and when you will check on it.',
    reviewDays: 42,
  },
  'attendance-mentor': {
    stage: 'facilitate-support',
    role: 'pastoral-lead',
    text: 'Where your area offers attendance mentors, ask whether {name} could have one.',
    purpose:
      'Mentors work with the pupil and family over 12 to 20 weeks and often help where school alone has not.',
    record:
      "The mentor's name, the start date, the planned length (usually 12 to 20 weeks) and the review date.",
    reviewDays: 140,
  },
  'consider-penalty-framework': {
    stage: 'enforce',
    role: 'attendance-officer',
    text: 'Consider, after support: review the support in place with {possessive} family and the senior attendance lead before anything else.',
    purpose:
      'Under the national framework a penalty notice must now be considered. That is a prompt to review support with the family, never an automatic step; support stays the first response.',
    record:
      'The support already offered, how the family responded, and what was decided with the senior attendance lead.',
    reviewDays: 28,
  },
  'review-part-time-timetable': {
    stage: 'formalise-support',
    role: 'attendance-officer',
    who: 'Senior attendance lead',
    // {weeks}: the school weeks the part-time timetable has run
    text: 'Review {possessive} part-time timetable with the family: is it still needed, is there an agreed date to return to full time, and has the local authority been told?',
    purpose:
      'A part-time timetable is meant to be a temporary support, agreed with the family, with a clear plan back to full-time education; the local authority should know about it.',
    record:
      'Why the timetable is still needed (or not), the date agreed to return to full time, when the local authority was told, and the next review date.',
    reviewDays: 28,
  },
};

/** Names of wider services, listed in the wider-services step as the evidence suggests. */
export const SERVICE_LABELS = {
  'early-help': 'early help',
  'school-nurse': 'the school nurse',
  'mental-health': 'mental health support',
  send: 'SEND support',
  'young-carers': 'the young carers service',
} as const;
export type ServiceId = keyof typeof SERVICE_LABELS;

/**
 * Evidence sentences, the first part of every "why". Values named in each template:
 * {date} {dates} {sessions} (e.g. "2 sessions"), {count}, {absent}, {possible}, {absencePct},
 * {attendancePct}, {weekday}, {days}, {flags}, {supports}, {spells}.
 */
export const EVIDENCE = {
  'n-latest': '{Name} is marked N (no reason given yet) for {sessions} on {date}.',
  'n-unresolved':
    'N (no reason yet) is still the mark for {sessions}, the oldest on {date}, {days} school days ago.',
  'at-risk':
    '{Possessive} attendance is {attendancePct}%, with {absent} of {possible} sessions missed.',
  'near-persistent':
    '{Name} is {sessions} of absence away from persistent absence (missing 10% or more).',
  'recent-decline':
    '{Name} has missed more school in the last four weeks than across the year so far ({absencePct}% absence year to date).',
  'projected-persistent':
    'If the last four weeks carry on, {name} would end the year persistently absent.',
  'absence-spells':
    '{Name} has had {spells} separate spells of absence in the last six school weeks.',
  'absence-spells-unknown': '{Name} has had several separate spells of absence recently.',
  lateness: '{Name} has been late for {sessions} in the last four weeks.',
  'consecutive-absence': '{Name} has been absent for {sessions} in a row, since {date}.',
  weekday: '{count} of {possessive} days with absence in recent weeks were {weekday}s: {dates}.',
  persistent:
    '{Name} has missed {absent} of {possible} sessions ({absencePct}%), which is persistent absence (10% or more).',
  severe:
    '{Name} has missed {absent} of {possible} sessions ({absencePct}%), which is severe absence (50% or more).',
  'missing-education':
    '{Name} has been absent without an agreed reason for {sessions} in a row, since {date}.',
  penalty:
    '{Name} has {sessions} of unauthorised absence within 10 school weeks, which reaches the national threshold of 10.',
  'support-recorded': 'Support recorded so far: {supports}.',
  illness: '{Name} has been off ill for {sessions} in {spells} since {date}.',
  flagged: 'Flagged now: {flags}.',
  'part-time':
    '{Name} has been on a part-time timetable (C2) in each of the last {weeks} school weeks, {sessions} in all since {date}.',
  'prior-year':
    '{Name} was {priorBand} absent last year ({priorYear}: {priorAbsent} of {priorPossible} sessions, {priorPct}%), and this year has only just begun.',
  'prior-year-continues':
    '{Name} was {priorBand} absent last year ({priorYear}: {priorAbsent} of {priorPossible} sessions, {priorPct}%), and this year so far shows no improvement yet ({absent} of {possible} sessions, {absencePct}%).',
  'social-worker': '{Name} has a social worker.',
  'looked-after': '{Name} is looked after.',
  send: '{Name} receives SEN support.',
  ehcp: '{Name} has an education, health and care plan.',
  'young-carer': '{Name} is a young carer.',
  fsm: '{Name} is eligible for free school meals.',
} as const;
export type EvidenceKey = keyof typeof EVIDENCE;

/** Wording for impact figures and the "what works here" summary. */
export const IMPACT_WORDING = {
  smallNumbers:
    'Based on only {possible} possible sessions in one of the windows: treat this change with care.',
  noWindow: 'Too soon to compare: there are no school weeks since it started yet.',
  fewInterventions:
    'Only {count} so far: too few to say whether this works here. Look at each pupil too.',
  improved: 'Attendance rose by {points} points.',
  unchanged: 'Attendance stayed about the same.',
  declined: 'Attendance fell by {points} points.',
} as const;

export const NO_NAME = {
  name: 'this pupil',
  Name: 'This pupil',
  possessive: "this pupil's",
  Possessive: "This pupil's",
};

/*
 * Figures on the register and in the side panel: what they rest on and what a tutor can do
 * about them. Shared by the overlay's badges and the panel so both say the same thing.
 */

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const EARLY_WORDING = {
  /** Said instead of a band while the figures rest on fewer sessions than the school's minimum. */
  tooEarly: 'Too early to tell',
} as const;

/** "2 absent of 7 sessions": the counts a badge shows while evidence is thin. */
export function absentOfWording(absent: number, possible: number): string {
  return `${absent} absent of ${count(possible, 'session', 'sessions')}`;
}

/** "Based on 7 sessions; a band needs at least 20." */
export function restsOnWording(possible: number, minSessions: number): string {
  const base = `Based on ${count(possible, 'session', 'sessions')}`;
  return possible < minSessions ? `${base}; a band needs at least ${minSessions}` : base;
}

export interface RecoveryCounts {
  /** Authorised plus unauthorised absence. */
  absent: number;
  possible: number;
  /** CONTRACTS §2: the fewest further present sessions that bring absence below 10%. */
  presentSessionsToRecover: number | null;
}

/**
 * What it takes to get back under 10%, in a form a tutor can act on. Where the sessions left in
 * the year cannot do it even with full attendance, say so and give the best figure the year can
 * still end on (absent / (possible + every session left)), rather than a count of sessions the
 * year does not have. Null when the pupil is already under 10%.
 */
export function recoveryWording(
  counts: RecoveryCounts,
  year: { sessionsLeft: number; yearEnd: string } | null,
): string | null {
  const need = counts.presentSessionsToRecover;
  if (need === null || need <= 0 || counts.possible <= 0) return null;
  if (year && need > year.sessionsLeft) {
    const best = (100 * counts.absent) / (counts.possible + year.sessionsLeft);
    const month = MONTHS[Number(year.yearEnd.slice(5, 7)) - 1] ?? 'the end of the year';
    return `cannot get below 10% this year; with full attendance from today: ${best.toFixed(1)}% by ${month}`;
  }
  const left = year ? ` (${year.sessionsLeft} left this year)` : '';
  return `${count(need, 'present session', 'present sessions')} to get back under 10%${left}`;
}
