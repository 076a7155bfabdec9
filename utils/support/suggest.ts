import { isAbsence, isPossible } from '../attendance/codes';
import type {
  ContextTag,
  Figures,
  Flag,
  FlagId,
  MarkRecord,
  StaffRole,
  StageId,
  Step,
  StepId,
} from '../attendance/types';
import { CONTEXT_TAGS } from '../attendance/types';
import { academicYearLabel, type PriorYear } from '../attendance/prior';
import { addDays, formatDate, weekdayIndex, weekStart, WEEKDAYS } from './dates';
import { sessionsUpTo, type Session } from './sessions';
import { FLAG_IDS } from './records';
import { fill } from './template';
import {
  currentStage,
  STAGE_IDS,
  STEP_IDS,
  type InterventionRecord,
  type NoteRecord,
  type StageRecord,
} from './records';
import {
  EVIDENCE,
  FLAG_LABELS,
  INTERVENTION_LABELS,
  NO_NAME,
  ROLE_LABELS,
  SERVICE_LABELS,
  STEP_WORDING,
  type EvidenceKey,
  type ServiceId,
} from './wording';

/**
 * The support-first rules: from a pupil's figures, flags, marks, context and what staff have
 * already recorded, the ranked next steps. Pure: `asOf` stands in for "today".
 */

export interface SupportInput {
  pupilId: string;
  /** As the MIS shows it ("Turner, Grace" or "Grace Turner"); the steps use the first name. */
  name?: string | null;
  asOf: string;
  figures: Figures;
  flags: readonly Flag[];
  /** The pupil's marks up to asOf, in any order; a later record for the same session wins. */
  marks: readonly MarkRecord[];
  tags: readonly ContextTag[];
  interventions: readonly InterventionRecord[];
  notes?: readonly NoteRecord[];
  stageHistory?: readonly StageRecord[];
  /** The previous academic year's figures, when known (the prior-year flags carry the gist). */
  priorYear?: PriorYear | null;
}

export interface StepDone {
  date: string;
  by?: string;
  source: 'note' | 'intervention';
  recordId: string;
}

export interface SuggestedStep extends Step {
  role: StaffRole;
  /** What to record afterwards. */
  record: string;
  /** Higher comes first; the list is already sorted by it. */
  priority: number;
  /** The flags and context behind the step, for the panel to highlight. */
  because: (FlagId | ContextTag | 'unexplained-today')[];
  /** Present when a record shows the step was done recently; such steps sink down the list. */
  done?: StepDone;
}

// Every flag about absence: all but lateness (pupils who are present) and the few-sessions caveat.
const ABSENCE_FLAGS: ReadonlySet<FlagId> = new Set<FlagId>(
  FLAG_IDS.filter((id) => id !== 'lateness' && id !== 'few-sessions'),
);

/** Urgency within the list: safeguarding first, then same-day contact, then listening, then plans. */
const BASE_PRIORITY: Record<StepId, number> = {
  'notify-la-missing-education': 100,
  'inform-social-worker': 95,
  'first-day-contact': 90,
  'resolve-unexplained': 80,
  'joint-la-plan': 75,
  'review-part-time-timetable': 72,
  'virtual-school-head': 70,
  'tutor-conversation': 60,
  'ask-about-weekday': 58,
  'family-meeting': 55,
  'health-conversation': 52,
  'senco-review': 50,
  'support-plan': 45,
  'wider-services': 42,
  'attendance-mentor': 40,
  'consider-penalty-framework': 0,
};

/** A missing-education notice always leads; done steps sink; enforcement is always last. */
const TIER_OFFSET = { first: 1000, normal: 0, done: -1000, last: -2000 } as const;

/** "Rest of the evidence" windows, in calendar days back from asOf. */
const RECENT_DAYS = { illness: 84, spells: 42, lateness: 28, weekday: 84 } as const;
/** Repeated illness: this many separate spells, or this many sessions, in the illness window. */
const ILLNESS = { spells: 3, sessions: 6 } as const;
const UNRESOLVED_SCHOOL_DAYS = 5;

