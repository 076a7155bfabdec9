import type { OverlayView, Unmapped } from './lazy';
import type { SentReading } from './session';

/**
 * The content script's side of the overlay: readings come from the reader at once, the overlay
 * only once the worker has injected it, and only where it is needed: on a page where the reader
 * found a register, or where the user asked for teach mode (from the side panel, or Alt+Shift+T).
 * Most MIS pages have no register and never load it. Until it arrives only what it must show is
 * kept: the newest reading (older ones are of no use to it) and the reader's error after it, if
 * any. A load that fails (the worker stopped) is tried again with the next register read.
 */
export interface OverlayHandoff {
  reading(sent: SentReading | null, unmapped: Unmapped): void;
  error(message: string): void;
  /** Loads the overlay if it is not here yet and opens teach mode: whether it opened. */
  teach(): Promise<boolean>;
  /** The overlay shown, if it is (for taking it off the page). */
  readonly view: OverlayView | null;
}

export interface OverlayHandoffOptions {
  /** Loads and mounts the overlay; null when it could not be loaded. */
  load(): Promise<OverlayView | null>;
}

export function overlayHandoff(options: OverlayHandoffOptions): OverlayHandoff {
  let latest: { sent: SentReading | null; unmapped: Unmapped } | undefined;
  let failed: string | null = null;
  let view: OverlayView | null = null;
  let loading: Promise<void> | null = null;

  const load = (): Promise<void> =>
    view
      ? Promise.resolve()
      : (loading ??= options
          .load()
          .catch(() => null)
          .then((loaded) => {
            loading = null;
            if (!loaded) return;
            view = loaded;
            if (latest !== undefined) view.reading(latest.sent, latest.unmapped);
            if (failed) view.error(failed);
          }));

  return {
    reading(sent, unmapped) {
      latest = { sent, unmapped };
      failed = null;
      if (view) view.reading(sent, unmapped);
      else if (sent) void load();
    },
    error(message) {
      failed = message;
      view?.error(message);
    },
    async teach() {
      await load();
      if (!view) return false;
      view.teach();
      return true;
    },
    get view() {
      return view;
    },
  };
}
