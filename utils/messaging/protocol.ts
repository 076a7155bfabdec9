import * as z from 'zod/mini';
import { thresholdsSchema } from '../attendance/thresholds';
import { markMappingEntrySchema, markMappingSchema } from '../registers/mapping';
import { askedLabelSchema } from '../registers/meaning';
import { readingSchema } from '../registers/schema';
import { taughtLayoutSchema } from '../registers/teach-schema';
import { FLAG_IDS } from '../support/ids';

/**
 * The one message protocol of the extension. Every message is parsed with these schemas where it
 * arrives; the `type` names who sends it: `content:` the register content script, `panel:` and
 * `options:` extension pages, `background:` the service worker. Written with `zod/mini`: the
 * content script parses with these on every MIS page, and classic Zod would be most of its size.
 */

const flagIdSchema = z.enum(FLAG_IDS);

export const flagSchema = z.object({
  id: flagIdSchema,
  severity: z.enum(['low', 'medium', 'high']),
  reason: z.string(),
  evidence: z.array(z.string()),
});

const count = z.int().check(z.minimum(0));
const pctOrNull = z.nullable(z.number());
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
  band: z.nullable(z.enum(['severe', 'persistent', 'at-risk', 'none'])),
  sessionsUntilPersistent: z.nullable(z.int()),
  presentSessionsToRecover: z.nullable(z.int()),
  maxUnauthorisedIn10Weeks: count,
});

/** What a badge needs for one pupil of the register. */
export const pupilBadgeSchema = z.object({
  key: z.string(),
  pupilId: z.string(),
  figures: z.nullable(figuresSchema),
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

/** The overlay's own toggles (badges on or off, privacy screen), saved for the next register. */
export const contentSavePrefsSchema = z.object({
  type: z.literal('content:save-prefs'),
  url: z.url(),
  overlayEnabled: z.optional(z.boolean()),
  privacyScreen: z.optional(z.boolean()),
});

/** A layout the user taught on this page (teach mode), kept for this site in the store. */
export const contentSaveLayoutSchema = z.object({
  type: z.literal('content:save-layout'),
  url: z.url(),
  layout: taughtLayoutSchema,
});

/** Answers of the "what does this mean?" list on this page, kept in the site's mark mapping. */
export const contentSaveMarkMappingSchema = z.object({
  type: z.literal('content:save-mark-mapping'),
  url: z.url(),
  entries: z.array(markMappingEntrySchema).check(z.minLength(1)),
});

/**
 * The user opened teach mode or the "what does this mean?" list: the worker injects their script
 * (register-teach.js) into the sender's frame, so the content script on every page stays small.
 */
export const contentLoadTeachSchema = z.object({
  type: z.literal('content:load-teach'),
  url: z.url(),
});

/**
 * The reader found a register, or settled on a page without one: the worker injects the overlay
 * (register-overlay.js: badges, the bar, the mapping notice) into the sender's frame, so the
 * content script on every page carries only the reader.
 */
export const contentLoadOverlaySchema = z.object({
  type: z.literal('content:load-overlay'),
  url: z.url(),
});

/**
 * The side panel's "Teach Register Lens the register in this tab": the worker asks that tab's
 * content script to open teach mode (`background:start-teach`). Pages without a register never
 * load the overlay, so this is where teach mode is offered on them.
 */
export const panelStartTeachSchema = z.object({
  type: z.literal('panel:start-teach'),
  tabId: z.int(),
});

/** The same answers given in the side panel, for the site of the register it shows. */
export const panelSaveMarkMappingSchema = z.object({
  type: z.literal('panel:save-mark-mapping'),
  siteId: z.string().check(z.minLength(1)),
  entries: z.array(markMappingEntrySchema).check(z.minLength(1)),
});

/**
 * An extension page changed settings (sites, retention, thresholds): re-register the content
 * script; figures are recomputed only when what they depend on changed.
 */
export const optionsSettingsChangedSchema = z.object({
  type: z.literal('options:settings-changed'),
});

/** An extension page changed marks directly (an import, an undo, a restore): recompute these. */
export const panelRecomputeSchema = z.object({
  type: z.literal('panel:recompute'),
  /** Omit for every pupil. */
  pupilIds: z.optional(z.array(z.string())),
});

export const optionsRunRetentionSchema = z.object({ type: z.literal('options:run-retention') });

/** The side panel asks which register to show: the one read in this tab, else the latest. */
export const panelOpenRegisterSchema = z.object({
  type: z.literal('panel:open-register'),
  /** The active tab (the panel finds it without the `tabs` permission); omit for the latest. */
  tabId: z.optional(z.int()),
});

/** What the worker remembers of the last reading in a tab (storage.session: it may stop). */
export const registerSummarySchema = z.object({
  tabId: z.nullable(z.int()),
  siteId: z.string(),
  url: z.string(),
  adapter: z.nullable(z.string()),
  group: z.nullable(z.string()),
  date: z.nullable(z.string()),
  session: z.nullable(z.enum(['AM', 'PM'])),
  pupilIds: z.array(z.string()),
  /** The reading's mark labels that wait for a mapping (absent in summaries from before them). */
  needsMapping: z.optional(z.array(askedLabelSchema)),
  /** When it was read (ISO timestamp). */
  at: z.string(),
});
export type RegisterSummary = z.infer<typeof registerSummarySchema>;

export const requestSchema = z.discriminatedUnion('type', [
  contentHelloSchema,
  contentReadingSchema,
  contentSavePrefsSchema,
  contentSaveLayoutSchema,
  contentSaveMarkMappingSchema,
  contentLoadTeachSchema,
  contentLoadOverlaySchema,
  panelStartTeachSchema,
  panelSaveMarkMappingSchema,
  optionsSettingsChangedSchema,
  panelRecomputeSchema,
  optionsRunRetentionSchema,
  panelOpenRegisterSchema,
]);
export type Request = z.infer<typeof requestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
/** The messages a content script sends (the `content:` prefix). */
export type ContentRequestType = Extract<RequestType, `content:${string}`>;

/** Sent by the worker to open extension pages after stored data changed. */
export const dataChangedSchema = z.object({
  type: z.literal('background:data-changed'),
  reason: z.enum(['reading', 'recompute', 'retention', 'settings']),
  /** The pupils whose marks or figures changed; empty means "anything may have changed". */
  pupilIds: z.array(z.string()),
  /** The tab whose register was read (reason `reading`), so a panel can follow its tab. */
  tabId: z.optional(z.int()),
});
export type DataChanged = z.infer<typeof dataChangedSchema>;

export const broadcastSchema = z.discriminatedUnion('type', [dataChangedSchema]);
export type Broadcast = z.infer<typeof broadcastSchema>;

/**
 * Sent by the worker to the register content script of one tab (`tabs.sendMessage`), which
 * parses it with this schema: open teach mode on this page (from `panel:start-teach`).
 */
export const startTeachSchema = z.object({ type: z.literal('background:start-teach') });
export type StartTeach = z.infer<typeof startTeachSchema>;

// Replies: `{ ok: true, ... }` or `{ ok: false, error, retry }`; nothing ever throws across.

export const failureSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  /** True when sending the same message again may succeed (storage busy, worker restarting). */
  retry: z.boolean(),
});
export type Failure = z.infer<typeof failureSchema>;

