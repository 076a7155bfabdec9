import { browser } from 'wxt/browser';
import { z } from 'zod';
import { academicYearStart, yearLeft } from '../attendance/calendar';
import { ALL_CODES } from '../attendance/codes';
import { DEMO_HOST_PATTERN } from '../demo-origin';
import {
  markMappingEntrySchema,
  type MarkMapping,
  type MarkMappingEntry,
} from '../registers/mapping';
import { labelsToAsk, withAnswers } from '../registers/meaning';
import { layoutApplies } from '../registers/teach';
import { taughtLayoutSchema, type TaughtLayout } from '../registers/teach-schema';
import { calendarFor, retentionCutoff, type Settings } from '../settings/schema';
import { matchesAny } from '../settings/sites';
import {
  applyReading,
  getSiteMapping,
  loadSettings,
  putSiteMapping,
  saveSettings,
  siteIdForUrl,
  purgeOlderThan,
  purgePriorOlderThan,
  recomputeAll,
  recomputeFigures,
  requestPersistence,
  reviewHides,
  reviewId,
  db,
  type AnalysePupil,
  type FiguresRecord,
  type RecomputeOptions,
} from '../store';
import { registerSummarySchema, type PupilBadge, type RegisterSummary } from './protocol';
import {
  broadcast,
  extensionPolicy,
  onMessage,
  startTeachInTab,
  type Handlers,
  type Sender,
} from './runtime';

/**
 * The service worker's logic. Nothing lives only in worker memory: every handler starts from the
 * store and settings, so the worker may be stopped between any two lines and a retried message
 * (or the next alarm) finishes the job.
 */

export const REGISTER_SCRIPT_ID = 'register';
/** The register content script (an unlisted script: entrypoints/register.ts). */
export const REGISTER_SCRIPT_FILE = 'register.js';
/** Teach mode and the "what does this mean?" list, injected only when the user opens them. */
export const TEACH_SCRIPT_FILE = '/register-teach.js';
/** The overlay (badges, bar, mapping notice), injected once the reader has read the page. */
export const OVERLAY_SCRIPT_FILE = '/register-overlay.js';
export const MAINTENANCE_ALARM = 'daily-maintenance';

/** The local calendar date of `now` (the school's day, not UTC's). */
export function localIsoDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface BackgroundDeps {
  analyse: AnalysePupil;
  /** The clock (the demo build moves it to the demo school's day; see utils/demo-clock). */
  now?: () => Date | Promise<Date>;
}

/** "Now" as the worker sees it: every handler asks here, never `new Date()` itself. */
export async function nowOf(deps: BackgroundDeps): Promise<Date> {
  return deps.now ? await deps.now() : new Date();
}

/** Whether this build may read the demo school (only the demo build's manifest asks for it). */
export function demoEnabled(): boolean {
  return (browser.runtime.getManifest().host_permissions ?? []).includes(DEMO_HOST_PATTERN);
}

/** The addresses a content script may report from: enabled sites, and the demo in its build. */
export async function allowedPatterns(settings?: Settings): Promise<string[]> {
  const sites = (settings ?? (await loadSettings()).settings).sites;
  return demoEnabled() ? [...sites, DEMO_HOST_PATTERN] : [...sites];
}

async function recomputeOptions(
  deps: BackgroundDeps,
  settings: Settings,
): Promise<RecomputeOptions> {
  const now = await nowOf(deps);
  const asOf = localIsoDate(now);
  return {
    analyse: deps.analyse,
    asOf,
    from: `${academicYearStart(asOf)}-09-01`,
    at: now.toISOString(),
    thresholds: settings.thresholds,
    calendar: calendarFor(settings, asOf),
  };
}

/** The settings' label → code record as the reader's mapping ('' or a non-code maps to none). */
export function markMappingOf(settings: Pick<Settings, 'markMappings'>): MarkMapping {
  return {
    entries: Object.entries(settings.markMappings).map(([raw, code]) => ({
      raw,
      code: ALL_CODES.includes(code) ? code : null,
    })),
  };
}

/**
 * What the store keeps per site in `siteMappings`: the layouts taught there, one per path, and
 * the site's own mark labels (a school's letters mean what that MIS says, not what another
 * site's do, so they are not school-wide settings).
 */
export const siteMappingDataSchema = z.object({
  layouts: z.array(taughtLayoutSchema).default([]),
  marks: z.array(markMappingEntrySchema).default([]),
});
export type SiteMappingData = z.infer<typeof siteMappingDataSchema>;

/** A site's stored mapping data; stored data that does not parse counts as none. */
export async function siteMappingData(siteId: string): Promise<SiteMappingData> {
  const record = await getSiteMapping(siteId);
  const parsed = siteMappingDataSchema.safeParse(record?.data ?? {});
  return parsed.success ? parsed.data : { layouts: [], marks: [] };
}

