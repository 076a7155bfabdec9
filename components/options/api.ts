import { browser } from 'wxt/browser';
import { labelKey, type MarkMappingEntry } from '../../utils/registers/mapping';
import type { Session } from '../../utils/registers/schema';
import type { Settings } from '../../utils/settings/schema';
import {
  forgetOutsideStore,
  siteMappingData,
  siteMappingDataSchema,
} from '../../utils/messaging/background';
import { sendToBackground } from '../../utils/messaging/runtime';
import { forgetPseudonymSecret } from '../transfer/api';
import {
  allPupils,
  allSiteMappings,
  allSites,
  loadSettings,
  pupilMarks,
  putSiteMapping,
  saveSettings,
  storageEstimate,
  wipeAll,
  type LoadedSettings,
  type StorageUse,
} from '../../utils/store';

/**
 * Everything the options page does outside itself, behind one interface so the components are
 * tested with a fake and run against the store and the browser in the extension.
 */
export interface OptionsApi {
  loadSettings(): Promise<LoadedSettings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** Tells the worker (re-registers the content script for the enabled sites). */
  settingsChanged(): Promise<void>;
  /** Must be the first thing a click handler awaits: the browser asks only under a user gesture. */
  requestOrigins(origins: string[]): Promise<boolean>;
  removeOrigins(origins: string[]): Promise<boolean>;
  hasOrigins(origins: string[]): Promise<boolean>;
  storageEstimate(): Promise<StorageUse>;
  /**
   * Pupil data, the pseudonym secret, the figures basis and the register summaries; `everything`
   * also resets settings and taught layouts.
   */
  wipeAll(everything: boolean): Promise<void>;
  /** The labels of the register read last, for the mapping preview. */
  lastRegisterLabels(): Promise<RegisterLabel[]>;
  /** What was taught on each site (teach-mode answers and layouts), sites in address order. */
  siteMappings(): Promise<SiteMappingView[]>;
  /** Forgets some of a site's answers (by label) and layouts (by path), or all of them. */
  removeSiteMappings(siteId: string, what: SiteMappingRemoval): Promise<void>;
}

/** One site's taught answers and layouts, as the options page lists them. */
export interface SiteMappingView {
  /** The site's origin ("https://mis.example.sch.uk"). */
  siteId: string;
  /** The answers given to "what does this mean?", label → code (null: no code). */
  marks: MarkMappingEntry[];
  /** Taught layouts: the path each applies to, its own label if any, and how many marks it reads. */
  layouts: { pathPattern: string; label: string | null; marks: number }[];
}

export type SiteMappingRemoval = 'all' | { marks?: readonly string[]; layouts?: readonly string[] };

export async function readSiteMappings(): Promise<SiteMappingView[]> {
  const records = await allSiteMappings();
  return records
    .map((record): SiteMappingView => {
      // Stored data that does not parse counts as none, as it does for the reader.
      const parsed = siteMappingDataSchema.safeParse(record.data ?? {});
      const data = parsed.success ? parsed.data : { layouts: [], marks: [] };
      return {
        siteId: record.siteId,
        marks: data.marks,
        layouts: data.layouts.map((l) => ({
          pathPattern: l.pathPattern,
          label: l.label ?? null,
          marks: l.marks.length,
        })),
      };
    })
    .filter((v) => v.marks.length > 0 || v.layouts.length > 0)
    .sort((a, b) => a.siteId.localeCompare(b.siteId));
}

/** Writes the site's data back without what the user removed; labels match as the reader's do. */
export async function removeSiteMappings(siteId: string, what: SiteMappingRemoval): Promise<void> {
  const data = await siteMappingData(siteId);
  const next =
    what === 'all'
      ? { layouts: [], marks: [] }
      : {
          marks: data.marks.filter(
            (e) => !what.marks?.some((raw) => labelKey(raw) === labelKey(e.raw)),
          ),
          layouts: data.layouts.filter((l) => !what.layouts?.includes(l.pathPattern)),
        };
  await putSiteMapping(siteId, next, new Date().toISOString());
}

export interface RegisterLabel {
  raw: string;
  session: Session;
  /** The code it was stored as ('?' when it mapped to none). */
  code: string;
  count: number;
}

// Enough pupils to see every label a register uses, few enough to stay instant on a big school.
const SAMPLE_PUPILS = 40;

export async function readLastRegisterLabels(): Promise<RegisterLabel[]> {
  const sites = (await allSites())
    .filter((s) => !s.id.startsWith('import:'))
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  const site = sites[0];
  if (!site) return [];
  const pupils = (await allPupils()).filter((p) => p.siteId === site.id).slice(0, SAMPLE_PUPILS);
  const marks = (await Promise.all(pupils.map((p) => pupilMarks(p.id))))
    .flat()
    .filter((m) => m.source === 'register');
  const latest = marks.reduce((max, m) => (m.date > max ? m.date : max), '');
  const labels = new Map<string, RegisterLabel>();
  for (const m of marks) {
    if (m.date !== latest || !m.raw.trim()) continue;
    const id = `${m.raw}\u0000${m.session}`;
    const seen = labels.get(id);
    if (seen) seen.count++;
    else labels.set(id, { raw: m.raw, session: m.session, code: m.mark, count: 1 });
  }
  return [...labels.values()].sort((a, b) => b.count - a.count || a.raw.localeCompare(b.raw));
}

export const extensionOptionsApi: OptionsApi = {
  loadSettings,
  saveSettings,
  async settingsChanged() {
    await sendToBackground({ type: 'options:settings-changed' });
  },
  requestOrigins: (origins) => browser.permissions.request({ origins }),
  removeOrigins: (origins) => browser.permissions.remove({ origins }),
  hasOrigins: (origins) => browser.permissions.contains({ origins }),
  storageEstimate,
  async wipeAll(everything) {
    // The database first: if it fails, nothing was wiped, which is what the page then says.
    await wipeAll({ everything });
    await Promise.all([forgetPseudonymSecret(), forgetOutsideStore()]);
  },
  lastRegisterLabels: readLastRegisterLabels,
  siteMappings: readSiteMappings,
  removeSiteMappings,
};
