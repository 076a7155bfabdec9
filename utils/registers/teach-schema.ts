import * as z from 'zod/mini';

/**
 * A layout the user taught by clicking one pupil's name and one mark: plain data, Zod-validated,
 * exportable as JSON so one school can hand it to another. Selectors are anchored on stable
 * attributes (ids, names, roles, data-*) and tag paths, never on layout classes. `zod/mini`, as
 * every schema the content script carries (see ./schema.ts).
 */

/** How a mark is read from the element a mark locator finds. */
export const markReadSchema = z.enum(['select', 'checked', 'pressed', 'text', 'label']);

export const markLocatorSchema = z.object({
  /** CSS selector relative to the row. */
  selector: z.string().check(z.minLength(1)),
  read: markReadSchema,
  /** For `label`: the attribute holding the label (aria-label, title, data-*). */
  attr: z.optional(z.string()),
  /** For `checked`/`pressed`: the selector of the group's members relative to the row. */
  members: z.optional(z.string()),
  /**
   * True when every element the selector finds in a row is a mark (a week of history columns,
   * say), not only the first; each takes its date from its own label or its column's header.
   */
  each: z.optional(z.boolean()),
  /** Where the mark's element sits inside what `selector` finds (":scope > …"; "" = itself). */
  inner: z.optional(z.string()),
});

export const taughtLayoutSchema = z.object({
  kind: z.literal('register-lens/taught-layout'),
  version: z.literal(1),
  /** Page origin, e.g. "https://mis.example.sch.uk". */
  origin: z.string(),
  /** A path the layout applies to; `*` matches any run of characters. */
  pathPattern: z.string().check(z.minLength(1)),
  /** Selector (from the document) of the element holding the rows. */
  container: z.string().check(z.minLength(1)),
  /** Selector relative to the container that finds every row. */
  rows: z.string().check(z.minLength(1)),
  /** Selector relative to a row that finds the pupil's name ("" = the row itself). */
  name: z.string(),
  marks: z.array(markLocatorSchema).check(z.minLength(1)),
  /** Where the register's date comes from: a selector whose text or value holds it. */
  dateFrom: z.optional(z.string()),
  session: z._default(z.nullable(z.enum(['AM', 'PM'])), null),
  label: z.optional(z.string()),
});
export type TaughtLayout = z.infer<typeof taughtLayoutSchema>;
export type MarkLocator = z.infer<typeof markLocatorSchema>;
