import { z } from 'zod';
import type { StageId, StepId } from '../attendance/types';
import { addDays } from './dates';
import { FLAG_IDS, STAGE_IDS, STEP_IDS } from './ids';

/**
 * What staff record about support: notes, intervention plans, stage changes and flag reviews.
 * These schemas are the boundary to the store and to messages: the store keeps exactly these.
 */

// The id lists live in a module without Zod, so the content script can check a flag's id
// without carrying classic Zod for the schemas below.
export { FLAG_IDS, STAGE_IDS, STEP_IDS };

/** Interventions that are not themselves a suggested step but are common support in schools. */
export const EXTRA_INTERVENTION_TYPES = [
  'attendance-contract',
  'early-help-plan',
  'breakfast-club',
  'school-nurse-referral',
  'mental-health-referral',
  'young-carers-referral',
  'send-assessment',
  'reduced-timetable',
  'other',
] as const;

export const INTERVENTION_TYPES = [...STEP_IDS, ...EXTRA_INTERVENTION_TYPES] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'Not a real date',
    },
  );
const isoDateOrTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'Use an ISO date or date-time');
const text = (max: number) => z.string().trim().max(max);

export const stepIdSchema = z.enum(STEP_IDS);
export const stageIdSchema = z.enum(STAGE_IDS);
export const flagIdSchema = z.enum(FLAG_IDS);
export const interventionTypeSchema = z.enum(INTERVENTION_TYPES);

export const noteRecordSchema = z.object({
  id: z.string().min(1),
  pupilId: z.string().min(1),
  date: isoDate,
  /** Who did it, as the user typed it ("Ms Khan, form tutor"). */
  by: text(120).min(1),
  stepId: stepIdSchema.optional(),
  /** What happened and what was agreed. */
  text: text(5000),
  followUp: isoDate.optional(),
  /** Set when the follow-up has happened, so it leaves the due list. */
  followUpDone: z.boolean().optional(),
});
export type NoteRecord = z.infer<typeof noteRecordSchema>;

export const INTERVENTION_STATUSES = ['planned', 'active', 'completed', 'stopped'] as const;
export const interventionStatusSchema = z.enum(INTERVENTION_STATUSES);
export type InterventionStatus = z.infer<typeof interventionStatusSchema>;

export const interventionRecordSchema = z
  .object({
    id: z.string().min(1),
    pupilId: z.string().min(1),
    type: interventionTypeSchema,
    start: isoDate,
    plannedWeeks: z.number().int().min(1).max(52),
    reviewDate: isoDate,
    by: text(120).optional(),
    /** What was agreed with the pupil and family. */
    agreed: text(5000).optional(),
    /** What happened, written at review or at the end. */
    outcome: text(5000).optional(),
    status: interventionStatusSchema,
    end: isoDate.optional(),
  })
  .refine((r) => r.reviewDate >= r.start, {
    message: 'The review date cannot be before the start',
    path: ['reviewDate'],
  })
  .refine((r) => r.end === undefined || r.end >= r.start, {
    message: 'The end date cannot be before the start',
    path: ['end'],
  });
export type InterventionRecord = z.infer<typeof interventionRecordSchema>;

export const stageRecordSchema = z.object({
  /** Optional so the store may use an auto-increment key. */
  id: z.string().optional(),
  pupilId: z.string().min(1),
  stage: stageIdSchema,
  date: isoDate,
  by: text(120).min(1),
  reason: text(2000),
});
export type StageRecord = z.infer<typeof stageRecordSchema>;

export const flagReviewSchema = z
  .object({
    pupilId: z.string().min(1),
    flagId: flagIdSchema,
    action: z.enum(['acknowledged', 'snoozed']),
    until: isoDate.optional(),
    reason: text(2000),
    at: isoDateOrTime,
  })
  .refine((r) => r.action !== 'snoozed' || r.until !== undefined, {
    message: 'A snoozed flag needs a date to come back',
    path: ['until'],
  });
export type FlagReview = z.infer<typeof flagReviewSchema>;

/**
 * Usual plan lengths: attendance mentors work to 12-20 week plans; an attendance contract is
 * reviewed after a few weeks. The side panel pre-fills these and staff may change them.
 */
