import type { PriorSummary } from '../attendance/prior';
import {
  db,
  normaliseMisId,
  type PriorImportRecord,
  type PriorSummaryRecord,
  type PupilRecord,
} from './schema';

/**
 * Prior schools' summaries: last year's evidence for pupils who joined from another school. They
 * live in their own table, apart from marks, so no figure of this year can ever count them; the
 * engine reads them only as the previous year (utils/attendance/prior.ts).
 */

/** One summary row as the importer hands it over (the parser's row, without its line). */
export interface IncomingPriorSummary extends PriorSummary {
  /** The file's `pupil_id`. */
  pupilId: string;
}

export interface PriorImportResult {
  batchId: string;
  added: number;
  replaced: number;
  /** Rows whose pupil id normalises to nothing (never stored). */
  skipped: number;
  /** Stored pupils the summaries belong to, whose figures need recomputing. */
  pupilIds: string[];
}

export interface PriorUndoResult {
  removed: number;
  restored: number;
  /** Summaries a later import has replaced since: left as they are. */
  keptNewer: number;
  pupilIds: string[];
}

export const priorSummaryId = (siteId: string, misId: string, academicYear: number): string =>
  `${siteId}|${misId}|${academicYear}`;

/** Stored pupils of a site with these MIS ids (normalised), by that id. */
async function pupilsByMisId(
  siteId: string,
  misIds: readonly string[],
): Promise<Map<string, string[]>> {
  const unique = [...new Set(misIds)];
  const found = await db()
    .pupils.where('[siteId+misId]')
    .anyOf(unique.map((m) => [siteId, m]))
    .toArray();
  const out = new Map<string, string[]>();
  for (const p of found) if (p.misId) out.set(p.misId, [...(out.get(p.misId) ?? []), p.id]);
  return out;
}

/** How many of a file's pupil ids are pupils already stored on the site. */
export async function countPriorMatches(
  siteId: string,
  filePupilIds: readonly string[],
): Promise<number> {
  const misIds = filePupilIds.map(normaliseMisId).filter((m): m is string => m !== null);
  return (await pupilsByMisId(siteId, misIds)).size;
}

/**
 * Stores summaries as one batch, all or nothing: a summary for the same pupil and year on the
 * site is replaced (its earlier value kept in the batch, for undo). The caller has validated
 * every row (a file with errors never reaches here).
 */
export async function importPriorSummaries(
  rows: readonly IncomingPriorSummary[],
  options: { siteId: string; batchLabel: string; at: string; batchId?: string },
): Promise<PriorImportResult> {
  const { siteId, at } = options;
  const batchId = options.batchId ?? crypto.randomUUID();
  const store = db();
  return store.transaction(
    'rw',
    [store.priorSummaries, store.priorImports, store.pupils],
    async () => {
      const records = new Map<string, PriorSummaryRecord>();
      let skipped = 0;
      for (const row of rows) {
        const misId = normaliseMisId(row.pupilId);
        if (misId === null) {
          skipped++;
          continue;
        }
        const id = priorSummaryId(siteId, misId, row.academicYear);
        records.set(id, {
          id,
          siteId,
          misId,
          fileId: row.pupilId.trim(),
          academicYear: row.academicYear,
          possible: row.possible,
          present: row.present,
          authorised: row.authorised,
          unauthorised: row.unauthorised,
          school: row.school?.trim() || null,
          batchId,
          importedAt: at,
        });
      }
      const ids = [...records.keys()];
      const before = await store.priorSummaries.bulkGet(ids);
      const replaced = before.filter((r): r is PriorSummaryRecord => r !== undefined);
      const added = ids.filter((_, i) => before[i] === undefined);
      await store.priorSummaries.bulkPut([...records.values()]);
      const batch: PriorImportRecord = {
        id: batchId,
        label: options.batchLabel,
        siteId,
        at,
        rows: rows.length,
        added,
        replaced,
        undoneAt: null,
      };
      await store.priorImports.add(batch);
      const matched = await pupilsByMisId(
        siteId,
        [...records.values()].map((r) => r.misId),
      );
      return {
        batchId,
        added: added.length,
        replaced: replaced.length,
        skipped,
        pupilIds: [...matched.values()].flat(),
      };
    },
  );
}

