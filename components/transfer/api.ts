import { z } from 'zod';
import { browser } from 'wxt/browser';
import { weeklySeries } from '../../utils/attendance/analyse';
import type { Session } from '../../utils/registers/schema';
import { sendToBackground } from '../../utils/messaging/runtime';
import {
  allFigures,
  allPupils,
  allSites,
  exportAll,
  findImportPupils,
  importRows,
  isImportSite,
  misIdPart,
  pupilMarks,
  restoreAll,
  storeDumpSchema,
  toMarkRecords,
  undoImport,
  observe,
  unfinishedImports,
  countPriorMatches,
  importPriorSummaries,
  undoPriorImport,
  DEFAULT_IMPORT_SITE,
  type ImportResult,
  type IncomingPriorSummary,
  type PriorImportResult,
  type PriorUndoResult,
  type StoreDump,
  type UndoResult,
  type UnfinishedImport,
} from '../../utils/store';
import { fromBase64, toBase64 } from '../../utils/transfer/backup';
import type { PupilExportInput, PupilSeriesInput } from '../../utils/transfer/export';
import type { ImportRowsOptions } from '../../utils/transfer/import-client';
import { webImportLocks, type ImportLocks } from '../../utils/transfer/import-lock';
import { generatePseudonymSecret } from '../../utils/transfer/pseudonym';
import type { CanonicalRow, ExistingLookup } from '../../utils/transfer/shapes';

/**
 * Everything the import, export and backup sections do outside themselves, behind one interface:
 * tests pass a fake, the extension passes `storeTransferApi`.
 */
export interface TransferApi {
  /**
   * Where an import can go: each MIS site the store knows ("Attach to …"), the one read most
   * recently first, then the separate imported set (`DEFAULT_IMPORT_SITE`).
   */
  sites(): Promise<{ id: string; label: string }[]>;
  /** The stored marks an import would meet, as a lookup by the file's pupil id. */
  existingMarks(siteId: string, filePupilIds: readonly string[]): Promise<ExistingLookup>;
  /** How many of the file's distinct pupil ids are pupils already stored on the site. */
  matchedPupils?(siteId: string, filePupilIds: readonly string[]): Promise<number>;
  importRows(rows: readonly CanonicalRow[], options: ImportRowsOptions): Promise<ImportResult>;
  undoImport(batchId: string, at: string): Promise<UndoResult>;
  /**
   * Calls `onChange` with the imports left unfinished (marked incomplete, not undone) now and
   * after every change to the store; returns the stop. Absent: the section lists none.
   */
  watchUnfinishedImports?(onChange: (batches: UnfinishedImport[]) => void): () => void;
  /** Who is writing which import now (Web Locks); null where the browser has none. */
  importLocks?: ImportLocks | null;
  /** How many of a summary file's pupil ids are pupils already stored on the site. */
  priorMatches(siteId: string, filePupilIds: readonly string[]): Promise<number>;
  /** Stores prior-school summaries as one undoable batch (validated rows only). */
  importPriorSummaries(
    rows: readonly IncomingPriorSummary[],
    options: { siteId: string; batchLabel: string; at: string },
  ): Promise<PriorImportResult>;
  undoPriorImport(batchId: string, at: string): Promise<PriorUndoResult>;
  /** Asks the worker to recompute figures (omit ids for everyone). */
  recompute(pupilIds?: readonly string[]): Promise<void>;
  /** Every pupil's cached figures and flags, with name, group and MIS id. */
  figures(): Promise<{ asOf: string | null; pupils: PupilExportInput[] }>;
  /** Every pupil's weekly series (reads every pupil's marks: only when asked for). */
  weeklySeries(): Promise<PupilSeriesInput[]>;
  /** The device's pseudonym secret, made on first use. */
  pseudonymSecret(): Promise<Uint8Array>;
  /** The whole store and the pseudonym secret, for a backup. */
  backupData(): Promise<BackupPayload>;
  /** Replaces everything with a validated backup payload. */
  restoreData(payload: BackupPayload): Promise<void>;
  /** The moment now, as an ISO timestamp (the one clock of these sections). */
  now(): string;
}

export const BACKUP_PAYLOAD_FORMAT = 'register-lens-backup-payload';
export const backupPayloadSchema = z.object({
  format: z.literal(BACKUP_PAYLOAD_FORMAT),
  store: storeDumpSchema,
  /** Base64; restored with the data so pseudonyms stay the same on the new computer. */
  pseudonymSecret: z.string().nullable(),
});
export type BackupPayload = {
  format: typeof BACKUP_PAYLOAD_FORMAT;
  store: StoreDump;
  pseudonymSecret: string | null;
};