// Marked free of side effects, as Zod's own builders are: the bundler then drops the replies of
// messages a script never sends (the content script carries only its own).
/* @__NO_SIDE_EFFECTS__ */
const ok = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.object({ ok: z.literal(true), ...shape });

/**
 * The replies to the content script's own messages, apart from the rest: the content script
 * parses every reply it receives with these, and carries no schema of a message it never gets.
 */
export const contentReplySchemas = {
  'content:hello': ok({
    enabled: z.boolean(),
    overlayEnabled: z.boolean(),
    /** The school's default for the privacy screen (the overlay starts with it). */
    privacyScreen: z.boolean(),
    thresholds: thresholdsSchema,
    /** The school's label → code mappings, as the reader takes them. */
    markMappings: markMappingSchema,
    /** The layout taught for this site and path, if any (the reader tries it first). */
    layout: z.nullable(taughtLayoutSchema),
  }),
  'content:reading': ok({
    stored: z.object({ added: count, corrected: count, unchanged: count }),
    siteId: z.string(),
    asOf: z.string(),
    pupils: z.array(pupilBadgeSchema),
    /** What is left of the academic year after `asOf`, so recovery is worded in reach. */
    year: z.optional(z.nullable(z.object({ sessionsLeft: count, yearEnd: z.string() }))),
  }),
  'content:save-prefs': ok({ overlayEnabled: z.boolean(), privacyScreen: z.boolean() }),
  'content:save-layout': ok({ siteId: z.string(), layouts: count }),
  /** The mapping the reader takes on this site from now on (the site's entries first). */
  'content:save-mark-mapping': ok({ siteId: z.string(), markMappings: markMappingSchema }),
  'content:load-teach': ok({}),
  'content:load-overlay': ok({}),
} satisfies Record<ContentRequestType, z.ZodMiniType>;

export const replySchemas = {
  ...contentReplySchemas,
  /** The tab's content script opened teach mode. */
  'panel:start-teach': ok({}),
  'panel:save-mark-mapping': ok({ siteId: z.string(), markMappings: markMappingSchema }),
  'options:settings-changed': ok({ sites: z.array(z.string()), recomputed: z.boolean() }),
  'panel:recompute': ok({ pupils: count }),
  'options:run-retention': ok({ cutoff: z.string(), marks: count }),
  'panel:open-register': ok({
    register: z.nullable(registerSummarySchema),
    /** `active-tab`: read in the tab asked about; `latest`: the most recent reading anywhere. */
    source: z.nullable(z.enum(['active-tab', 'latest'])),
  }),
} satisfies Record<RequestType, z.ZodMiniType>;

export type Success<T extends RequestType> = z.infer<(typeof replySchemas)[T]>;
export type ReplyOf<T extends RequestType> = Success<T> | Failure;

export function replySchemaFor<T extends RequestType>(type: T) {
  return z.union([replySchemas[type], failureSchema]);
}

/** The same for the content script, from its own replies only. */
export function contentReplySchemaFor<T extends ContentRequestType>(type: T) {
  return z.union([contentReplySchemas[type], failureSchema]);
}

export const failure = (error: string, retry = false): Failure => ({ ok: false, error, retry });
