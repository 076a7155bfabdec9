import type { Session } from '../registers/schema';

/**
 * The engine's vocabulary, shared by the store, the support rules, the CLI and the UI. The
 * engine is pure: it never sees Dexie, the DOM or the clock ("today" is always passed in).
 */

/** One session's mark for one pupil, as stored or imported. `mark` is the code ('' = no mark). */
export interface MarkRecord {
  pupilId: string;
  date: string;
  session: Session;
  mark: string;
}

export type Band = 'severe' | 'persistent' | 'at-risk' | 'none';
export type Severity = 'low' | 'medium' | 'high';

export type FlagId =
  | 'severe-absence'
  | 'persistent-absence'
  | 'at-risk'
  | 'near-persistent'
  | 'recent-decline'
  | 'projected-persistent'
  | 'absence-spells'
  | 'weekday-pattern'
  | 'consecutive-absence'
  | 'possible-missing-education'
  | 'unresolved-reason'
  | 'lateness'
  | 'penalty-threshold'
  | 'few-sessions'
  | 'prior-year-persistent'
  | 'prior-year-severe'
  | 'part-time-timetable';

export interface Flag {
  id: FlagId;
  severity: Severity;
  /** Plain English naming the numbers behind the flag. */
  reason: string;
  /** The sessions that are its evidence, each as "YYYY-MM-DD AM N". */
  evidence: string[];
}

/** The counts of CONTRACTS.md §2, for any window. */
export interface Counts {
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  lateBeforeClose: number;
  lateAfterClose: number;
  notPossible: number;
  unmarked: number;
  unknown: number;
}

/** Counts plus the derived figures of CONTRACTS.md §2 (null when possible = 0). */
export interface Figures extends Counts {
  attendancePct: number | null;
  absencePct: number | null;
  band: Band | null;
  sessionsUntilPersistent: number | null;
  presentSessionsToRecover: number | null;
  maxUnauthorisedIn10Weeks: number;
}

export type ContextTag = 'send' | 'ehcp' | 'social-worker' | 'looked-after' | 'young-carer' | 'fsm';
export const CONTEXT_TAGS: readonly ContextTag[] = [
  'send',
  'ehcp',
  'social-worker',
  'looked-after',
  'young-carer',
  'fsm',
];

export type StageId =
  | 'expect'
  | 'monitor'
  | 'listen-and-understand'
  | 'facilitate-support'
  | 'formalise-support'
  | 'enforce';

export type StepId =
  | 'first-day-contact'
  | 'resolve-unexplained'
  | 'tutor-conversation'
  | 'family-meeting'
  | 'ask-about-weekday'
  | 'support-plan'
  | 'wider-services'
  | 'attendance-mentor'
  | 'joint-la-plan'
  | 'inform-social-worker'
  | 'virtual-school-head'
  | 'senco-review'
  | 'health-conversation'
  | 'notify-la-missing-education'
  | 'consider-penalty-framework'
  | 'review-part-time-timetable';

export type StaffRole =
  'form-tutor' | 'pastoral-lead' | 'attendance-officer' | 'senco' | 'designated-safeguarding-lead';

/** A suggested next step, as `analyse --steps` prints it (CONTRACTS.md §2). */
export interface Step {
  id: StepId;
  stage: StageId;
  who: string;
  text: string;
  why: string;
}
