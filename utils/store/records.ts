import { z } from 'zod';
import { CONTEXT_TAGS } from '../attendance/types';
import { isoDate, sessionSchema } from '../registers/schema';
import {
  flagReviewSchema,
  interventionRecordSchema,
  noteRecordSchema,
  stageRecordSchema,
} from '../support/records';
import {
  columnFits,
  packKeys,
  packMarks,
  rawsSameAsMarks,
  SLOT_WIDTH,
  withJoinedColumns,
} from './packed';
import { misIdFor, SCHEMA_VERSION, type TableName } from './schema';

/**
 * Zod shapes of every stored record, for the one place stored data crosses a file boundary: a
 * backup restored into the store. Support records are checked with the support module's own
 * schemas; cached figures only have to be objects (they are recomputed anyway).
 */

const contextTag = z.enum(CONTEXT_TAGS as unknown as [string, ...string[]]);
const source = z.enum(['register', 'import', 'undo']);
const markKey = z.tuple([z.string(), isoDate, sessionSchema]);

const storedMark = z.object({
  pupilId: z.string().min(1),
  date: isoDate,
  session: sessionSchema,
  mark: z.string(),
  raw: z.string(),
  source,
  observedAt: z.string(),
  url: z.string().nullable(),
  batchId: z.string().nullable(),
});

const markOrigin = z.object({
  source,
  at: z.string(),
  url: z.string().nullable(),
  batchId: z.string().nullable(),
});

const slotsString = z
  .string()
  .regex(/^(?:\d{4}-\d{2}-\d{2}[AP])*$/u, 'sessions are YYYY-MM-DD then A or P');

const column = z.union([z.string(), z.array(z.string())]);

/** A packed year, checked whole: columns of one length and runs that cover them exactly. */
const timelineRecord = z
  .object({
    pupilId: z.string().min(1),
    year: z.number().int(),
    slots: slotsString,
    // Joined since version 6; arrays in version 4 and 5 backups (joined on the way in).
    marks: column,
    raws: column,
    origins: z.array(markOrigin).min(1),
    runs: z.array(z.number().int().min(0)),
    registerAt: z.string().optional(),
  })
  .refine(
    (r) => {
      const n = r.slots.length / SLOT_WIDTH;
      if (!columnFits(r.marks, n)) return false;
      if (!rawsSameAsMarks(r.raws) && !columnFits(r.raws, n)) return false;
      if (r.runs.length % 2 !== 0) return false;
      let covered = 0;
      for (let i = 0; i < r.runs.length; i += 2) {
        covered += r.runs[i]!;
        if (r.runs[i + 1]! >= r.origins.length) return false;
      }
      return covered === n;
    },
    { message: 'a packed year whose columns do not line up' },
  )
  .transform(withJoinedColumns);

const addedSlots = z.object({
  pupilId: z.string().min(1),
  year: z.number().int(),
  slots: slotsString,
});

const importBatchFields = {
  id: z.string().min(1),
  label: z.string(),
  siteId: z.string().min(1),
  at: z.string(),
  onlyValid: z.boolean(),
  rows: z.number().int().min(0),
  replaced: z.array(storedMark),
  pupilsAdded: z.array(z.string()),
  undoneAt: z.string().nullable(),
  incomplete: z.literal(true).optional(),
};

const count = z.number().int().min(0);
const priorSummary = z.object({
  id: z.string().min(1),
  siteId: z.string().min(1),
  misId: z.string().min(1),
  fileId: z.string().min(1),
  academicYear: z.number().int(),
  possible: count,
  present: count,
  authorised: count,
  unauthorised: count,
  school: z.string().nullable(),
  batchId: z.string().min(1),
  importedAt: z.string(),
});

