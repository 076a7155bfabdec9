import type { Reading, Session } from '../registers/schema';
import type { CanonicalRow } from '../transfer/marks-csv';
import {
  db,
  normaliseName,
  pupilMarkRange,
  type ImportBatchRecord,
  type MarkChange,
  type MarkKey,
  type MarkSource,
  type PupilRecord,
  type RegisterLensDB,
  type StoredMark,
} from './schema';
import { importedCode, selectStorableMarks, storedCode } from './storable';

/** One mark on its way into the store, already mapped to a code. */
export interface IncomingMark {
  pupilId: string;
  date: string;
  session: Session;
  mark: string;
  raw: string;
}

/** What a pupil looked like in the reading or file (empty name / null group: keep what we have). */
export interface IncomingPupil {
  id: string;
  siteId: string;
  key: string;
  name: string;
  group: string | null;
}

export interface WriteCounts {
  added: number;
  corrected: number;
  unchanged: number;
}

interface WriteOptions {
  source: MarkSource;
  at: string;
  url: string | null;
  batchId: string | null;
}

interface WriteOutcome extends WriteCounts {
  addedKeys: MarkKey[];
  replaced: StoredMark[];
  pupilsAdded: string[];
}

export const pupilIdFor = (siteId: string, key: string): string => `${siteId}|${key}`;

/** The site of a page: its origin (the port is part of it: two demo servers are two sites). */
export const siteIdForUrl = (url: string): string => new URL(url).origin;

const keyString = (pupilId: string, date: string, session: string) =>
  `${pupilId}\u0000${date}\u0000${session}`;

/**
 * Reads the stored marks of these pupils between the first and last date written: one range
 * read per pupil is far cheaper than one get per mark when a year is written at once.
 */
async function existingMarks(
  store: RegisterLensDB,
  byPupil: Map<string, IncomingMark[]>,
): Promise<Map<string, StoredMark>> {
  const found = new Map<string, StoredMark>();
  await Promise.all(
    [...byPupil].map(async ([pupilId, marks]) => {
      let from = marks[0]!.date;
      let to = from;
      for (const m of marks) {
        if (m.date < from) from = m.date;
        if (m.date > to) to = m.date;
      }
      const rows = await store.marks
        .where('[pupilId+date+session]')
        .between(...pupilMarkRange(pupilId, from, to), true, true)
        .toArray();
      for (const row of rows) found.set(keyString(row.pupilId, row.date, row.session), row);
    }),
  );
  return found;
}

/**
 * Upserts pupils, writing only those that change, so a re-read writes nothing. Tags are staff's
 * and never come from a page or file.
 */
async function upsertPupils(store: RegisterLensDB, pupils: IncomingPupil[]): Promise<string[]> {
  const unique = new Map<string, IncomingPupil>();
  for (const p of pupils) {
    const seen = unique.get(p.id);
    unique.set(p.id, {
      ...p,
      name: normaliseName(p.name) || seen?.name || '',
      group: p.group ?? seen?.group ?? null,
    });
  }
  const ids = [...unique.keys()];
  const stored = await store.pupils.bulkGet(ids);
  const writes: PupilRecord[] = [];
  const added: string[] = [];
  ids.forEach((id, i) => {
    const next = unique.get(id)!;
    const before = stored[i];
    if (!before) {
      added.push(id);
      writes.push({ ...next, tags: [] });
      return;
    }
    const name = next.name || before.name;
    const group = next.group ?? before.group;
    if (name !== before.name || group !== before.group) writes.push({ ...before, name, group });
  });
  if (writes.length) await store.pupils.bulkPut(writes);
  return added;
}

/**
 * The one write path for marks. Inside the caller's transaction: new keys are added, a changed
 * code replaces the stored one and the earlier value goes to `markHistory`, an unchanged re-read
 * writes nothing. A blank ("no mark yet") never replaces a recorded code: it carries no news.
 */
