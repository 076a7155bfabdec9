import * as z from 'zod/mini';

/**
 * A reading of one register page, exactly the `read-register` output of CONTRACTS.md §2. Every
 * adapter, the generic reader and the content script produce this; the background parses it.
 * Built with `zod/mini`: these schemas cross into the content script, which loads on every MIS
 * page, and Zod's classic builders cost it about 25 KB gzipped that mini does not.
 */
export const isoDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'));
export const sessionSchema = z.enum(['AM', 'PM']);
export type Session = z.infer<typeof sessionSchema>;

export const readMarkSchema = z.object({
  date: isoDate,
  session: sessionSchema,
  raw: z.string(),
  code: z.nullable(z.string().check(z.minLength(1))),
  reason: z.optional(z.string()),
  editable: z.boolean(),
  /**
   * Set on an absence counted as N only because its reason decides no statutory code ("Absent" +
   * "Family"): the overlay and side panel ask the user to map it. Optional, so a reading without
   * it is the CONTRACTS.md §2 shape unchanged.
   */
  needsMapping: z.optional(z.literal(true)),
});
export type ReadMark = z.infer<typeof readMarkSchema>;

export const readPupilSchema = z.object({
  key: z.string().check(z.minLength(1)),
  name: z.string(),
  marks: z.array(readMarkSchema),
});
export type ReadPupil = z.infer<typeof readPupilSchema>;

export const readingSchema = z.object({
  adapter: z.string().check(z.minLength(1)),
  group: z.nullable(z.string()),
  date: z.nullable(isoDate),
  session: z.nullable(sessionSchema),
  taken: z.nullable(z.boolean()),
  pupils: z.array(readPupilSchema),
  warnings: z.array(z.string()),
});
export type Reading = z.infer<typeof readingSchema>;

// --- the reader's own check of what it hands out -------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MARK_KEYS = new Set(['date', 'session', 'raw', 'code', 'reason', 'editable', 'needsMapping']);
const PUPIL_KEYS = new Set(['key', 'name', 'marks']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(v: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const k in v) if (!allowed.has(k)) return false;
  return true;
}

/**
 * `readMarkSchema`'s rules as one plain test, for the thousands of marks a register holds: a
 * schema object per mark costs the reader more than reading the mark did. Stricter in one way:
 * a field the contract does not name fails rather than being stripped, because nothing copies the
 * reading to strip it. tests/registers/schema.test.ts holds the two to the same verdicts.
 */
export function isReadMark(v: unknown): v is ReadMark {
  if (!isRecord(v)) return false;
  const { date, session, raw, code, reason, editable, needsMapping } = v;
  return (
    typeof date === 'string' &&
    ISO_DATE.test(date) &&
    (session === 'AM' || session === 'PM') &&
    typeof raw === 'string' &&
    (code === null || (typeof code === 'string' && code.length >= 1)) &&
    (reason === undefined || typeof reason === 'string') &&
    typeof editable === 'boolean' &&
    (needsMapping === undefined || needsMapping === true) &&
    onlyKeys(v, MARK_KEYS)
  );
}

/** `readPupilSchema`'s rules as one plain test (see `isReadMark`). */
export function isReadPupil(v: unknown): v is ReadPupil {
  if (!isRecord(v)) return false;
  const { key, name, marks } = v;
  if (typeof key !== 'string' || key.length < 1 || typeof name !== 'string') return false;
  if (!Array.isArray(marks) || !onlyKeys(v, PUPIL_KEYS)) return false;
  for (let i = 0; i < marks.length; i++) if (!isReadMark(marks[i])) return false;
  return true;
}

/**
 * The schema every reader's output passes before it leaves the reader: `readingSchema`, with its
 * pupils and marks checked by `isReadPupil` in one loop rather than one schema object per mark.
 * Where it fails, `readingSchema` itself says why. Built from what the content script already
 * carries (`refine`), so the check adds no Zod code to it.
 */
export const readingOutSchema = z.object({
  ...readingSchema.shape,
  pupils: z
    .unknown()
    .check(
      z.refine(
        (v) => Array.isArray(v) && v.every(isReadPupil),
        'a pupil or mark does not have the shape of a reading',
      ),
    ),
});