export const recordSchemas = {
  sites: z.object({
    id: z.string().min(1),
    adapter: z.string().nullable(),
    firstSeen: z.string(),
    lastSeen: z.string(),
  }),
  // `misId` is derived from the site and key, so a backup made before version 3 restores too.
  pupils: z
    .object({
      id: z.string().min(1),
      siteId: z.string().min(1),
      key: z.string().min(1),
      name: z.string(),
      group: z.string().nullable(),
      tags: z.array(contextTag),
      misId: z.string().nullable().optional(),
    })
    .transform((p) => ({ ...p, misId: misIdFor(p.siteId, p.key) })),
  timelines: timelineRecord,
  markHistory: z.object({
    id: z.number().int().positive(),
    pupilId: z.string().min(1),
    date: isoDate,
    session: sessionSchema,
    from: z.string(),
    to: z.string(),
    fromRaw: z.string(),
    toRaw: z.string(),
    at: z.string(),
    source,
    url: z.string().nullable(),
    batchId: z.string().nullable(),
  }),
  figures: z.object({
    pupilId: z.string().min(1),
    asOf: isoDate,
    figures: z.record(z.string(), z.unknown()),
    flags: z.array(z.record(z.string(), z.unknown())),
    computedAt: z.string(),
    // Last year's figures (schema version 5), kept beside this year's and carried in backups.
    priorYear: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
  notes: noteRecordSchema,
  interventions: interventionRecordSchema,
  stageHistory: stageRecordSchema.extend({ id: z.string().min(1) }),
  flagReviews: z.object({ id: z.string().min(1) }).and(flagReviewSchema),
  settings: z.object({ id: z.literal('settings'), value: z.unknown() }),
  siteMappings: z.object({ siteId: z.string().min(1), data: z.unknown(), updatedAt: z.string() }),
  importBatches: z.object({ ...importBatchFields, added: z.array(addedSlots) }),
  priorSummaries: priorSummary,
  priorImports: z.object({
    id: z.string().min(1),
    label: z.string(),
    siteId: z.string().min(1),
    at: z.string(),
    rows: z.number().int().min(0),
    added: z.array(z.string()),
    replaced: z.array(priorSummary),
    undoneAt: z.string().nullable(),
  }),
} satisfies Record<TableName, z.ZodType>;

// Tables that came after the first backups: a backup made before them restores them empty.
const LATER_TABLES: ReadonlySet<TableName> = new Set(['priorSummaries', 'priorImports']);

export const STORE_DUMP_FORMAT = 'register-lens-store';

const tablesOf = <T extends Record<string, z.ZodType>>(schemas: T) =>
  z.object(
    Object.fromEntries(
      Object.entries(schemas).map(([name, schema]) => [
        name,
        LATER_TABLES.has(name as TableName) ? z.array(schema).default([]) : z.array(schema),
      ]),
    ) as {
      [K in keyof T]: z.ZodArray<T[K]>;
    },
  );

const currentDump = z.object({
  format: z.literal(STORE_DUMP_FORMAT),
  // Version 4 backups differ only by lacking the later tables, which restore empty.
  schemaVersion: z.number().int().min(4).max(SCHEMA_VERSION),
  tables: tablesOf(recordSchemas),
});

/**
 * A backup made before version 4 holds one record per mark and import batches with the keys
 * they added; it is packed the way the version-4 upgrade packs a database, so it restores.
 */
const { timelines: _packed, ...unchangedSchemas } = recordSchemas;
const legacyDump = z
  .object({
    format: z.literal(STORE_DUMP_FORMAT),
    schemaVersion: z.number().int().min(1).max(3),
    tables: tablesOf({
      ...unchangedSchemas,
      marks: storedMark,
      importBatches: z.object({ ...importBatchFields, added: z.array(markKey) }),
    }),
  })
  .transform(({ tables: { marks, importBatches, ...rest } }): StoreDump => ({
    format: STORE_DUMP_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    tables: {
      ...rest,
      timelines: packMarks(marks),
      importBatches: importBatches.map((b) => ({ ...b, added: packKeys(b.added) })),
    },
  }));

export const storeDumpSchema = z.union([currentDump, legacyDump]);
export type StoreDump = z.output<typeof currentDump>;