const SECRET_KEY = 'pseudonymSecret';

async function readSecret(): Promise<string | null> {
  const stored = (await browser.storage.local.get(SECRET_KEY))[SECRET_KEY];
  return typeof stored === 'string' && stored.length > 0 ? stored : null;
}

/**
 * Forgets the pseudonym secret, for a wipe: pseudonyms made afterwards no longer match earlier
 * exports, so an old export cannot be joined to data kept after the wipe.
 */
export async function forgetPseudonymSecret(): Promise<void> {
  await browser.storage.local.remove(SECRET_KEY);
}

export const storeTransferApi: TransferApi = {
  async sites() {
    const sites = (await allSites())
      .filter((s) => !isImportSite(s.id))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id));
    return [
      ...sites.map((s) => ({ id: s.id, label: `Attach to ${s.id}` })),
      { id: DEFAULT_IMPORT_SITE, label: 'Keep as a separate imported set' },
    ];
  },
  async existingMarks(siteId, filePupilIds) {
    const stored = await findImportPupils(siteId, filePupilIds);
    const map = new Map<string, string>();
    await Promise.all(
      [...stored].map(async ([fileId, pupilId]) => {
        for (const m of await pupilMarks(pupilId)) {
          map.set(`${fileId}\u0000${m.date}\u0000${m.session}`, m.mark);
        }
      }),
    );
    return (pupilId: string, date: string, session: Session) =>
      map.get(`${pupilId}\u0000${date}\u0000${session}`);
  },
  async matchedPupils(siteId, filePupilIds) {
    return (await findImportPupils(siteId, filePupilIds)).size;
  },
  importRows: (rows, options) => importRows(rows, options),
  undoImport: (batchId, at) => undoImport(batchId, { at }),
  watchUnfinishedImports: (onChange) => observe(unfinishedImports, onChange),
  importLocks: webImportLocks(),
  priorMatches: (siteId, filePupilIds) => countPriorMatches(siteId, filePupilIds),
  importPriorSummaries: (rows, options) => importPriorSummaries(rows, options),
  undoPriorImport: (batchId, at) => undoPriorImport(batchId, { at }),
  async recompute(pupilIds) {
    const request = {
      type: 'panel:recompute' as const,
      ...(pupilIds ? { pupilIds: [...pupilIds] } : {}),
    };
    // A worker that is starting (or was stopped during a long import) answers a moment later.
    for (let attempt = 0; ; attempt++) {
      const reply = await sendToBackground(request);
      if (reply.ok) return;
      if (!('retry' in reply && reply.retry) || attempt >= 5) throw new Error(reply.error);
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  },
  async figures() {
    const [figures, pupils] = await Promise.all([allFigures(), allPupils()]);
    const byId = new Map(pupils.map((p) => [p.id, p]));
    let asOf: string | null = null;
    const out: PupilExportInput[] = [];
    for (const record of figures) {
      const pupil = byId.get(record.pupilId);
      if (!asOf || record.asOf > asOf) asOf = record.asOf;
      out.push({
        pupilId: record.pupilId,
        misId: (pupil && misIdPart(pupil.siteId, pupil.key)) ?? pupil?.key ?? record.pupilId,
        ...(pupil?.name ? { name: pupil.name } : {}),
        ...(pupil?.group ? { group: pupil.group } : {}),
        figures: record.figures,
        flags: record.flags,
      });
    }
    return { asOf, pupils: out };
  },
  async weeklySeries() {
    const pupils = await allPupils();
    return Promise.all(
      pupils.map(async (p): Promise<PupilSeriesInput> => ({
        pupilId: p.id,
        misId: misIdPart(p.siteId, p.key) ?? p.key,
        ...(p.name ? { name: p.name } : {}),
        ...(p.group ? { group: p.group } : {}),
        weeks: weeklySeries(toMarkRecords(await pupilMarks(p.id))),
      })),
    );
  },
  async pseudonymSecret() {
    const stored = await readSecret();
    if (stored) return fromBase64(stored);
    const secret = generatePseudonymSecret();
    await browser.storage.local.set({ [SECRET_KEY]: toBase64(secret) });
    return secret;
  },
  async backupData() {
    return {
      format: BACKUP_PAYLOAD_FORMAT,
      store: await exportAll(),
      pseudonymSecret: await readSecret(),
    };
  },
  async restoreData(payload) {
    await restoreAll(payload.store);
    if (payload.pseudonymSecret) {
      await browser.storage.local.set({ [SECRET_KEY]: payload.pseudonymSecret });
    }
  },
  now: () => new Date().toISOString(),
};
