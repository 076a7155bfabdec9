import type { FlagId, StageId, StepId } from '../attendance/types';

/**
 * The ids of steps, stages and flags as runtime lists, for the schemas that check them. Kept
 * apart from ./records.ts (the store's schemas, classic Zod) so the content script, which checks
 * flag ids in the worker's replies with zod/mini, carries only these lists.
 */

export const STEP_IDS = [
  'first-day-contact',
  'resolve-unexplained',
  'tutor-conversation',
  'family-meeting',
  'ask-about-weekday',
  'support-plan',
  'wider-services',
  'attendance-mentor',
  'joint-la-plan',
  'inform-social-worker',
  'virtual-school-head',
  'senco-review',
  'health-conversation',
  'notify-la-missing-education',
  'consider-penalty-framework',
  'review-part-time-timetable',
] as const satisfies readonly StepId[];

export const STAGE_IDS = [
  'expect',
  'monitor',
  'listen-and-understand',
  'facilitate-support',
  'formalise-support',
  'enforce',
] as const satisfies readonly StageId[];

export const FLAG_IDS = [
  'severe-absence',
  'persistent-absence',
  'at-risk',
  'near-persistent',
  'recent-decline',
  'projected-persistent',
  'absence-spells',
  'weekday-pattern',
  'consecutive-absence',
  'possible-missing-education',
  'unresolved-reason',
  'lateness',
  'penalty-threshold',
  'few-sessions',
  'prior-year-persistent',
  'prior-year-severe',
  'part-time-timetable',
] as const satisfies readonly FlagId[];

// Compile-time proof that the runtime lists cover their union types exactly: a new StepId added
// to types.ts without a schema entry would otherwise be silently rejected by the store.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const _stepsCovered: Missing<StepId, (typeof STEP_IDS)[number]> = true;
const _stagesCovered: Missing<StageId, (typeof STAGE_IDS)[number]> = true;
const _flagsCovered: Missing<FlagId, (typeof FLAG_IDS)[number]> = true;
void [_stepsCovered, _stagesCovered, _flagsCovered];