type Vars = Record<string, string | number>;

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function listWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The name a tutor would say: "Turner, Grace" and "Grace Turner" both become "Grace". */
export function nameVars(raw?: string | null): Vars {
  const trimmed = raw?.trim() ?? '';
  if (!trimmed) return { ...NO_NAME };
  const comma = trimmed.indexOf(',');
  const given = comma >= 0 ? trimmed.slice(comma + 1).trim() : trimmed;
  const first = given.split(/\s+/)[0] || trimmed;
  return { name: first, Name: first, possessive: `${first}'s`, Possessive: `${first}'s` };
}

function parseEvidence(evidence: readonly string[]): { date: string; session: string }[] {
  const out: { date: string; session: string }[] = [];
  for (const item of evidence) {
    const match = /^(\d{4}-\d{2}-\d{2})\s+(AM|PM)?/.exec(item.trim());
    if (match?.[1]) out.push({ date: match[1], session: match[2] ?? 'AM' });
  }
  return out;
}

/** Runs of consecutive possible sessions that satisfy `pred`; other possible sessions break a run. */
function runs(sessions: readonly Session[], pred: (s: Session) => boolean): Session[][] {
  const found: Session[][] = [];
  let current: Session[] = [];
  for (const s of sessions) {
    if (!isPossible(s.category)) continue;
    if (pred(s)) current.push(s);
    else if (current.length) {
      found.push(current);
      current = [];
    }
  }
  if (current.length) found.push(current);
  return found;
}

const isIllness = (s: Session): boolean => s.mark === 'I' && s.category === 'authorised';
const isUnexplained = (s: Session): boolean => s.mark === 'N' && s.category === 'unauthorised';

interface Draft {
  because: Set<SuggestedStep['because'][number]>;
  evidence: string[];
  vars: Vars;
  /** For steps done "once": a record on or after this day counts. */
  since?: string;
}