/** The taught layouts of a site. */
export async function siteLayouts(siteId: string): Promise<TaughtLayout[]> {
  return (await siteMappingData(siteId)).layouts;
}

/** The mapping the reader takes on a site: the site's own labels first, then the school's. */
export function readerMapping(
  site: readonly MarkMappingEntry[],
  settings: Pick<Settings, 'markMappings'>,
): MarkMapping {
  return withAnswers(markMappingOf(settings), site);
}

/** Keeps answers in the site's mark mapping (an answer replaces the entry for its label). */
export async function saveSiteMarks(
  deps: BackgroundDeps,
  siteId: string,
  entries: readonly MarkMappingEntry[],
): Promise<MarkMapping> {
  const [data, { settings }] = await Promise.all([siteMappingData(siteId), loadSettings()]);
  const marks = withAnswers({ entries: data.marks }, entries).entries;
  await putSiteMapping(siteId, { ...data, marks }, (await nowOf(deps)).toISOString());
  return readerMapping(marks, settings);
}

/**
 * What figures depend on among the settings. A change elsewhere (the privacy screen, the badge
 * toggle, sites, retention) must not recompute a whole school.
 */
export function figuresBasis(settings: Settings): string {
  return JSON.stringify([settings.thresholds, settings.calendar, settings.markMappings]);
}
const FIGURES_BASIS_KEY = 'figuresBasis';

// The register last read in each tab, and the latest anywhere. Session storage: it outlives the
// worker being stopped, is cleared with the browser, and content scripts cannot read it.
const TAB_PREFIX = 'register:tab:';
const tabKey = (tabId: number) => `${TAB_PREFIX}${tabId}`;
const LATEST_KEY = 'register:latest';

export async function rememberRegister(summary: RegisterSummary): Promise<void> {
  const items: Record<string, RegisterSummary> = { [LATEST_KEY]: summary };
  if (summary.tabId !== null) items[tabKey(summary.tabId)] = summary;
  await browser.storage.session.set(items);
}

/**
 * Forgets what the worker keeps outside the database, for a wipe: the register summaries name
 * the pupils read, and a missing figures basis only makes the next settings change recompute.
 */
export async function forgetOutsideStore(): Promise<void> {
  const session = await browser.storage.session.get(null);
  const summaries = Object.keys(session).filter(
    (key) => key === LATEST_KEY || key.startsWith(TAB_PREFIX),
  );
  await Promise.all([
    browser.storage.session.remove(summaries),
    browser.storage.local.remove(FIGURES_BASIS_KEY),
  ]);
}

export async function recalledRegister(
  tabId: number | undefined,
): Promise<{ register: RegisterSummary | null; source: 'active-tab' | 'latest' | null }> {
  const keys = tabId === undefined ? [LATEST_KEY] : [tabKey(tabId), LATEST_KEY];
  const stored = await browser.storage.session.get(keys);
  const parse = (key: string) => {
    const parsed = registerSummarySchema.safeParse(stored[key]);
    return parsed.success ? parsed.data : null;
  };
  const inTab = tabId === undefined ? null : parse(tabKey(tabId));
  if (inTab) return { register: inTab, source: 'active-tab' };
  const latest = parse(LATEST_KEY);
  return latest ? { register: latest, source: 'latest' } : { register: null, source: null };
}

/** Badges for the pupils of a reading, with today's reviews applied. */
async function badges(
  pupilIds: Array<{ key: string; pupilId: string }>,
  records: FiguresRecord[],
  today: string,
): Promise<PupilBadge[]> {
  const byId = new Map(records.map((r) => [r.pupilId, r]));
  const reviews = await db()
    .flagReviews.where('pupilId')
    .anyOf(pupilIds.map((p) => p.pupilId))
    .toArray();
  const reviewById = new Map(reviews.map((r) => [r.id, r]));
  return pupilIds.map(({ key, pupilId }) => {
    const record = byId.get(pupilId);
    return {
      key,
      pupilId,
      figures: record && record.figures.possible > 0 ? record.figures : null,
      flags: (record?.flags ?? []).filter(
        (f) => !reviewHides(reviewById.get(reviewId(pupilId, f.id)), today),
      ),
    };
  });
}

/**
 * Keeps the register content script registered for exactly the enabled sites this browser has
 * granted, plus the demo school in the demo build.
 */
