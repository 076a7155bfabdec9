import Dexie, { type Table, type Transaction } from 'dexie';
import type { PriorYear } from '../attendance/prior';
import type { ContextTag, Figures, Flag } from '../attendance/types';
import type { Session } from '../registers/schema';
import type { FlagReview, InterventionRecord, NoteRecord, StageRecord } from '../support/records';
import { packKeys, packMarks, withJoinedColumns, type AddedSlots, type Column } from './packed';

/**
 * The one owner of the Dexie schema. Versions build on each other: a new version repeats only the
 * stores it changes, and every data upgrade is a named, exported function with its own test on
 * old-shape data. Only what is queried is indexed: each extra index is paid on every mark written.
 *
 * Identity:
 * - a site is the origin of the MIS page (`https://school.example`) or `import:<label>` for CSV
 *   imports (`import:csv` unless the importer names one);
 * - a pupil is `${siteId}|${key}` (the reader's stable key, or the CSV `pupil_id`), so the same
 *   key on two MIS never collides;
 * - a pupil also carries `misId`, the id the MIS shows normalised (`misIdFor`), so a CSV export's
 *   `004123` and the register's `id:4123` or `gibbon:0000004123` meet as one pupil of that site;
 * - a mark is a session (date and AM/PM) of a pupil. Since version 4 marks are packed: one
 *   `timelines` record per pupil per academic year, keyed `[pupilId+year]`, holds every session
 *   of that year (utils/store/packed.ts), so a school year is 1,500 records, not 570,000. A
 *   session appears once in its record, so saving the same register twice stores it once.
 */

export const DB_NAME = 'register-lens';

