import type { Thresholds } from '../../utils/attendance/thresholds';
import type { sendFromContent } from '../../utils/messaging/runtime';
import type { DockPrefs } from './dock';
import type { MarkMapping } from '../../utils/registers/mapping';
import type { AskedLabel } from '../../utils/registers/meaning';
import type { TaughtLayout } from '../../utils/registers/teach';
import { injectedModule } from '../injected';
import type { SentReading } from './session';
import type { ShadowHost } from './shadow-host';

/**
 * The overlay (badges, the bar, the "marks need a mapping" notice, and the route into teach mode)
 * is not part of the content script every MIS page loads: once the reader has read a register on
 * the page, or the user asks for teach mode there, the content script asks the worker to inject
 * `register-overlay.js` (`content:load-overlay`) and hands it what it needs through this
 * interface. How the module crosses over: ../injected.ts.
 */

/** The content script's reader, as far as the overlay may steer it (teach mode, the notice). */
export interface OverlayReader {
  /** The mapping the reader takes now: the site's labels first, then the school's. */
  mapping(): MarkMapping;
  /** Answers saved on this page: the reader takes them from its next read. */
  setMapping(mapping: MarkMapping): void;
  /** A layout taught on this page: read with it at once (the saved copy serves later visits). */
  useLayout(layout: TaughtLayout): void;
  /** Reads the page again now. */
  readNow(): void;
}

export interface OverlayStart {
  document: Document;
  /** Our one shadow host, made by the content script (its live reader ignores it). */
  ui: ShadowHost;
  url(): string;
  /** From `content:hello`: the school's display settings and thresholds. */
  overlayEnabled: boolean;
  privacyScreen: boolean;
  thresholds: Thresholds;
  /** The bar's corner and collapsed state as last left on this site. */
  dock: DockPrefs;
  /** The content script's message client (one protocol; every reply Zod-parsed). */
  send: typeof sendFromContent;
  reader: OverlayReader;
}

/**
 * What the newest reading holds that needs a mapping, worked out beside the reader (which has the
 * mapping and the page), for the overlay's "N marks need a mapping" notice.
 */
export interface Unmapped {
  labels: readonly AskedLabel[];
  /** Marks carrying those labels. */
  marks: number;
}

export const NOTHING_UNMAPPED: Unmapped = { labels: [], marks: 0 };

export interface OverlayView {
  /** The newest reading and its pending reply; null when the page has no register we read. */
  reading(sent: SentReading | null, unmapped: Unmapped): void;
  /** The reader failed on this page. */
  error(message: string): void;
  /** Opens teach mode (asked for from the side panel, or Alt+Shift+T on a page without one). */
  teach(): void;
  /** Takes everything of the overlay off the page (the host stays the content script's). */
  destroy(): void;
}

export interface OverlayModule {
  mountOverlay(start: OverlayStart): OverlayView;
}

const overlay = injectedModule<OverlayModule>('register-lens/overlay');

export const provideOverlay = overlay.provide;
export const providedOverlay = overlay.provided;
export const overlayLoader = overlay.loader;