export async function syncContentScripts(settings?: Settings): Promise<string[]> {
  const wanted = await allowedPatterns(settings);
  const granted: string[] = [];
  for (const pattern of wanted) {
    const has =
      pattern === DEMO_HOST_PATTERN ||
      (await browser.permissions.contains({ origins: [pattern] }).catch(() => false));
    if (has) granted.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({
    ids: [REGISTER_SCRIPT_ID],
  });
  if (granted.length === 0) {
    if (existing.length)
      await browser.scripting.unregisterContentScripts({ ids: [REGISTER_SCRIPT_ID] });
    return granted;
  }
  const script = {
    id: REGISTER_SCRIPT_ID,
    js: [REGISTER_SCRIPT_FILE],
    matches: granted,
    runAt: 'document_idle' as const,
    allFrames: false,
    persistAcrossSessions: true,
  };
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return granted;
}

export async function runMaintenance(
  deps: BackgroundDeps,
): Promise<{ cutoff: string; marks: number }> {
  const { settings } = await loadSettings();
  const options = await recomputeOptions(deps, settings);
  const cutoff = retentionCutoff(settings.retention, options.asOf);
  const purged = await purgeOlderThan(cutoff);
  await purgePriorOlderThan(cutoff);
  // The day moved on for everyone, so every pupil's figures are recomputed, not just the purged.
  await recomputeAll(options);
  await broadcast({ type: 'background:data-changed', reason: 'retention', pupilIds: [] });
  return { cutoff, marks: purged.marks };
}

/** Recomputes every pupil's figures as of today and tells open pages. */
export async function recomputeEverything(
  deps: BackgroundDeps,
  reason: 'recompute' | 'settings',
): Promise<number> {
  const { settings } = await loadSettings();
  const count = await recomputeAll(await recomputeOptions(deps, settings));
  await broadcast({ type: 'background:data-changed', reason, pupilIds: [] });
  return count;
}

/**
 * Runs one of the register page's injected scripts (teach mode, the overlay) in the sender's
 * frame. The sender is a content script on an enabled site (runtime.ts refuses anything else), so
 * its tab is one the extension may already script: no permission beyond `scripting`, and nothing
 * web-accessible.
 */
async function injectInto(
  sender: Sender,
  file: typeof TEACH_SCRIPT_FILE | typeof OVERLAY_SCRIPT_FILE,
  what: string,
): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new Error(`${what} needs the register page’s tab.`);
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [sender.frameId ?? 0] },
    files: [file],
  });
}

