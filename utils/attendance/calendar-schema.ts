import * as z from 'zod/mini';
import { isoDate } from '../registers/schema';

/** A school's calendar as the options page edits it and settings store it. zod/mini, as the reading's schemas. */
export const termSchema = z.object({
  name: z.string().check(z.minLength(1)),
  start: isoDate,
  end: isoDate,
});
export const schoolCalendarSchema = z.object({
  /** Terms (half terms) in date order; days between terms are holidays. */
  terms: z.array(termSchema),
  /** Weekdays inside a term when pupils are not expected: INSET days and bank holidays. */
  closures: z._default(z.array(isoDate), []),
});
export type Term = z.infer<typeof termSchema>;
export type SchoolCalendar = z.infer<typeof schoolCalendarSchema>;