export const PLAN_DEFAULTS: Partial<
  Record<
    InterventionType,
    { weeks: number; minWeeks: number; maxWeeks: number; reviewAfterWeeks: number }
  >
> = {
  'attendance-mentor': { weeks: 12, minWeeks: 12, maxWeeks: 20, reviewAfterWeeks: 6 },
  'attendance-contract': { weeks: 12, minWeeks: 4, maxWeeks: 26, reviewAfterWeeks: 4 },
  'early-help-plan': { weeks: 12, minWeeks: 6, maxWeeks: 26, reviewAfterWeeks: 6 },
  'support-plan': { weeks: 6, minWeeks: 2, maxWeeks: 20, reviewAfterWeeks: 4 },
  'joint-la-plan': { weeks: 12, minWeeks: 6, maxWeeks: 26, reviewAfterWeeks: 6 },
  'breakfast-club': { weeks: 6, minWeeks: 2, maxWeeks: 39, reviewAfterWeeks: 4 },
};
const FALLBACK_PLAN = { weeks: 4, minWeeks: 1, maxWeeks: 52, reviewAfterWeeks: 4 };

/** The plan length and review date to pre-fill for a new intervention of this type. */
export function planDefaults(
  type: InterventionType,
  start: string,
): { plannedWeeks: number; reviewDate: string } {
  const plan = PLAN_DEFAULTS[type] ?? FALLBACK_PLAN;
  return { plannedWeeks: plan.weeks, reviewDate: addDays(start, plan.reviewAfterWeeks * 7) };
}

/** Gentle warnings (never errors) when a plan's length is outside its usual range. */
export function planWarnings(record: Pick<InterventionRecord, 'type' | 'plannedWeeks'>): string[] {
  const plan = PLAN_DEFAULTS[record.type];
  if (!plan) return [];
  if (record.plannedWeeks < plan.minWeeks || record.plannedWeeks > plan.maxWeeks)
    return [
      `Plans of this kind usually run ${plan.minWeeks} to ${plan.maxWeeks} weeks; this one is ${record.plannedWeeks}.`,
    ];
  return [];
}

export interface FollowUp {
  kind: 'note-follow-up' | 'intervention-review';
  pupilId: string;
  /** The id of the note or intervention it comes from. */
  sourceId: string;
  due: string;
  overdue: boolean;
  stepId?: StepId;
  interventionType?: InterventionType;
}

/**
 * Follow-ups due on or before `today` (plus `withinDays` ahead), oldest first: a note's follow-up
 * until it is marked done, and the review of every planned or active intervention.
 */
export function dueFollowUps(
  records: { notes?: readonly NoteRecord[]; interventions?: readonly InterventionRecord[] },
  today: string,
  withinDays = 0,
): FollowUp[] {
  const horizon = addDays(today, withinDays);
  const due: FollowUp[] = [];
  for (const note of records.notes ?? []) {
    if (!note.followUp || note.followUpDone || note.followUp > horizon) continue;
    due.push({
      kind: 'note-follow-up',
      pupilId: note.pupilId,
      sourceId: note.id,
      due: note.followUp,
      overdue: note.followUp < today,
      ...(note.stepId ? { stepId: note.stepId } : {}),
    });
  }
  for (const plan of records.interventions ?? []) {
    if (plan.status !== 'planned' && plan.status !== 'active') continue;
    if (plan.reviewDate > horizon) continue;
    due.push({
      kind: 'intervention-review',
      pupilId: plan.pupilId,
      sourceId: plan.id,
      due: plan.reviewDate,
      overdue: plan.reviewDate < today,
      interventionType: plan.type,
    });
  }
  return due.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The pupil's stage history, oldest first; records of the same day keep their recorded order. */
export function stageTimeline(history: readonly StageRecord[]): StageRecord[] {
  return history
    .map((record, i) => ({ record, i }))
    .sort((a, b) =>
      a.record.date < b.record.date ? -1 : a.record.date > b.record.date ? 1 : a.i - b.i,
    )
    .map(({ record }) => record);
}

/** The stage the pupil is at now: the latest recorded, or null when none has been recorded. */
export function currentStage(history: readonly StageRecord[]): StageId | null {
  return stageTimeline(history).at(-1)?.stage ?? null;
}