async function writeMarks(
  store: RegisterLensDB,
  incoming: IncomingMark[],
  pupils: IncomingPupil[],
  options: WriteOptions,
): Promise<WriteOutcome> {
  // A later mark for the same key in one write replaces an earlier one.
  const latest = new Map<string, IncomingMark>();
  for (const m of incoming) latest.set(keyString(m.pupilId, m.date, m.session), m);
  const byPupil = new Map<string, IncomingMark[]>();
  for (const m of latest.values()) {
    const list = byPupil.get(m.pupilId);
    if (list) list.push(m);
    else byPupil.set(m.pupilId, [m]);
  }
  const existing = byPupil.size ? await existingMarks(store, byPupil) : new Map();

  const puts: StoredMark[] = [];
  const history: MarkChange[] = [];
  const addedKeys: MarkKey[] = [];
  const replaced: StoredMark[] = [];
  let unchanged = 0;
  for (const [key, m] of latest) {
    const before = existing.get(key);
    if (before && (before.mark === m.mark || m.mark === '')) {
      unchanged++;
      continue;
    }
    puts.push({
      pupilId: m.pupilId,
      date: m.date,
      session: m.session,
      mark: m.mark,
      raw: m.raw,
      source: options.source,
      observedAt: options.at,
      url: options.url,
      batchId: options.batchId,
    });
    if (before) {
      replaced.push(before);
      history.push({
        pupilId: m.pupilId,
        date: m.date,
        session: m.session,
        from: before.mark,
        to: m.mark,
        fromRaw: before.raw,
        toRaw: m.raw,
        at: options.at,
        source: options.source,
        url: options.url,
        batchId: options.batchId,
      });
    } else {
      addedKeys.push([m.pupilId, m.date, m.session]);
    }
  }
  if (puts.length) await store.marks.bulkPut(puts);
  if (history.length) await store.markHistory.bulkAdd(history);
  const pupilsAdded = await upsertPupils(store, pupils);
  return {
    added: addedKeys.length,
    corrected: history.length,
    unchanged,
    addedKeys,
    replaced,
    pupilsAdded,
  };
}

async function touchSite(
  store: RegisterLensDB,
  siteId: string,
  adapter: string | null,
  at: string,
): Promise<void> {
  const site = await store.sites.get(siteId);
  if (!site) await store.sites.put({ id: siteId, adapter, firstSeen: at, lastSeen: at });
  else if (site.lastSeen.slice(0, 10) !== at.slice(0, 10) || site.adapter !== adapter) {
    await store.sites.put({ ...site, adapter: adapter ?? site.adapter, lastSeen: at });
  }
}

export interface ApplyReadingResult extends WriteCounts {
  siteId: string;
  /** Reading key → pupil id, for every pupil in the reading (in page order). */
  pupilIds: Array<{ key: string; pupilId: string }>;
}

/**
 * Stores a reading under the storing rule, all or nothing. Idempotent: the same reading twice
 * stores it once and the second time writes nothing at all.
 */
export async function applyReading(input: {
  reading: Reading;
  url: string;
  saved: boolean;
  /** When it was observed (ISO timestamp); the store has no clock of its own. */
  at: string;
}): Promise<ApplyReadingResult> {
  const { reading, url, saved, at } = input;
  const siteId = siteIdForUrl(url);
  const pupils: IncomingPupil[] = reading.pupils.map((p) => ({
    id: pupilIdFor(siteId, p.key),
    siteId,
    key: p.key,
    name: p.name,
    group: reading.group,
  }));
  const marks: IncomingMark[] = selectStorableMarks(reading, { saved }).map(({ pupil, mark }) => ({
    pupilId: pupilIdFor(siteId, pupil.key),
    date: mark.date,
    session: mark.session,
    mark: storedCode(mark.code, mark.raw),
    raw: mark.raw,
  }));
  const store = db();
  const outcome = await store.transaction(
    'rw',
    [store.marks, store.markHistory, store.pupils, store.sites],
    async () => {
      const result = await writeMarks(store, marks, pupils, {
        source: 'register',
        at,
        url,
        batchId: null,
      });
      await touchSite(store, siteId, reading.adapter, at);
      return result;
    },
  );
  return {
    siteId,
    added: outcome.added,
    corrected: outcome.corrected,
    unchanged: outcome.unchanged,
    pupilIds: pupils.map((p) => ({ key: p.key, pupilId: p.id })),
  };
}

export type { CanonicalRow };

export interface ImportResult extends WriteCounts {
  batchId: string;
  pupilIds: string[];
}

export const DEFAULT_IMPORT_SITE = 'import:csv';

/**
 * Imports canonical rows as one batch, all or nothing, and records what it added and replaced
 * so `undoImport` can put things back. `onlyValid` records that the user chose to import the
 * valid rows of a file with errors (the caller passes only those rows).
 */