/**
 * Undoes an import of summaries, all or nothing: removes what it added and puts back what it
 * replaced, except where a later import has written the same pupil and year since.
 */
export async function undoPriorImport(
  batchId: string,
  options: { at: string },
): Promise<PriorUndoResult> {
  const store = db();
  return store.transaction(
    'rw',
    [store.priorSummaries, store.priorImports, store.pupils],
    async () => {
      const batch = await store.priorImports.get(batchId);
      if (!batch) throw new Error(`No import of prior-school summaries ${batchId}.`);
      if (batch.undoneAt) return { removed: 0, restored: 0, keptNewer: 0, pupilIds: [] };
      let keptNewer = 0;
      const addedNow = await store.priorSummaries.bulkGet(batch.added);
      const remove = batch.added.filter((_, i) => {
        const now = addedNow[i];
        if (now && now.batchId !== batchId) keptNewer++;
        return now?.batchId === batchId;
      });
      const replacedNow = await store.priorSummaries.bulkGet(batch.replaced.map((r) => r.id));
      const restore = batch.replaced.filter((_, i) => {
        const mine = replacedNow[i]?.batchId === batchId;
        if (!mine) keptNewer++;
        return mine;
      });
      await store.priorSummaries.bulkDelete(remove);
      await store.priorSummaries.bulkPut(restore);
      await store.priorImports.put({ ...batch, undoneAt: options.at });
      const misIds = [
        ...remove.map((id) => id.slice(batch.siteId.length + 1, id.lastIndexOf('|'))),
        ...restore.map((r) => r.misId),
      ];
      const matched = await pupilsByMisId(batch.siteId, misIds);
      return {
        removed: remove.length,
        restored: restore.length,
        keptNewer,
        pupilIds: [...matched.values()].flat(),
      };
    },
  );
}

/** A stored pupil's prior-school summaries (any years), oldest year first. */
export async function pupilPriorSummaries(
  pupil: Pick<PupilRecord, 'siteId' | 'misId'>,
): Promise<PriorSummaryRecord[]> {
  if (!pupil.misId) return [];
  const rows = await db()
    .priorSummaries.where('[siteId+misId]')
    .equals([pupil.siteId, pupil.misId])
    .toArray();
  return rows.sort((a, b) => a.academicYear - b.academicYear);
}

export const priorImports = (): Promise<PriorImportRecord[]> =>
  db().priorImports.orderBy('id').toArray();

/**
 * Retention: drops summaries of academic years that ended before `cutoff` (31 August after the
 * year), and their copies in import batches; a batch left with nothing to undo goes too.
 */
export async function purgePriorOlderThan(cutoff: string): Promise<number> {
  const store = db();
  const old = (r: Pick<PriorSummaryRecord, 'academicYear'>) =>
    `${r.academicYear + 1}-08-31` < cutoff;
  return store.transaction('rw', [store.priorSummaries, store.priorImports], async () => {
    const gone = await store.priorSummaries.filter(old).primaryKeys();
    await store.priorSummaries.bulkDelete(gone);
    const goneIds = new Set(gone);
    for (const batch of await store.priorImports.toArray()) {
      const added = batch.added.filter((id) => !goneIds.has(id) && !oldId(id, cutoff));
      const replaced = batch.replaced.filter((r) => !old(r));
      if (added.length === batch.added.length && replaced.length === batch.replaced.length) {
        continue;
      }
      if (added.length === 0 && replaced.length === 0) await store.priorImports.delete(batch.id);
      else await store.priorImports.put({ ...batch, added, replaced });
    }
    return gone.length;
  });
}

/** Whether a summary id (`site|misId|year`) names a year that ended before `cutoff`. */
const oldId = (id: string, cutoff: string): boolean =>
  `${Number(id.slice(id.lastIndexOf('|') + 1)) + 1}-08-31` < cutoff;
