import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { CORNERS, DEFAULT_DOCK, type Corner, type DockPrefs } from './dock';

/**
 * The bar's corner and collapsed state, kept per MIS site in the extension's own storage (never
 * the page's localStorage, which the MIS could read). A bad or missing record means the default.
 */
const KEY = 'overlayDock';
const prefsSchema = z.object({
  corner: z.nullable(z.enum(CORNERS as [Corner, ...Corner[]])),
  collapsed: z.boolean(),
});

export async function loadDock(origin: string): Promise<DockPrefs> {
  try {
    const stored = (await browser.storage.local.get(KEY))[KEY] as
      Record<string, unknown> | undefined;
    const parsed = prefsSchema.safeParse(stored?.[origin]);
    return parsed.success ? (parsed.data as DockPrefs) : DEFAULT_DOCK;
  } catch {
    return DEFAULT_DOCK;
  }
}

export async function saveDock(origin: string, prefs: DockPrefs): Promise<void> {
  try {
    const stored = (await browser.storage.local.get(KEY))[KEY];
    const all = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
    await browser.storage.local.set({ [KEY]: { ...all, [origin]: prefs } });
  } catch {
    // Not worth troubling the page: the bar simply starts from the default next time.
  }
}
