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