export function createHandlers(deps: BackgroundDeps): Handlers {
  return {
    async 'content:hello'(request) {
      const [{ settings }, { layouts, marks }] = await Promise.all([
        loadSettings(),
        siteMappingData(siteIdForUrl(request.url)),
      ]);
      return {
        ok: true,
        enabled: true,
        overlayEnabled: settings.overlayEnabled,
        privacyScreen: settings.privacyScreen,
        thresholds: settings.thresholds,
        markMappings: readerMapping(marks, settings),
        layout: layouts.find((l) => layoutApplies(l, request.url)) ?? null,
      };
    },
    async 'content:save-prefs'(request) {
      const { settings } = await loadSettings();
      // Display only: nothing the figures depend on, so nothing is recomputed.
      const saved = await saveSettings({
        ...settings,
        ...(request.overlayEnabled === undefined ? {} : { overlayEnabled: request.overlayEnabled }),
        ...(request.privacyScreen === undefined ? {} : { privacyScreen: request.privacyScreen }),
      });
      await broadcast({ type: 'background:data-changed', reason: 'settings', pupilIds: [] });
      return { ok: true, overlayEnabled: saved.overlayEnabled, privacyScreen: saved.privacyScreen };
    },
    async 'content:save-layout'(request) {
      const siteId = siteIdForUrl(request.url);
      if (request.layout.origin && request.layout.origin !== siteId) {
        throw new Error('A taught layout may only be saved for the site it was taught on.');
      }
      const layout = { ...request.layout, origin: siteId };
      // One layout per path pattern: teaching the same page again replaces the old layout.
      const data = await siteMappingData(siteId);
      const layouts = [...data.layouts.filter((l) => l.pathPattern !== layout.pathPattern), layout];
      await putSiteMapping(siteId, { ...data, layouts }, (await nowOf(deps)).toISOString());
      return { ok: true, siteId, layouts: layouts.length };
    },
    async 'content:save-mark-mapping'(request) {
      const siteId = siteIdForUrl(request.url);
      return { ok: true, siteId, markMappings: await saveSiteMarks(deps, siteId, request.entries) };
    },
    async 'content:load-teach'(_request, sender) {
      await injectInto(sender, TEACH_SCRIPT_FILE, 'Teach mode');
      return { ok: true };
    },
    async 'content:load-overlay'(_request, sender) {
      await injectInto(sender, OVERLAY_SCRIPT_FILE, 'The overlay');
      return { ok: true };
    },
    async 'panel:start-teach'(request) {
      const reply = await startTeachInTab(request.tabId);
      if (!reply.ok) throw new Error(reply.error);
      return reply;
    },
    async 'panel:save-mark-mapping'(request) {
      // Marks already stored as unknown are read again, and corrected, the next time the
      // register is open: the store keeps what the page said, the reader decides what it means.
      const markMappings = await saveSiteMarks(deps, request.siteId, request.entries);
      await broadcast({ type: 'background:data-changed', reason: 'settings', pupilIds: [] });
      return { ok: true, siteId: request.siteId, markMappings };
    },
    async 'content:reading'(request, sender) {
      const { settings } = await loadSettings();
      const options = await recomputeOptions(deps, settings);
      const result = await applyReading({
        reading: request.reading,
        url: request.url,
        saved: request.saved,
        at: options.at,
      });
      // Every pupil of the reading, not only those whose marks changed: a worker stopped after
      // the write but before this point left their figures stale, and the retry lands here.
      const records = await recomputeFigures(
        result.pupilIds.map((p) => p.pupilId),
        options,
      );
      const tabId = sender.tab?.id ?? null;
      const site = await siteMappingData(result.siteId);
      await rememberRegister({
        tabId,
        siteId: result.siteId,
        url: request.url,
        adapter: request.reading.adapter,
        group: request.reading.group,
        date: request.reading.date,
        session: request.reading.session,
        pupilIds: result.pupilIds.map((p) => p.pupilId),
        needsMapping: labelsToAsk(request.reading, {
          mapping: readerMapping(site.marks, settings),
        }),
        at: options.at,
      });
      // Every reading, not only those that stored marks: a panel follows the tutor's tab live.
      await broadcast({
        type: 'background:data-changed',
        reason: 'reading',
        pupilIds: result.pupilIds.map((p) => p.pupilId),
        ...(tabId === null ? {} : { tabId }),
      });
      return {
        ok: true,
        stored: { added: result.added, corrected: result.corrected, unchanged: result.unchanged },
        siteId: result.siteId,
        asOf: options.asOf,
        pupils: await badges(result.pupilIds, records, options.asOf),
        year: options.calendar ? yearLeft(options.calendar, options.asOf) : null,
      };
    },
    async 'options:settings-changed'() {
      const { settings } = await loadSettings();
      const sites = await syncContentScripts(settings);
      const basis = figuresBasis(settings);
      const stored = await browser.storage.local.get(FIGURES_BASIS_KEY);
      const recomputed = stored[FIGURES_BASIS_KEY] !== basis;
      if (recomputed) {
        await recomputeAll(await recomputeOptions(deps, settings));
        // Written after the recompute: a worker stopped half-way recomputes again next time.
        await browser.storage.local.set({ [FIGURES_BASIS_KEY]: basis });
      }
      await broadcast({ type: 'background:data-changed', reason: 'settings', pupilIds: [] });
      return { ok: true, sites, recomputed };
    },
    async 'panel:recompute'(request) {
      const { settings } = await loadSettings();
      const options = await recomputeOptions(deps, settings);
      const count = request.pupilIds
        ? (await recomputeFigures(request.pupilIds, options)).length
        : await recomputeAll(options);
      await broadcast({
        type: 'background:data-changed',
        reason: 'recompute',
        pupilIds: request.pupilIds ?? [],
      });
      return { ok: true, pupils: count };
    },
    async 'options:run-retention'() {
      return { ok: true, ...(await runMaintenance(deps)) };
    },
    async 'panel:open-register'(request) {
      return { ok: true, ...(await recalledRegister(request.tabId)) };
    },
  };
}

async function ensureMaintenanceAlarm(): Promise<void> {
  if (!(await browser.alarms.get(MAINTENANCE_ALARM))) {
    await browser.alarms.create(MAINTENANCE_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
  }
}

/**
 * Wires the worker. Listeners are added synchronously (a woken worker must find them at once);
 * the async set-up after them is idempotent and safe to repeat on every start.
 */
export function startBackground(deps: BackgroundDeps): void {
  const policy = extensionPolicy(async (url) => matchesAny(await allowedPatterns(), url));
  onMessage(createHandlers(deps), policy);

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === MAINTENANCE_ALARM) void runMaintenance(deps).catch(logError);
  });
  const resync = () => void syncContentScripts().catch(logError);
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onInstalled.addListener(resync);
  browser.runtime.onStartup.addListener(resync);

  browser.tabs.onRemoved.addListener((tabId) => {
    void browser.storage.session.remove(tabKey(tabId)).catch(logError);
  });

  void ensureMaintenanceAlarm().catch(logError);
  void requestPersistence().catch(logError);
}

function logError(error: unknown): void {
  console.error('Register Lens background:', error);
}
