import { z } from 'zod';

/**
 * A layout the user taught by clicking one pupil's name and one mark: plain data, Zod-validated,
 * exportable as JSON so one school can hand it to another. Selectors are anchored on stable
 * attributes (ids, names, roles, data-*) and tag paths, never on layout classes.
 */

/** How a mark is read from the element a mark locator finds. */
export const markReadSchema = z.enum(['select', 'checked', 'pressed', 'text', 'label']);

export const markLocatorSchema = z.object({
  /** CSS selector relative to the row. */
  selector: z.string().min(1),
  read: markReadSchema,
  /** For `label`: the attribute holding the label (aria-label, title, data-*). */
  attr: z.string().optional(),
  /** For `checked`/`pressed`: the selector of the group's members relative to the row. */
  members: z.string().optional(),
  /**
   * True when every element the selector finds in a row is a mark (a week of history columns,
   * say), not only the first; each takes its date from its own label or its column's header.
   */
  each: z.boolean().optional(),
  /** Where the mark's element sits inside what `selector` finds (":scope > …"; "" = itself). */
  inner: z.string().optional(),
});

export const taughtLayoutSchema = z.object({
  kind: z.literal('register-lens/taught-layout'),
  version: z.literal(1),
  /** Page origin, e.g. "https://mis.example.sch.uk". */
  origin: z.string(),
  /** A path the layout applies to; `*` matches any run of characters. */
  pathPattern: z.string().min(1),
  /** Selector (from the document) of the element holding the rows. */
  container: z.string().min(1),
  /** Selector relative to the container that finds every row. */
  rows: z.string().min(1),
  /** Selector relative to a row that finds the pupil's name ("" = the row itself). */
  name: z.string(),
  marks: z.array(markLocatorSchema).min(1),
  /** Where the register's date comes from: a selector whose text or value holds it. */
  dateFrom: z.string().optional(),
  session: z.enum(['AM', 'PM']).nullable().default(null),
  label: z.string().optional(),
});
export type TaughtLayout = z.infer<typeof taughtLayoutSchema>;
export type MarkLocator = z.infer<typeof markLocatorSchema>;