/** Ranked support-first next steps for one pupil, best first, with no step twice. */
export function suggestSteps(input: SupportInput): SuggestedStep[] {
  const { asOf, figures, tags } = input;
  const names = nameVars(input.name);
  const flagById = new Map<FlagId, Flag>();
  for (const flag of input.flags) if (!flagById.has(flag.id)) flagById.set(flag.id, flag);
  const has = (id: FlagId): boolean => flagById.has(id);
  const tagSet = new Set(tags);
  const absenceFlags = [...flagById.keys()].filter((id) => ABSENCE_FLAGS.has(id));
  const sessions = sessionsUpTo(input.marks, asOf);

  const base: Vars = {
    ...names,
    absent: figures.authorised + figures.unauthorised,
    possible: figures.possible,
    absencePct: figures.absencePct ?? 0,
    attendancePct: figures.attendancePct ?? 0,
  };
  const sentence = (key: EvidenceKey, vars: Vars = {}): string =>
    fill(EVIDENCE[key], { ...base, ...vars });

  const drafts = new Map<StepId, Draft>();
  const add = (
    id: StepId,
    because: SuggestedStep['because'][number],
    evidence: string[],
    extra: { vars?: Vars; since?: string } = {},
  ): void => {
    const draft = drafts.get(id) ?? { because: new Set(), evidence: [], vars: {} };
    draft.because.add(because);
    for (const line of evidence) if (!draft.evidence.includes(line)) draft.evidence.push(line);
    draft.vars = { ...extra.vars, ...draft.vars };
    if (extra.since && (!draft.since || extra.since > draft.since)) draft.since = extra.since;
    drafts.set(id, draft);
  };

  // Possibly missing education: the one notice that must never wait behind anything else.
  const missing = flagById.get('possible-missing-education');
  if (missing) {
    const ev = parseEvidence(missing.evidence);
    const run =
      ev.length > 0
        ? ev
        : (runs(sessions, (s) => s.category === 'unauthorised').at(-1) ?? []).map((s) => ({
            date: s.date,
            session: s.session,
          }));
    const first = run.map((e) => e.date).sort()[0];
    add(
      'notify-la-missing-education',
      'possible-missing-education',
      first
        ? [
            sentence('missing-education', {
              sessions: counted(run.length, 'session'),
              date: formatDate(first),
            }),
          ]
        : [],
    );
  }

  // Unexplained absence on the latest day with a mark: contact the family that day.
  const marked = sessions.filter((s) => s.category !== 'unmarked');
  const latestDate = marked.at(-1)?.date;
  const nToday = latestDate ? marked.filter((s) => s.date === latestDate && isUnexplained(s)) : [];
  if (latestDate && nToday.length > 0) {
    const which =
      nToday.length >= 2
        ? 'both sessions'
        : nToday[0]?.session === 'PM'
          ? 'the afternoon'
          : 'the morning';
    add(
      'first-day-contact',
      'unexplained-today',
      [sentence('n-latest', { sessions: which, date: formatDate(latestDate) })],
      { vars: { date: formatDate(latestDate) }, since: latestDate },
    );
  }

  // N marks left unresolved for 5 or more school days: the engine's flag, or the marks themselves.
  const markedDates = [...new Set(marked.map((s) => s.date))];
  const schoolDaysAfter = (date: string): number =>
    markedDates.length - 1 - markedDates.lastIndexOf(date);
  const oldN = marked.filter(
    (s) => isUnexplained(s) && schoolDaysAfter(s.date) >= UNRESOLVED_SCHOOL_DAYS,
  );
  const unresolvedFlag = flagById.get('unresolved-reason');
  if (unresolvedFlag || oldN.length > 0) {
    const ev = unresolvedFlag ? parseEvidence(unresolvedFlag.evidence) : [];
    const items = ev.length > 0 ? ev : oldN;
    const oldest = items.map((e) => e.date).sort()[0];
    const days = oldest ? schoolDaysAfter(oldest) : -1;
    add(
      'resolve-unexplained',
      'unresolved-reason',
      oldest && days >= 0
        ? [
            sentence('n-unresolved', {
              sessions: counted(items.length, 'session'),
              date: formatDate(oldest),
              days,
            }),
          ]
        : unresolvedFlag
          ? [unresolvedFlag.reason]
          : [],
    );
  }

  // Early signs: listen first, with the tutor, then the family.
  const early: [FlagId, () => string][] = [
    ['at-risk', () => sentence('at-risk')],
    [
      'near-persistent',
      () =>
        sentence('near-persistent', {
          sessions: counted(figures.sessionsUntilPersistent ?? 0, 'session'),
        }),
    ],
    ['recent-decline', () => sentence('recent-decline')],
  ];
  for (const [id, why] of early) {
    if (!has(id)) continue;
    add('tutor-conversation', id, [why()]);
    add('family-meeting', id, [why()]);
  }
  if (has('projected-persistent'))
    add('tutor-conversation', 'projected-persistent', [sentence('projected-persistent')]);
  if (has('absence-spells')) {
    const from = addDays(asOf, -RECENT_DAYS.spells);
    const spells = runs(
      sessions.filter((s) => s.date > from),
      (s) => isAbsence(s.category),
    ).length;
    add('tutor-conversation', 'absence-spells', [
      spells >= 2 ? sentence('absence-spells', { spells }) : sentence('absence-spells-unknown'),
    ]);
  }
  if (has('lateness')) {
    const from = addDays(asOf, -RECENT_DAYS.lateness);
    const lates = sessions.filter(
      (s) => s.date > from && (s.mark === 'L' || s.mark === 'U'),
    ).length;
    const count = lates || (flagById.get('lateness')?.evidence.length ?? 0);
    add(
      'tutor-conversation',
      'lateness',
      count > 0 ? [sentence('lateness', { sessions: counted(count, 'session') })] : [],
    );
  }
  const consecutive = flagById.get('consecutive-absence');
  if (consecutive) {
    const ev = parseEvidence(consecutive.evidence);
    const first = ev.map((e) => e.date).sort()[0];
    add(
      'family-meeting',
      'consecutive-absence',
      first
        ? [
            sentence('consecutive-absence', {
              sessions: counted(ev.length, 'session'),
              date: formatDate(first),
            }),
          ]
        : [],
    );
  }

  // The same weekday again and again: ask what happens on that day.
  const weekdayFlag = flagById.get('weekday-pattern');
  if (weekdayFlag) {
    const from = addDays(asOf, -RECENT_DAYS.weekday);
    let dates = [...new Set(parseEvidence(weekdayFlag.evidence).map((e) => e.date))];
    if (dates.length === 0)
      dates = [
        ...new Set(
          sessions.filter((s) => s.date > from && isAbsence(s.category)).map((s) => s.date),
        ),
      ];
    const byDay = new Map<number, string[]>();
    for (const date of dates.sort()) {
      const day = weekdayIndex(date);
      byDay.set(day, [...(byDay.get(day) ?? []), date]);
    }
    const [day, onDay] = [...byDay.entries()].sort(
      (a, b) => b[1].length - a[1].length || a[0] - b[0],
    )[0] ?? [-1, []];
    const weekday = WEEKDAYS[day] ?? '';
    if (weekday) {
      const shown = onDay.slice(-4).map((d) => formatDate(d).split(' ').slice(1).join(' '));
      add(
        'ask-about-weekday',
        'weekday-pattern',
        [sentence('weekday', { count: onDay.length, weekday, dates: shown.join(', ') })],
        { vars: { weekday } },
      );
    }
  }

  // Repeated illness behind an absence flag: a health conversation and the school nurse.
  const illFrom = addDays(asOf, -RECENT_DAYS.illness);
  const recent = sessions.filter((s) => s.date > illFrom);
  const illSpells = runs(recent, isIllness);
  const illSessions = illSpells.reduce((n, spell) => n + spell.length, 0);
  const repeatedIllness = illSpells.length >= ILLNESS.spells || illSessions >= ILLNESS.sessions;
  if (repeatedIllness && absenceFlags.length > 0) {
    add('health-conversation', absenceFlags[0] as FlagId, [
      sentence('illness', {
        sessions: counted(illSessions, 'session'),
        spells: counted(illSpells.length, 'separate spell'),
        date: formatDate(illSpells[0]?.[0]?.date ?? asOf),
      }),
    ]);
  }

  // Persistent or severe absence: the pastoral lead leads on meeting, plan, services and mentor.
  const severe = has('severe-absence');
  const persistentOrSevere = severe || has('persistent-absence');
  if (persistentOrSevere) {
    const id: FlagId = severe ? 'severe-absence' : 'persistent-absence';
    const why = sentence(severe ? 'severe' : 'persistent');
    for (const step of [
      'family-meeting',
      'support-plan',
      'wider-services',
      'attendance-mentor',
    ] as const)
      add(step, id, [why]);
  }
  if (severe) add('joint-la-plan', 'severe-absence', [sentence('severe')]);

  // A part-time timetable that has run for weeks: the review the guidance expects.
  const partTime = flagById.get('part-time-timetable');
  if (partTime) {
    const ev = parseEvidence(partTime.evidence);
    const dates = ev.map((e) => e.date).sort();
    const weeks = new Set(dates.map(weekStart)).size;
    add(
      'review-part-time-timetable',
      'part-time-timetable',
      dates[0]
        ? [
            sentence('part-time', {
              weeks,
              sessions: counted(ev.length, 'session'),
              date: formatDate(dates[0]),
            }),
          ]
        : [partTime.reason],
    );
  }

  // Last year's persistent or severe absence, not yet outweighed by a good start this year (the
  // engine lowers the flag to low severity once this year's figures are firm and healthy): a
  // friendly word while this year is young, and a family meeting if absence carries on.
  const priorFlag = flagById.get('prior-year-severe') ?? flagById.get('prior-year-persistent');
  if (priorFlag && priorFlag.severity !== 'low') {
    const early = has('few-sessions');
    const prior = input.priorYear;
    const line = prior
      ? sentence(early ? 'prior-year' : 'prior-year-continues', {
          priorBand: priorFlag.id === 'prior-year-severe' ? 'severely' : 'persistently',
          priorYear: academicYearLabel(prior.academicYear),
          priorAbsent: prior.authorised + prior.unauthorised,
          priorPossible: prior.possible,
          priorPct: prior.absencePct ?? 0,
        })
      : priorFlag.reason;
    if (early) add('tutor-conversation', priorFlag.id, [line]);
    else add('family-meeting', priorFlag.id, [line]);
  }

  // Context: who else needs to know, and which help fits.
  const flagged = sentence('flagged', {
    flags: listWithAnd(absenceFlags.map((id) => FLAG_LABELS[id])),
  });
  const anyAbsence = absenceFlags.length > 0;
  // A context-led step names the flags only when no other rule has already given its evidence.
  const withFlags = (id: StepId, lines: string[]): string[] =>
    drafts.has(id) || !anyAbsence ? lines : [...lines, flagged];
  const socialWorker = tagSet.has('social-worker');
  const lookedAfter = tagSet.has('looked-after');
  if ((socialWorker || lookedAfter) && (anyAbsence || nToday.length > 0)) {
    const tag: ContextTag = lookedAfter ? 'looked-after' : 'social-worker';
    const todayLine =
      latestDate && nToday.length > 0 ? [drafts.get('first-day-contact')?.evidence[0] ?? ''] : [];
    add(
      'inform-social-worker',
      tag,
      [sentence(tag), ...todayLine.filter(Boolean), ...(anyAbsence ? [flagged] : [])],
      {
        ...(latestDate ? { since: nToday.length > 0 ? latestDate : asOf } : {}),
      },
    );
  }
  // The virtual school head's role covers looked-after children and, more strategically, those
  // with a social worker; for the latter we suggest it once absence is persistent or worse.
  if (lookedAfter && anyAbsence)
    add(
      'virtual-school-head',
      'looked-after',
      withFlags('virtual-school-head', [sentence('looked-after')]),
    );
  else if (socialWorker && persistentOrSevere)
    add(
      'virtual-school-head',
      'social-worker',
      withFlags('virtual-school-head', [sentence('social-worker')]),
    );

  if ((tagSet.has('send') || tagSet.has('ehcp')) && anyAbsence) {
    const tag: ContextTag = tagSet.has('ehcp') ? 'ehcp' : 'send';
    add('senco-review', tag, withFlags('senco-review', [sentence(tag)]));
  }
  if (tagSet.has('young-carer') && anyAbsence)
    add('wider-services', 'young-carer', withFlags('wider-services', [sentence('young-carer')]));
  const fsmSignals: FlagId[] = [
    'at-risk',
    'near-persistent',
    'recent-decline',
    'projected-persistent',
    'persistent-absence',
    'severe-absence',
  ];
  if (tagSet.has('fsm') && fsmSignals.some(has))
    add('support-plan', 'fsm', withFlags('support-plan', [sentence('fsm')]));

  // The services that fit what we know, most specific first; early help always fits.
  const services: ServiceId[] = [];
  if (tagSet.has('young-carer')) services.push('young-carers');
  if (tagSet.has('send') || tagSet.has('ehcp')) services.push('send');
  if (repeatedIllness) services.push('school-nurse');
  const serviceList =
    services.length > 0
      ? [...services, 'early-help' as const]
      : (['early-help', 'school-nurse', 'mental-health', 'send'] as const);

  // Enforcement: only "consider, after support", and only once support has been recorded.
  const supports = recordedSupport(input);
  if (has('penalty-threshold') && supports.length > 0) {
    add('consider-penalty-framework', 'penalty-threshold', [
      sentence('penalty', { sessions: counted(figures.maxUnauthorisedIn10Weeks, 'session') }),
      sentence('support-recorded', { supports: supports.slice(0, 3).join('; ') }),
    ]);
  }

  const stageNow = input.stageHistory ? currentStage(input.stageHistory) : null;
  const stageRank = (stage: StageId): number => STAGE_IDS.indexOf(stage);
  const steps: SuggestedStep[] = [];
  for (const [id, draft] of drafts) {
    const wording = STEP_WORDING[id];
    const vars: Vars = {
      ...base,
      ...draft.vars,
      services: listWithOr(serviceList.map((s) => SERVICE_LABELS[s])),
    };
    const tagText = CONTEXT_TAGS.find((tag) => tagSet.has(tag) && wording.textFor?.[tag]);
    const text = fill((tagText && wording.textFor?.[tagText]) || wording.text, vars);
    const why = [...draft.evidence, fill(wording.purpose, vars)].join(' ');
    const done = doneRecently(id, draft.since, input);
    let priority = BASE_PRIORITY[id];
    // Once a pupil has moved to a later stage, earlier listening steps give way to the plan.
    const softStage =
      wording.stage === 'listen-and-understand' || wording.stage === 'facilitate-support';
    if (stageNow && softStage && stageRank(stageNow) > stageRank(wording.stage)) priority -= 5;
    if (id === 'consider-penalty-framework') priority += TIER_OFFSET.last;
    else if (done) priority += TIER_OFFSET.done;
    else if (id === 'notify-la-missing-education') priority += TIER_OFFSET.first;
    steps.push({
      id,
      stage: wording.stage,
      who: wording.who ?? ROLE_LABELS[wording.role],
      text,
      why,
      role: wording.role,
      record: fill(wording.record, vars),
      priority,
      because: [...draft.because],
      ...(done ? { done } : {}),
    });
  }
  return steps.sort(
    (a, b) => b.priority - a.priority || STEP_IDS.indexOf(a.id) - STEP_IDS.indexOf(b.id),
  );
}

function listWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Support recorded for the pupil up to asOf, newest first, as "Label (date)". */
function recordedSupport(input: SupportInput): string[] {
  const items: { date: string; label: string }[] = [];
  for (const plan of input.interventions) {
    if (plan.pupilId !== input.pupilId || plan.start > input.asOf) continue;
    items.push({ date: plan.start, label: INTERVENTION_LABELS[plan.type] });
  }
  for (const note of input.notes ?? []) {
    if (note.pupilId !== input.pupilId || note.date > input.asOf) continue;
    items.push({
      date: note.date,
      label: note.stepId ? INTERVENTION_LABELS[note.stepId] : 'A note',
    });
  }
  return items
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .map((item) => `${item.label} (${formatDate(item.date)})`);
}

/**
 * A step counts as recently done when an intervention of that type is still running, or a note or
 * intervention of that type falls within the step's review window (or, for once-off steps such as
 * first-day contact, on or after the day that prompted it).
 */
function doneRecently(
  id: StepId,
  since: string | undefined,
  input: SupportInput,
): StepDone | undefined {
  const { reviewDays } = STEP_WORDING[id];
  const from = reviewDays === 0 ? (since ?? input.asOf) : addDays(input.asOf, -reviewDays);
  let best: StepDone | undefined;
  const consider = (candidate: StepDone): void => {
    if (!best || candidate.date > best.date) best = candidate;
  };
  for (const plan of input.interventions) {
    if (plan.pupilId !== input.pupilId || plan.type !== id || plan.start > input.asOf) continue;
    const running =
      (plan.status === 'active' || plan.status === 'planned') &&
      (!plan.end || plan.end >= input.asOf);
    if (running || plan.start >= from)
      consider({
        date: plan.start,
        source: 'intervention',
        recordId: plan.id,
        ...(plan.by ? { by: plan.by } : {}),
      });
  }
  for (const note of input.notes ?? []) {
    if (note.pupilId !== input.pupilId || note.stepId !== id || note.date > input.asOf) continue;
    if (note.date >= from)
      consider({ date: note.date, by: note.by, source: 'note', recordId: note.id });
  }
  return best;
}