export async function importRows(
  rows: readonly CanonicalRow[],
  options: {
    batchLabel: string;
    siteId?: string;
    onlyValid?: boolean;
    at: string;
    batchId?: string;
  },
): Promise<ImportResult> {
  const siteId = options.siteId ?? DEFAULT_IMPORT_SITE;
  const batchId = options.batchId ?? crypto.randomUUID();
  // Name and group: the pupil's first non-empty values, as `analyse` reports them.
  const pupils = new Map<string, IncomingPupil>();
  const marks: IncomingMark[] = [];
  for (const row of rows) {
    const pupilId = pupilIdFor(siteId, row.pupilId);
    const pupil = pupils.get(pupilId);
    if (!pupil) {
      pupils.set(pupilId, {
        id: pupilId,
        siteId,
        key: row.pupilId,
        name: row.name ?? '',
        group: row.group || null,
      });
    } else {
      pupil.name ||= row.name ?? '';
      pupil.group ??= row.group || null;
    }
    marks.push({
      pupilId,
      date: row.date,
      session: row.session,
      mark: importedCode(row.mark),
      raw: row.mark,
    });
  }
  const store = db();
  const outcome = await store.transaction(
    'rw',
    [store.marks, store.markHistory, store.pupils, store.sites, store.importBatches],
    async () => {
      const result = await writeMarks(store, marks, [...pupils.values()], {
        source: 'import',
        at: options.at,
        url: null,
        batchId,
      });
      await touchSite(store, siteId, null, options.at);
      const batch: ImportBatchRecord = {
        id: batchId,
        label: options.batchLabel,
        siteId,
        at: options.at,
        onlyValid: options.onlyValid ?? false,
        rows: rows.length,
        added: result.addedKeys,
        replaced: result.replaced,
        pupilsAdded: result.pupilsAdded,
        undoneAt: null,
      };
      await store.importBatches.add(batch);
      return result;
    },
  );
  return {
    batchId,
    added: outcome.added,
    corrected: outcome.corrected,
    unchanged: outcome.unchanged,
    pupilIds: [...pupils.keys()],
  };
}

export interface UndoResult {
  removed: number;
  restored: number;
  /** Marks a later reading or import has since replaced: left as they are. */
  keptNewer: number;
  pupilIds: string[];
}

/**
 * Undoes an import, all or nothing: removes the marks it added and restores the values it
 * replaced, except where something later has written the same session since (that is newer
 * information). Restorations are recorded in the history like any correction.
 */
export async function undoImport(batchId: string, options: { at: string }): Promise<UndoResult> {
  const store = db();
  return store.transaction(
    'rw',
    [store.marks, store.markHistory, store.pupils, store.importBatches, store.figures],
    async () => {
      const batch = await store.importBatches.get(batchId);
      if (!batch) throw new Error(`No import batch ${batchId}.`);
      if (batch.undoneAt) return { removed: 0, restored: 0, keptNewer: 0, pupilIds: [] };
      const touched = new Set<string>();
      const addedNow = await store.marks.bulkGet(batch.added);
      const toDelete: MarkKey[] = [];
      let keptNewer = 0;
      addedNow.forEach((mark, i) => {
        if (mark?.batchId === batchId) toDelete.push(batch.added[i]!);
        else if (mark) keptNewer++;
      });
      const replacedNow = await store.marks.bulkGet(
        batch.replaced.map((m): MarkKey => [m.pupilId, m.date, m.session]),
      );
      const restore: StoredMark[] = [];
      const history: MarkChange[] = [];
      replacedNow.forEach((now, i) => {
        const before = batch.replaced[i]!;
        if (now?.batchId !== batchId) {
          keptNewer++;
          return;
        }
        restore.push(before);
        history.push({
          pupilId: before.pupilId,
          date: before.date,
          session: before.session,
          from: now.mark,
          to: before.mark,
          fromRaw: now.raw,
          toRaw: before.raw,
          at: options.at,
          source: 'undo',
          url: null,
          batchId,
        });
      });
      await store.marks.bulkDelete(toDelete);
      await store.marks.bulkPut(restore);
      await store.markHistory.bulkAdd(history);
      for (const [pupilId] of toDelete) touched.add(pupilId);
      for (const m of restore) touched.add(m.pupilId);
      // A pupil the import brought in and who has no mark left goes with it.
      for (const pupilId of batch.pupilsAdded) {
        const left = await store.marks
          .where('[pupilId+date+session]')
          .between(...pupilMarkRange(pupilId), true, true)
          .count();
        if (left === 0) {
          await store.pupils.delete(pupilId);
          await store.figures.delete(pupilId);
        }
      }
      await store.importBatches.put({ ...batch, undoneAt: options.at });
      return {
        removed: toDelete.length,
        restored: restore.length,
        keptNewer,
        pupilIds: [...touched],
      };
    },
  );
}
