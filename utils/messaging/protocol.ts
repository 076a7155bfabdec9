import { z } from 'zod';
import { readingSchema } from '../registers/schema';

/**
 * The one message protocol of the extension. Every message is parsed with these schemas where it
 * arrives; the `type` names who sends it: `content:` the register content script, `panel:` and
 * `options:` extension pages, `background:` the service worker.
 */

const flagIds = [
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
] as const;

export const flagSchema = z.object({
  id: z.enum(flagIds),
  severity: z.enum(['low', 'medium', 'high']),
  reason: z.string(),
  evidence: z.array(z.string()),
});

const count = z.number().int().min(0);
const pctOrNull = z.number().nullable();
export const figuresSchema = z.object({
  possible: count,
  present: count,
  authorised: count,
  unauthorised: count,
  lateBeforeClose: count,
  lateAfterClose: count,
  notPossible: count,
  unmarked: count,
  unknown: count,
  attendancePct: pctOrNull,
  absencePct: pctOrNull,
  band: z.enum(['severe', 'persistent', 'at-risk', 'none']).nullable(),
  sessionsUntilPersistent: z.number().int().nullable(),
  presentSessionsToRecover: z.number().int().nullable(),
  maxUnauthorisedIn10Weeks: count,
});

/** What a badge needs for one pupil of the register. */
export const pupilBadgeSchema = z.object({
  key: z.string(),
  pupilId: z.string(),
  figures: figuresSchema.nullable(),
  /** Flags no review hides today. */
  flags: z.array(flagSchema),
});
export type PupilBadge = z.infer<typeof pupilBadgeSchema>;

// Messages.

export const contentHelloSchema = z.object({ type: z.literal('content:hello'), url: z.url() });

export const contentReadingSchema = z.object({
  type: z.literal('content:reading'),
  reading: readingSchema,
  url: z.url(),
  /** The user saved the register (its editable marks are now records). */
  saved: z.boolean(),
});

/** An extension page changed settings (sites, retention, thresholds): re-register, recompute. */
export const optionsSettingsChangedSchema = z.object({
  type: z.literal('options:settings-changed'),
});

/** An extension page changed marks directly (an import, an undo, a restore): recompute these. */
export const panelRecomputeSchema = z.object({
  type: z.literal('panel:recompute'),
  /** Omit for every pupil. */
  pupilIds: z.array(z.string()).optional(),
});

export const optionsRunRetentionSchema = z.object({ type: z.literal('options:run-retention') });

export const requestSchema = z.discriminatedUnion('type', [
  contentHelloSchema,
  contentReadingSchema,
  optionsSettingsChangedSchema,
  panelRecomputeSchema,
  optionsRunRetentionSchema,
]);
export type Request = z.infer<typeof requestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** Sent by the worker to open extension pages after stored data changed. */
export const dataChangedSchema = z.object({
  type: z.literal('background:data-changed'),
  reason: z.enum(['reading', 'recompute', 'retention', 'settings']),
  /** The pupils whose marks or figures changed; empty means "anything may have changed". */
  pupilIds: z.array(z.string()),
});
export type DataChanged = z.infer<typeof dataChangedSchema>;

export const broadcastSchema = z.discriminatedUnion('type', [dataChangedSchema]);
export type Broadcast = z.infer<typeof broadcastSchema>;

// Replies: `{ ok: true, ... }` or `{ ok: false, error, retry }`; nothing ever throws across.

export const failureSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  /** True when sending the same message again may succeed (storage busy, worker restarting). */
  retry: z.boolean(),
});
export type Failure = z.infer<typeof failureSchema>;

const ok = <T extends z.ZodRawShape>(shape: T) => z.object({ ok: z.literal(true), ...shape });

export const replySchemas = {
  'content:hello': ok({ enabled: z.boolean(), overlayEnabled: z.boolean() }),
  'content:reading': ok({
    stored: z.object({ added: count, corrected: count, unchanged: count }),
    siteId: z.string(),
    asOf: z.string(),
    pupils: z.array(pupilBadgeSchema),
  }),
  'options:settings-changed': ok({ sites: z.array(z.string()) }),
  'panel:recompute': ok({ pupils: count }),
  'options:run-retention': ok({ cutoff: z.string(), marks: count }),
} satisfies Record<RequestType, z.ZodType>;

export type Success<T extends RequestType> = z.infer<(typeof replySchemas)[T]>;
export type ReplyOf<T extends RequestType> = Success<T> | Failure;

export function replySchemaFor<T extends RequestType>(type: T) {
  return z.union([replySchemas[type], failureSchema]);
}

export const failure = (error: string, retry = false): Failure => ({ ok: false, error, retry });
