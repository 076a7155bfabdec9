import type { OverlayView, Unmapped } from './lazy';
import type { SentReading } from './session';

/**
 * The content script's side of the overlay: readings come from the reader at once, the overlay
 * only once the worker has injected it. Until then only what the overlay must show when it
 * arrives is kept: the newest reading (older ones are of no use to it) and the reader's error
 * after it, if any. A register's badges are wanted now, so a reading with a register starts the
 * load at once; a page without one (most MIS pages) still gets the bar, which offers teach mode,
 * but once the browser is idle: the MIS's own work comes first. A load that fails (the worker
 * stopped) is tried again with the next reading.
 */
export interface OverlayHandoff {
  reading(sent: SentReading | null, unmapped: Unmapped): void;
  error(message: string): void;
  /** The overlay shown, if it is (for taking it off the page). */
  readonly view: OverlayView | null;
}

export interface OverlayHandoffOptions {
  /** Loads and mounts the overlay; null when it could not be loaded. */
  load(): Promise<OverlayView | null>;
  /** Runs `run` when the browser is idle (requestIdleCallback in the page). */
  whenIdle(run: () => void): void;
}

export function overlayHandoff(options: OverlayHandoffOptions): OverlayHandoff {
  let latest: { sent: SentReading | null; unmapped: Unmapped } | undefined;
  let failed: string | null = null;
  let view: OverlayView | null = null;
  let loading = false;
  let waiting = false;

  const load = async () => {
    if (view || loading) return;
    loading = true;
    let loaded: OverlayView | null = null;
    try {
      loaded = await options.load();
    } catch {
      loaded = null;
    } finally {
      loading = false;
    }
    if (!loaded) return;
    view = loaded;
    if (latest !== undefined) view.reading(latest.sent, latest.unmapped);
    if (failed) view.error(failed);
  };
  const loadWhenIdle = () => {
    if (view || loading || waiting) return;
    waiting = true;
    options.whenIdle(() => {
      waiting = false;
      void load();
    });
  };

  return {
    reading(sent, unmapped) {
      latest = { sent, unmapped };
      failed = null;
      if (view) view.reading(sent, unmapped);
      else if (sent) void load();
      else loadWhenIdle();
    },
    error(message) {
      failed = message;
      if (view) view.error(message);
      else loadWhenIdle();
    },
    get view() {
      return view;
    },
  };
}
