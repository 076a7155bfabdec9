import { z } from 'zod';
import { CONTEXT_TAGS } from '../attendance/types';
import { isoDate, sessionSchema } from '../registers/schema';
import {
  flagReviewSchema,
  interventionRecordSchema,
  noteRecordSchema,
  stageRecordSchema,
} from '../support/records';
import { misIdFor, SCHEMA_VERSION, TABLE_NAMES, type TableName } from './schema';

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
  marks: storedMark,
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
  }),
  notes: noteRecordSchema,
  interventions: interventionRecordSchema,
  stageHistory: stageRecordSchema.extend({ id: z.string().min(1) }),
  flagReviews: z.object({ id: z.string().min(1) }).and(flagReviewSchema),
  settings: z.object({ id: z.literal('settings'), value: z.unknown() }),
  siteMappings: z.object({ siteId: z.string().min(1), data: z.unknown(), updatedAt: z.string() }),
  importBatches: z.object({
    id: z.string().min(1),
    label: z.string(),
    siteId: z.string().min(1),
    at: z.string(),
    onlyValid: z.boolean(),
    rows: z.number().int().min(0),
    added: z.array(markKey),
    replaced: z.array(storedMark),
    pupilsAdded: z.array(z.string()),
    undoneAt: z.string().nullable(),
  }),
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

export const storeDumpSchema = z.object({
  format: z.literal(STORE_DUMP_FORMAT),
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION),
  tables: z.object(
    Object.fromEntries(
      TABLE_NAMES.map((name) => [
        name,
        LATER_TABLES.has(name)
          ? z.array(recordSchemas[name]).default([])
          : z.array(recordSchemas[name]),
      ]),
    ) as {
      [K in TableName]: z.ZodArray<(typeof recordSchemas)[K]>;
    },
  ),
});
export type StoreDump = z.infer<typeof storeDumpSchema>;