export interface SiteRecord {
  id: string;
  adapter: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface PupilRecord {
  id: string;
  siteId: string;
  key: string;
  name: string;
  group: string | null;
  tags: ContextTag[];
  /** The MIS id normalised (see `misIdFor`); null for pupils keyed by name. */
  misId: string | null;
}

export type MarkSource = 'register' | 'import' | 'undo';

export interface StoredMark {
  pupilId: string;
  date: string;
  session: Session;
  /** The code the figures count: '' when no mark yet, '?' when the label maps to no code. */
  mark: string;
  /** The mark exactly as the page or file stated it. */
  raw: string;
  source: MarkSource;
  /** When it was observed (ISO timestamp passed in by the caller). */
  observedAt: string;
  /** The page it was read from (registers only). */
  url: string | null;
  /** The import batch that wrote it (imports only): lets an undo leave later readings alone. */
  batchId: string | null;
}

export type MarkKey = [pupilId: string, date: string, session: Session];

/** Where marks came from: kept once per record and referred to by runs of sessions. */
export interface MarkOrigin {
  source: MarkSource;
  /** When it was observed (`observedAt` of the per-mark shape). */
  at: string;
  url: string | null;
  batchId: string | null;
}

/**
 * One pupil's marks of one academic year (version 4 on). The sessions are in date and session
 * order; `marks`, `raws` and the runs line up with them.
 */
export interface TimelineRecord {
  pupilId: string;
  /** The academic year: the calendar year its 1 September falls in. */
  year: number;
  /** Every session, 11 characters each: `YYYY-MM-DD` then `A` (AM) or `P` (PM). */
  slots: string;
  /**
   * The code the figures count per session: '' when no mark yet, '?' for an unmapped label.
   * Joined with U+001F since version 6 (`joinColumn`); an array in older records, or when a code
   * holds the separator.
   */
  marks: Column;
  /**
   * The mark exactly as the page or file stated it, per session, as `marks` is kept; `[]` when
   * every one is its code.
   */
  raws: Column;
  /** The distinct origins of the sessions. */
  origins: MarkOrigin[];
  /** Provenance, run-length: pairs of (number of sessions, index into `origins`), in order. */
  runs: number[];
  /** The latest time a register was observed for this record (indexed: the newest register). */
  registerAt?: string;
}

/** One correction of a stored mark: the earlier value is kept for audit. */
export interface MarkChange {
  id?: number;
  pupilId: string;
  date: string;
  session: Session;
  from: string;
  to: string;
  fromRaw: string;
  toRaw: string;
  at: string;
  source: MarkSource;
  url: string | null;
  batchId: string | null;
}

/** The engine's output for one pupil, cached so views never recompute a school. */
export interface FiguresRecord {
  pupilId: string;
  asOf: string;
  figures: Figures;
  flags: Flag[];
  computedAt: string;
  /** The previous academic year's figures (stored marks or a prior school's summary). */
  priorYear?: PriorYear | null;
}

/** A stage change as the support module defines it; the store gives it an id when it has none. */
export type StoredStageRecord = StageRecord & { id: string };

/** A flag review as the support module defines it, keyed `${pupilId}|${flagId}` (one per flag). */
export type FlagReviewRecord = FlagReview & { id: string };

export interface SettingsRecord {
  id: 'settings';
  value: unknown;
}

export interface SiteMappingRecord {
  siteId: string;
  data: unknown;
  updatedAt: string;
}

export interface ImportBatchRecord {
  id: string;
  label: string;
  siteId: string;
  at: string;
  onlyValid: boolean;
  rows: number;
  /** Sessions the import created, packed per pupil and year as `TimelineRecord.slots` are. */
  added: AddedSlots[];
  /** The values the import replaced, as they were before it. */
  replaced: StoredMark[];
  /** Pupils the import created (removed on undo when no mark is left). */
  pupilsAdded: string[];
  undoneAt: string | null;
  /**
   * Present (true) while an import written in parts is still being written: a batch left so
   * holds exactly the parts that were committed, and `undoImport` removes them as any batch.
   */
  incomplete?: true;
}

/**
 * One pupil's attendance for one earlier academic year as a previous school reported it (the
 * Year 6 to Year 7 case): prior-year evidence, kept apart from marks and never counted in this
 * year's figures. Keyed by the site it was attached to and the MIS id, so a summary imported
 * before the pupil's first register still meets them when that register is read.
 */
export interface PriorSummaryRecord {
  /** `${siteId}|${misId}|${academicYear}`: one summary per pupil and year on a site. */
  id: string;
  siteId: string;
  /** The file's `pupil_id` normalised as `misIdFor` normalises a register's id. */
  misId: string;
  /** The `pupil_id` as the file gave it. */
  fileId: string;
  academicYear: number;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  school: string | null;
  batchId: string;
  importedAt: string;
}

/** One import of prior-school summaries, kept so it can be undone. */
export interface PriorImportRecord {
  id: string;
  label: string;
  siteId: string;
  at: string;
  rows: number;
  /** Ids of the summaries it created. */
  added: string[];
  /** The summaries it replaced, as they were before it. */
  replaced: PriorSummaryRecord[];
  undoneAt: string | null;
}

export const TABLE_NAMES = [
  'sites',
  'pupils',
  'timelines',
  'markHistory',
  'figures',
  'notes',
  'interventions',
  'stageHistory',
  'flagReviews',
  'settings',
  'siteMappings',
  'importBatches',
  'priorSummaries',
  'priorImports',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Version 1: pupils had only an id, a name and a group (the site lived inside the id). */
export const STORES_V1: Record<
  Exclude<TableName, 'timelines' | 'priorSummaries' | 'priorImports'> | 'marks',
  string
> = {
  sites: 'id',
  pupils: 'id, group',
  marks: '[pupilId+date+session], date',
  markHistory: '++id, [pupilId+date+session], date',
  figures: 'pupilId',
  notes: 'id, pupilId',
  interventions: 'id, pupilId',
  stageHistory: 'id, pupilId',
  flagReviews: 'id, pupilId',
  settings: 'id',
  siteMappings: 'siteId',
  importBatches: 'id',
};

/** Version 2: pupils carry `siteId` and `key`, queried together with the group. */
export const STORES_V2: Partial<Record<TableName, string>> = {
  pupils: 'id, [siteId+group]',
};

/** Version 3: pupils carry `misId`, so an import finds the pupils a register was read for. */
export const STORES_V3: Partial<Record<TableName, string>> = {
  pupils: 'id, [siteId+group], [siteId+misId]',
};

/**
 * Version 4: marks packed one record per pupil per academic year (`timelines`), replacing the
 * record per mark. `year` is indexed for retention (whole years) and for views of a date range;
 * `registerAt` for the register observed last.
 */
export const STORES_V4: Partial<Record<TableName | 'marks', string | null>> = {
  marks: null,
  timelines: '[pupilId+year], year, registerAt',
};

/**
 * Version 5: prior schools' summaries and their imports, beside this school's own marks. New
 * tables only, so no data upgrade.
 */
export const STORES_V5: Partial<Record<TableName, string>> = {
  priorSummaries: 'id, [siteId+misId], batchId',
  priorImports: 'id',
};

/**
 * Version 6: a record's `marks` and `raws` joined into one string each (utils/store/packed.ts,
 * `joinColumn`): the same indexes, so only a data upgrade.
 */
export const STORES_V6: Partial<Record<TableName, string>> = {};

export const SCHEMA_VERSION = 6;

/** Collapses runs of white space (MIS pages pad names with tabs and non-breaking spaces). */
export const normaliseName = (name: string): string => name.replace(/\s+/gu, ' ').trim();

/** Sites that hold imported pupils apart from any MIS (`import:csv`, `import:<label>`). */
export const isImportSite = (siteId: string): boolean => siteId.startsWith('import:');

/**
 * Normalises an id as an MIS shows it: trimmed and case-folded, with leading zeros stripped from
 * an all-digit id (exports pad admission numbers that pages show bare, and the other way round).
 * Null when nothing is left.
 */
export function normaliseMisId(id: string): string | null {
  const folded = id.trim().toLowerCase();
  if (folded === '') return null;
  return /^\d+$/u.test(folded) ? folded.replace(/^0+(?=\d)/u, '') : folded;
}

/**
 * The part of a pupil key that is the MIS's own id: after the reader's prefix (`id:`,
 * `gibbon:`) on an MIS site, the whole key on an import site (keys there are the CSV's
 * `pupil_id`). Null for name-based keys (`name:<group>:<name>`), which must never be matched by
 * id. Not normalised: exports show it as the MIS does.
 */
export function misIdPart(siteId: string, key: string): string | null {
  if (isImportSite(siteId)) return key;
  if (key.startsWith('name:')) return null;
  const prefixed = /^[a-z][\w-]*:(.*)$/isu.exec(key);
  return prefixed ? prefixed[1]! : key;
}

/** A pupil's normalised MIS id, as indexed in `[siteId+misId]`. */
export function misIdFor(siteId: string, key: string): string | null {
  const part = misIdPart(siteId, key);
  return part === null ? null : normaliseMisId(part);
}

/**
 * Upgrade 1 → 2: split each pupil id into its site and key, normalise names, and give every
 * pupil a `tags` array. Exported so its test can run it on version-1 data.
 */
export async function upgradeV2SplitPupilIds(tx: Transaction): Promise<void> {
  await tx
    .table('pupils')
    .toCollection()
    .modify((pupil: Record<string, unknown>) => {
      const id = String(pupil.id);
      const bar = id.indexOf('|');
      pupil.siteId = bar >= 0 ? id.slice(0, bar) : 'import:csv';
      pupil.key = bar >= 0 ? id.slice(bar + 1) : id;
      pupil.name = normaliseName(typeof pupil.name === 'string' ? pupil.name : '');
      pupil.group = typeof pupil.group === 'string' && pupil.group !== '' ? pupil.group : null;
      if (!Array.isArray(pupil.tags)) pupil.tags = [];
    });
}

/**
 * Upgrade 2 → 3: give every pupil its normalised MIS id, so pupils stored before the upgrade are
 * found by an import (and a register) under the new index. Exported for its test on
 * version-2 data.
 */
export async function upgradeV3BackfillMisIds(tx: Transaction): Promise<void> {
  await tx
    .table('pupils')
    .toCollection()
    .modify((pupil: Record<string, unknown>) => {
      pupil.misId = misIdFor(String(pupil.siteId), String(pupil.key));
    });
}

/**
 * Upgrade 3 → 4: packs every per-mark record into its pupil's academic-year timeline, provenance
 * included, and packs the keys each import batch added the same way, so an import made before
 * the upgrade still undoes exactly. The change history and the batches' copies of replaced marks
 * keep their shape. Version 3 stored marks in key order, so one pass reads them pupil by pupil.
 * Exported for its test on version-3 data.
 */
export async function upgradeV4PackTimelines(tx: Transaction): Promise<void> {
  const marks = (await tx.table('marks').toArray()) as StoredMark[];
  const timelines = packMarks(marks);
  if (timelines.length) await tx.table('timelines').bulkAdd(timelines);
  await tx
    .table('importBatches')
    .toCollection()
    .modify((batch: Record<string, unknown>) => {
      const added = Array.isArray(batch.added) ? (batch.added as unknown[]) : [];
      // A batch already in the packed shape (a retried upgrade) has objects, not key tuples.
      if (added.every((k) => Array.isArray(k))) batch.added = packKeys(added as MarkKey[]);
    });
}

/**
 * Upgrade 5 → 6: joins each year record's `marks` and `raws` into one string each, so a year is
 * cloned as a handful of values instead of hundreds. Joining is idempotent, so a retried
 * upgrade is harmless. Exported for its test on version-5 data.
 */
export async function upgradeV6JoinColumns(tx: Transaction): Promise<void> {
  await tx
    .table('timelines')
    .toCollection()
    .modify((record: TimelineRecord) => {
      const joined = withJoinedColumns(record);
      record.marks = joined.marks;
      record.raws = joined.raws;
    });
}

export class RegisterLensDB extends Dexie {
  sites!: Table<SiteRecord, string>;
  pupils!: Table<PupilRecord, string>;
  timelines!: Table<TimelineRecord, [string, number]>;
  markHistory!: Table<MarkChange, number>;
  figures!: Table<FiguresRecord, string>;
  notes!: Table<NoteRecord, string>;
  interventions!: Table<InterventionRecord, string>;
  stageHistory!: Table<StoredStageRecord, string>;
  flagReviews!: Table<FlagReviewRecord, string>;
  settings!: Table<SettingsRecord, string>;
  siteMappings!: Table<SiteMappingRecord, string>;
  importBatches!: Table<ImportBatchRecord, string>;
  priorSummaries!: Table<PriorSummaryRecord, string>;
  priorImports!: Table<PriorImportRecord, string>;

  /** `upTo` lets the upgrade tests create a database as an older release would have. */
  constructor(name: string = DB_NAME, upTo: number = SCHEMA_VERSION) {
    super(name);
    this.version(1).stores(STORES_V1);
    if (upTo >= 2) this.version(2).stores(STORES_V2).upgrade(upgradeV2SplitPupilIds);
    if (upTo >= 3) this.version(3).stores(STORES_V3).upgrade(upgradeV3BackfillMisIds);
    if (upTo >= 4) this.version(4).stores(STORES_V4).upgrade(upgradeV4PackTimelines);
    if (upTo >= 5) this.version(5).stores(STORES_V5);
    if (upTo >= 6) this.version(6).stores(STORES_V6).upgrade(upgradeV6JoinColumns);
  }
}

/**
 * Key bounds for string key parts. Every part of our keys is a string, so '' and U+FFFF bound
 * them exactly; Dexie's minKey/maxKey differ between its builds (and fail under fake-indexeddb).
 */
export const LOW = '';
export const HIGH = '\uffff';

/** The bounds of every mark (or change) of one pupil on `[pupilId+date+session]`. */
export const pupilMarkRange = (
  pupilId: string,
  from: string = LOW,
  to: string = HIGH,
): [[string, string, string], [string, string, string]] => [
  [pupilId, from, LOW],
  [pupilId, to, HIGH],
];

let current: RegisterLensDB | null = null;

/** The store of this extension origin, opened on first use. */
export function db(): RegisterLensDB {
  current ??= new RegisterLensDB();
  return current;
}

/** Switches to another database (tests and benchmarks use a fresh name each time). */
export function useDatabase(name: string): RegisterLensDB {
  current?.close();
  current = new RegisterLensDB(name);
  return current;
}
