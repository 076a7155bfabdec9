import { defaultSettings, repairSettings, settingsSchema, type Settings } from '../settings/schema';
import {
  addedCount,
  findSlot,
  openYear,
  packYear,
  sessionCount,
  SLOT_WIDTH,
  slotOf,
  slotsOf,
  yearOf,
} from './packed';
import { countMarks } from './queries';
import { STORE_DUMP_FORMAT, storeDumpSchema, type StoreDump } from './records';
import { db, SCHEMA_VERSION, TABLE_NAMES, type TableName, type TimelineRecord } from './schema';

// Settings: one record, repaired field by field on the way out of the store.

export interface LoadedSettings {
  settings: Settings;
  repaired: string[];
}

/** The stored settings, repaired; a store without settings gives the defaults (nothing repaired). */
export async function loadSettings(): Promise<LoadedSettings> {
  const record = await db().settings.get('settings');
  if (!record) return { settings: defaultSettings(), repaired: [] };
  return repairSettings(record.value);
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const valid = settingsSchema.parse(settings);
  await db().settings.put({ id: 'settings', value: valid });
  return valid;
}

// Retention.

export interface PurgeResult {
  marks: number;
  history: number;
  pupilIds: string[];
  /** Import batches deleted because all they could undo was older than the cutoff. */
  batches: number;
  /** Added keys and replaced-mark copies dropped from the import batches kept. */
  batchEntries: number;
}

/**
 * Deletes marks dated before `cutoff`, their change history and the import batches' copies of
 * them, in one transaction. Marks are kept per academic year, so a cutoff on 1 September (the
 * retention setting's) deletes whole year records; any other cutoff also trims the year it falls
 * in. An undo copy outlived the mark it restores otherwise, which kept pupil data past retention.
 * Notes, interventions and reviews are the school's records of support, kept until wiped.
 */
export async function purgeOlderThan(cutoff: string): Promise<PurgeResult> {
  const store = db();
  const cutYear = yearOf(cutoff);
  return store.transaction(
    'rw',
    [store.timelines, store.markHistory, store.importBatches],
    async () => {
      const pupilIds = new Set<string>();
      let marks = 0;
      const old = store.timelines.where('year').below(cutYear);
      await old.each((record) => {
        pupilIds.add(record.pupilId);
        marks += sessionCount(record);
      });
      await old.delete();
      const firstSlot = slotOf(cutoff, 'AM');
      const trimmed: TimelineRecord[] = [];
      const emptied: Array<[string, number]> = [];
      await store.timelines
        .where('year')
        .equals(cutYear)
        .each((record) => {
          if (record.slots.slice(0, SLOT_WIDTH) >= firstSlot) return;
          const year = openYear(record);
          const keep = findSlot(year, firstSlot).index;
          marks += keep;
          pupilIds.add(record.pupilId);
          year.slots = year.slots.slice(keep);
          year.marks = year.marks.slice(keep);
          year.raws = year.raws.slice(keep);
          year.origin = year.origin.slice(keep);
          const packed = packYear(year);
          if (packed) trimmed.push(packed);
          else emptied.push([record.pupilId, record.year]);
        });
      if (trimmed.length) await store.timelines.bulkPut(trimmed);
      if (emptied.length) await store.timelines.bulkDelete(emptied);
      const history = await store.markHistory.where('date').below(cutoff).delete();
      let batches = 0;
      let batchEntries = 0;
      for (const batch of await store.importBatches.toArray()) {
        const added = batch.added
          .map((a) => ({
            ...a,
            slots: slotsOf(a.slots)
              .filter((slot) => slot >= firstSlot)
              .join(''),
          }))
          .filter((a) => a.slots !== '');
        const replaced = batch.replaced.filter((m) => m.date >= cutoff);
        const dropped =
          addedCount(batch.added) - addedCount(added) + (batch.replaced.length - replaced.length);
        if (dropped === 0) continue;
        if (added.length === 0 && replaced.length === 0) {
          await store.importBatches.delete(batch.id);
          batches++;
        } else {
          await store.importBatches.put({ ...batch, added, replaced });
          batchEntries += dropped;
        }
      }
      return { marks, history, pupilIds: [...pupilIds], batches, batchEntries };
    },
  );
}

/**
 * Wipes everything the extension stored about pupils. Settings and taught site mappings are
 * the school's configuration, not pupil data; `everything` removes them too.
 */
export async function wipeAll(options: { everything?: boolean } = {}): Promise<void> {
  const store = db();
  const keep: readonly TableName[] = options.everything ? [] : ['settings', 'siteMappings'];
  const tables = TABLE_NAMES.filter((t) => !keep.includes(t)).map((t) => store.table(t));
  await store.transaction('rw', tables, async () => {
    await Promise.all(tables.map((t) => t.clear()));
  });
}

export interface StorageUse {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
  marks: number;
  pupils: number;
}

/** How much the store holds and uses, for the options page. */
export async function storageEstimate(): Promise<StorageUse> {
  const store = db();
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const [estimate, persisted, marks, pupils] = await Promise.all([
    storage?.estimate ? storage.estimate().catch(() => null) : null,
    storage?.persisted ? storage.persisted().catch(() => null) : null,
    countMarks(),
    store.pupils.count(),
  ]);
  return {
    usageBytes: estimate?.usage ?? null,
    quotaBytes: estimate?.quota ?? null,
    persisted,
    marks,
    pupils,
  };
}

/**
 * Asks the browser not to evict the store under storage pressure. `persist()` exists only in
 * window contexts (pages), not in the service worker, so both call this and either may succeed.
 */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage || typeof storage.persist !== 'function') return null;
  try {
    if (await storage.persisted?.()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

// Backup: an exact copy of every table, and its restoration.

export async function exportAll(): Promise<StoreDump> {
  const store = db();
  return store.transaction('r', TABLE_NAMES as unknown as string[], async () => {
    const tables = {} as Record<TableName, unknown[]>;
    for (const name of TABLE_NAMES) tables[name] = await store.table(name).toArray();
    return {
      format: STORE_DUMP_FORMAT,
      schemaVersion: SCHEMA_VERSION,
      tables,
    } as StoreDump;
  });
}

/**
 * Replaces the whole store with a dump, all or nothing: a dump that fails validation, or a
 * write that fails, leaves the store as it was.
 */
export async function restoreAll(dump: unknown): Promise<void> {
  const parsed = storeDumpSchema.parse(dump);
  const store = db();
  await store.transaction('rw', TABLE_NAMES as unknown as string[], async () => {
    for (const name of TABLE_NAMES) {
      const table = store.table(name);
      await table.clear();
      const rows = parsed.tables[name];
      if (rows.length) await table.bulkAdd(rows);
    }
  });
}