/** What the engine hands over per pupil; only these fields are read. */
export interface AnalysisLike {
  pupilId?: string;
  name?: string | null;
  asOf?: string;
  figures: Figures;
  flags: readonly Flag[];
  marks?: readonly MarkRecord[];
  priorYear?: PriorYear | null;
}

/**
 * The steps `analyse --steps` prints (CONTRACTS §2), from the same rules the side panel uses. The
 * command line knows no recorded support, so enforcement is never suggested here.
 */
export function stepsFor(
  analysis: AnalysisLike,
  tags: readonly ContextTag[] = [],
  opts: {
    marks?: readonly MarkRecord[];
    asOf?: string;
    name?: string | null;
    pupilId?: string;
  } = {},
): Step[] {
  const marks = opts.marks ?? analysis.marks ?? [];
  const evidenceDates = analysis.flags.flatMap((f) => parseEvidence(f.evidence).map((e) => e.date));
  const asOf =
    opts.asOf ??
    analysis.asOf ??
    [...marks.map((m) => m.date), ...evidenceDates].sort().at(-1) ??
    '9999-12-31';
  const name = opts.name ?? analysis.name;
  return suggestSteps({
    pupilId: opts.pupilId ?? analysis.pupilId ?? '',
    ...(name !== undefined ? { name } : {}),
    asOf,
    figures: analysis.figures,
    flags: analysis.flags,
    marks,
    tags,
    interventions: [],
    ...(analysis.priorYear ? { priorYear: analysis.priorYear } : {}),
  }).map(({ id, stage, who, text, why }) => ({ id, stage, who, text, why }));
}
