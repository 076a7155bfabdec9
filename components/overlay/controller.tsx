import { batch, signal } from '@preact/signals';
import { render } from 'preact';
import { locateNames } from './locate';
import type { BadgeInput } from './model';
import {
  Overlay,
  type BadgePosition,
  type OverlayActions,
  type OverlayStatus,
  type OverlayViewState,
} from './Overlay';

/**
 * Draws the badges over the MIS page. One layer, absolutely positioned inside our own shadow
 * host, holds every badge; each badge is placed from its name element's box. Nothing is inserted
 * into the MIS's own rows: a table that gains a cell or a span can reflow, break the MIS's own
 * scripts (which count children) or feed our markup back into the next reading. Positions are
 * measured relative to the layer itself, so page scrolling moves badges for free; only layout
 * changes and inner scroll containers need a redraw, and those are coalesced into one per frame.
 */
export interface OverlayController {
  /** Shows these badges (in page order); their name elements are found on the page. */
  show(badges: readonly BadgeInput[]): void;
  setStatus(status: OverlayStatus, message?: string | null): void;
  setEnabled(enabled: boolean): void;
  setPrivacy(privacy: boolean): void;
  readonly enabled: boolean;
  readonly privacy: boolean;
  /** Recomputes positions now (tests and benchmarks; the page's events do it otherwise). */
  reposition(): void;
  destroy(): void;
}

export interface OverlayOptions {
  /** The element inside our shadow root to render into. */
  container: HTMLElement;
  /** The MIS page. */
  document: Document;
  /** Our shadow host, never searched for names. */
  host?: Element | null;
  enabled?: boolean;
  privacy?: boolean;
  /** Called after the user toggles, so the choice can be saved. */
  onChange?(change: { enabled?: boolean; privacy?: boolean }): void;
  onTeach?(): void;
  /** Above this many pupils only badges near the viewport are drawn. */
  virtualiseAbove?: number;
  /** The box a badge sits beside; the default measures the name's text (tests pass their own). */
  measure?(el: Element): Box;
}

export interface Box {
  top: number;
  right: number;
  bottom: number;
  height: number;
  width: number;
}

const GAP = 6;

export function createOverlay(options: OverlayOptions): OverlayController {
  const doc = options.document;
  const view = doc.defaultView;
  const badges = signal<readonly BadgeInput[]>([]);
  const positions = signal<ReadonlyMap<string, BadgePosition>>(new Map());
  const enabled = signal(options.enabled ?? true);
  const privacy = signal(options.privacy ?? false);
  const status = signal<OverlayStatus>('waiting');
  const message = signal<string | null>(null);
  let anchors = new Map<string, Element | null>();
  let frame = 0;
  const virtualiseAbove = options.virtualiseAbove ?? 200;

  const state: OverlayViewState = { badges, positions, enabled, privacy, status, message };

  const toggleEnabled = () => {
    enabled.value = !enabled.value;
    options.onChange?.({ enabled: enabled.value });
    if (enabled.value) reposition();
  };
  const togglePrivacy = () => {
    privacy.value = !privacy.value;
    options.onChange?.({ privacy: privacy.value });
  };
  const actions: OverlayActions = {
    onToggleEnabled: toggleEnabled,
    onTogglePrivacy: togglePrivacy,
    ...(options.onTeach ? { onTeach: options.onTeach } : {}),
  };

  function layerOrigin(): { top: number; left: number } {
    const layer = options.container.querySelector('.rl-layer');
    const rect = layer?.getBoundingClientRect();
    return { top: rect?.top ?? 0, left: rect?.left ?? 0 };
  }

  function reposition(): void {
    frame = 0;
    if (!enabled.value) return;
    const origin = layerOrigin();
    const viewportHeight = view?.innerHeight ?? 0;
    const virtualise = badges.value.length > virtualiseAbove && viewportHeight > 0;
    const next = new Map<string, BadgePosition>();
    const measure = options.measure ?? textBox(doc);
    for (const badge of badges.value) {
      const el = anchors.get(badge.key);
      if (!el || !el.isConnected) continue;
      const rect = measure(el);
      if (!rect.width && !rect.height) continue;
      if (virtualise && (rect.bottom < -viewportHeight || rect.top > 2 * viewportHeight)) continue;
      next.set(badge.key, {
        top: Math.round(rect.top + rect.height / 2 - origin.top),
        left: Math.round(rect.right + GAP - origin.left),
      });
    }
    if (!samePositions(positions.value, next)) positions.value = next;
  }

  const schedule = () => {
    if (frame || !view) return;
    frame = view.requestAnimationFrame(reposition);
  };

  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    if (event.code === 'KeyB') toggleEnabled();
    else if (event.code === 'KeyP') togglePrivacy();
    // Teach mode on request, also where the reader did find something (it may be wrong).
    else if (event.code === 'KeyT' && options.onTeach) options.onTeach();
    else return;
    event.preventDefault();
  };

  // Capture catches scrolling inside any scroll container of the MIS, not only the window.
  view?.addEventListener('scroll', schedule, { capture: true, passive: true });
  view?.addEventListener('resize', schedule, { passive: true });
  doc.addEventListener('keydown', onKey, true);
  const resizeObserver =
    view && 'ResizeObserver' in view ? new view.ResizeObserver(() => schedule()) : null;
  if (doc.body) resizeObserver?.observe(doc.body);

  render(<Overlay state={state} actions={actions} />, options.container);

  return {
    show(next) {
      const located = locateNames(doc, next, { exclude: options.host ?? null });
      batch(() => {
        anchors = located;
        badges.value = next;
        status.value = 'ready';
      });
      reposition();
    },
    setStatus(next, text = null) {
      batch(() => {
        status.value = next;
        message.value = text;
      });
    },
    setEnabled(value) {
      enabled.value = value;
      if (value) reposition();
    },
    setPrivacy(value) {
      privacy.value = value;
    },
    get enabled() {
      return enabled.value;
    },
    get privacy() {
      return privacy.value;
    },
    reposition,
    destroy() {
      if (frame && view) view.cancelAnimationFrame(frame);
      view?.removeEventListener('scroll', schedule, { capture: true });
      view?.removeEventListener('resize', schedule);
      doc.removeEventListener('keydown', onKey, true);
      resizeObserver?.disconnect();
      render(null, options.container);
    },
  };
}

/** The text's own box, not the cell's: a wide name cell would push the badge far away. */
function textBox(doc: Document): (el: Element) => Box {
  const range = doc.createRange();
  return (el) => {
    range.selectNodeContents(el);
    const rect = range.getBoundingClientRect();
    return rect.width || rect.height ? rect : el.getBoundingClientRect();
  };
}

function samePositions(
  a: ReadonlyMap<string, BadgePosition>,
  b: ReadonlyMap<string, BadgePosition>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [key, p] of b) {
    const q = a.get(key);
    if (!q || q.top !== p.top || q.left !== p.left) return false;
  }
  return true;
}
