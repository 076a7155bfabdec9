import { batch, computed, signal } from '@preact/signals';
import { render } from 'preact';
import { locateNames } from './locate';
import {
  badgeModel,
  DEFAULT_BADGE_CONTEXT,
  fullText,
  shortText,
  type BadgeContext,
  type BadgeInput,
  type BadgeModel,
} from './model';
import {
  badgeFontSize,
  badgeHeight,
  badgeSpacing,
  chooseSlot,
  controlAround,
  nameLines,
  obstaclesIn,
  pageFree,
  rowOf,
  type NameLines,
  type Rect,
  type Size,
} from './place';
import {
  cornerRect,
  CORNERS,
  DEFAULT_DOCK,
  firstFree,
  pageCovers,
  tabSpots,
  type Corner,
  type DockPlace,
  type DockPrefs,
} from './dock';
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
  /** The school's minimum of sessions for a band, and what is left of the year. */
  setContext(context: BadgeContext): void;
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
  /** What the page has around a name that a badge must not cover (tests pass their own). */
  surroundings?(
    el: Element,
    name: Box,
  ): {
    obstacles: Rect[];
    bounds: Rect;
    cell?: Rect | null;
    clear?: ((r: Rect) => boolean) | null;
    tile?: Rect | null;
  };
  context?: BadgeContext;
  /** The bar's corner and collapsed state as last left on this site. */
  dock?: DockPrefs;
  /** Called when the user moves or collapses the bar, so the choice is kept for the site. */
  onDockChange?(prefs: DockPrefs): void;
}

export interface Box {
  top: number;
  right: number;
  bottom: number;
  height: number;
  width: number;
  left?: number;
  /** The name's first and last line boxes, when measured. */
  lines?: NameLines | null;
}

const DOT = 10;
/** overlay.css: a compact badge is at least this wide, whatever its height. */
const COMPACT_MIN_WIDTH = 16;
/** The collapsed bar: overlay.css gives `.rl-tab` exactly this size. */
const TAB: Size = { width: 34, height: 26 };
const DOCK_EVERY = 150;

export function createOverlay(options: OverlayOptions): OverlayController {
  const doc = options.document;
  const view = doc.defaultView;
  const badges = signal<readonly BadgeInput[]>([]);
  const positions = signal<ReadonlyMap<string, BadgePosition>>(new Map());
  const enabled = signal(options.enabled ?? true);
  const privacy = signal(options.privacy ?? false);
  const status = signal<OverlayStatus>('waiting');
  const message = signal<string | null>(null);
  const context = signal<BadgeContext>(options.context ?? DEFAULT_BADGE_CONTEXT);
  const models = computed<readonly BadgeModel[]>(() =>
    badges.value.map((b) => badgeModel(b, context.value)),
  );
  const unplaced = signal(0);
  const widths = badgeWidths(doc);
  let dockPrefs: DockPrefs = options.dock ?? DEFAULT_DOCK;
  const corner = signal<Corner>(dockPrefs.corner ?? 'bottom-right');
  const collapsed = signal(dockPrefs.collapsed);
  const dock = signal<DockPlace | null>(null);
  let barSize: Size = { width: 360, height: 32 };
  // The tutor opened the bar from the tab it was squeezed into: show it in its corner even where
  // the page draws, until they collapse it again (their choice, not ours; not remembered).
  let openedByUser = false;
  let lastDock = -Infinity;
  let dockTimer = 0;
  let anchors = new Map<string, Element | null>();
  let frame = 0;
  const virtualiseAbove = options.virtualiseAbove ?? 200;

  const state: OverlayViewState = {
    models,
    positions,
    enabled,
    privacy,
    status,
    message,
    unplaced,
    corner,
    collapsed,
    dock,
  };

  const saveDock = (next: DockPrefs) => {
    dockPrefs = next;
    options.onDockChange?.(next);
    placeBar();
  };

  const toggleEnabled = () => {
    enabled.value = !enabled.value;
    options.onChange?.({ enabled: enabled.value });
    if (enabled.value) reposition();
  };
  const togglePrivacy = () => {
    privacy.value = !privacy.value;
    options.onChange?.({ privacy: privacy.value });
    reposition();
  };
  const actions: OverlayActions = {
    onToggleEnabled: toggleEnabled,
    onTogglePrivacy: togglePrivacy,
    onMove: (next) => {
      corner.value = next;
      saveDock({ ...dockPrefs, corner: next });
    },
    onCollapse: (value) => {
      openedByUser = !value;
      collapsed.value = value;
      saveDock({ ...dockPrefs, collapsed: value });
    },
    ...(options.onTeach ? { onTeach: options.onTeach } : {}),
  };

  function layerOrigin(): { top: number; left: number } {
    const layer = options.container.querySelector('.rl-layer');
    const rect = layer?.getBoundingClientRect();
    return { top: rect?.top ?? 0, left: rect?.left ?? 0 };
  }

  /**
   * Docks the bar: the chosen corner first, then any corner whose box the page draws nothing in;
   * with none free (or collapsed by the user), the tab at the first free spot on the edges.
   */
  function placeBar(): void {
    lastDock = view?.performance.now() ?? 0;
    const root = doc.documentElement;
    const viewport = { width: root.clientWidth, height: root.clientHeight };
    if (!viewport.width || !viewport.height) {
      dock.value = { left: 8, top: 8, squeezed: false };
      return;
    }
    const covers = pageCovers(doc, options.host ?? null);
    const order = dockPrefs.corner
      ? [dockPrefs.corner, ...CORNERS.filter((c) => c !== dockPrefs.corner)]
      : CORNERS;
    if (!collapsed.value) {
      for (const c of order) {
        const r = cornerRect(c, barSize, viewport);
        if (!covers(r)) {
          batch(() => {
            corner.value = c;
            dock.value = { left: r.left, top: r.top, squeezed: false };
          });
          return;
        }
      }
      if (openedByUser) {
        const c = order[0]!;
        const r = cornerRect(c, barSize, viewport);
        batch(() => {
          corner.value = c;
          dock.value = { left: r.left, top: r.top, squeezed: false };
        });
        return;
      }
    }
    const spots = [cornerRect(order[0]!, TAB, viewport), ...tabSpots(TAB, viewport)];
    const spot = firstFree(spots, covers);
    dock.value = spot
      ? { left: spot.left, top: spot.top, squeezed: !collapsed.value }
      : { left: spots[0]!.left, top: spots[0]!.top, squeezed: !collapsed.value, hidden: true };
  }

  /**
   * The bar is re-docked at most a few times a second (probing the page costs a little), and once
   * more after the last change, so it never stays where scrolling left it.
   */
  function dockSoon(): void {
    const since = (view?.performance.now() ?? 0) - lastDock;
    if (since > DOCK_EVERY) placeBar();
    else if (!dockTimer && view) {
      dockTimer = view.setTimeout(() => {
        dockTimer = 0;
        placeBar();
      }, DOCK_EVERY - since);
    }
  }

  function reposition(): void {
    frame = 0;
    // The bar's probe of the page waits until the badges are drawn: they are what a tutor reads.
    if (view) view.setTimeout(dockSoon, 0);
    else dockSoon();
    if (!enabled.value) return;
    // A page that re-rendered its rows (a single-page app) left our name elements detached: find
    // the names again now rather than drop their badges until the next reading.
    if ([...anchors.values()].some((el) => el && !el.isConnected)) {
      anchors = locateNames(doc, badges.value, { exclude: options.host ?? null });
    }
    const origin = layerOrigin();
    const viewportHeight = view?.innerHeight ?? 0;
    const virtualise = badges.value.length > virtualiseAbove && viewportHeight > 0;
    const next = new Map<string, BadgePosition>();
    const measure = options.measure ?? textBox(doc);
    const surroundings = options.surroundings ?? pageSurroundings(doc, options.host ?? null);
    const compactOnly = privacy.value;
    // Badges are targets under 24 px: kept apart where the rows allow (privacy dots are not).
    const spacing = compactOnly ? null : badgeSpacing();
    let missing = 0;
    for (const model of models.value) {
      const el = anchors.get(model.key);
      if (!el || !el.isConnected) continue;
      const rect = measure(el);
      if (!rect.width && !rect.height) continue;
      if (virtualise && (rect.bottom < -viewportHeight || rect.top > 2 * viewportHeight)) continue;
      const name: Rect = {
        left: rect.left ?? rect.right - rect.width,
        top: rect.top,
        right: rect.right,
        bottom: rect.bottom,
      };
      const around = surroundings(el, rect);
      // As tall as the name's line box, so it never grazes the line above or below.
      const height = compactOnly ? DOT : badgeHeight(rect.lines?.last ?? name);
      const sizes = compactOnly
        ? { full: { width: DOT, height: DOT }, compact: { width: DOT, height: DOT } }
        : widths.sizes(model, height);
      const slot = chooseSlot(name, around.obstacles, around.bounds, sizes.full, sizes.compact, {
        lines: rect.lines ?? null,
        cell: around.cell ?? null,
        clear: around.clear ?? null,
        spaced: spacing ? (r) => spacing.spaced(r) : null,
        tile: around.tile ?? null,
      });
      if (!slot) {
        missing++;
        continue;
      }
      const size = slot.compact ? sizes.compact : sizes.full;
      spacing?.add({
        left: slot.left,
        top: slot.top,
        right: slot.left + size.width,
        bottom: slot.top + size.height,
      });
      next.set(model.key, {
        top: Math.round(slot.top - origin.top),
        left: Math.round(slot.left - origin.left),
        compact: slot.compact,
        height,
      });
    }
    batch(() => {
      if (!samePositions(positions.value, next)) positions.value = next;
      unplaced.value = missing;
    });
  }

  /** After drawing: where a badge came out wider than estimated, place again with its width. */
  function checkWidths(): void {
    const bar = options.container.querySelector<HTMLElement>('.rl-toolbar:not(.rl-tab)');
    if (bar) {
      const r = bar.getBoundingClientRect();
      const size = { width: Math.ceil(r.width), height: Math.ceil(r.height) };
      if (size.width && (size.width !== barSize.width || size.height !== barSize.height)) {
        barSize = size;
        placeBar();
      }
    }
    const drawn = options.container.querySelectorAll<HTMLElement>('.rl-badge[data-key]');
    let changed = false;
    for (const button of drawn) {
      const text = button.dataset.text;
      const height = Number(button.dataset.height);
      if (text && height && widths.learn(text, height, button.getBoundingClientRect().width))
        changed = true;
    }
    if (changed) schedule();
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

  // Badges live in the page's own coordinates, so scrolling the window moves them with the page
  // for free: only the bar, fixed to the window, looks for a free spot again. Scrolling inside
  // one of the MIS's scroll containers (caught by capture) moves names under the badges.
  const onScroll = (event: Event) => {
    const target = event.target;
    if (target === doc || target === doc.documentElement || target === doc.body) dockSoon();
    else schedule();
  };
  view?.addEventListener('scroll', onScroll, { capture: true, passive: true });
  view?.addEventListener('resize', schedule, { passive: true });
  doc.addEventListener('keydown', onKey, true);
  const resizeObserver =
    view && 'ResizeObserver' in view ? new view.ResizeObserver(() => schedule()) : null;
  if (doc.body) resizeObserver?.observe(doc.body);
  // A page that re-renders its rows in place (a single-page app, a toggle that shows a reason
  // box) moves names without resizing the body: place again after any change to the page.
  const mutationObserver =
    view && 'MutationObserver' in view ? new view.MutationObserver(() => schedule()) : null;
  if (doc.body) {
    mutationObserver?.observe(doc.body, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
  }

  render(<Overlay state={state} actions={actions} onDrawn={checkWidths} />, options.container);
  // The bar docks once the page has laid out, even before any register is read.
  schedule();

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
      reposition();
    },
    setContext(value) {
      context.value = value;
      reposition();
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
      if (dockTimer && view) view.clearTimeout(dockTimer);
      view?.removeEventListener('scroll', onScroll, { capture: true });
      view?.removeEventListener('resize', schedule);
      doc.removeEventListener('keydown', onKey, true);
      resizeObserver?.disconnect();
      mutationObserver?.disconnect();
      render(null, options.container);
    },
  };
}

/**
 * The text's own box, not the cell's (a wide name cell would push the badge far away), with its
 * first and last line boxes: the text's fragments, as tall as the name's computed line-height.
 */
function textBox(doc: Document): (el: Element) => Box {
  const range = doc.createRange();
  const view = doc.defaultView;
  return (el) => {
    range.selectNodeContents(el);
    const rect = range.getBoundingClientRect();
    // A control (a select naming its pupil) draws its text itself: its own box stands for it.
    if (!rect.width && !rect.height) return el.getBoundingClientRect();
    const style = view?.getComputedStyle(el);
    const lineHeight = style ? parseFloat(style.lineHeight) : NaN;
    const lines = nameLines(
      range.getClientRects(),
      Number.isFinite(lineHeight) ? lineHeight : null,
    );
    return {
      left: rect.left,
      top: rect.top,
      right: rect.right,
      bottom: rect.bottom,
      width: rect.width,
      height: rect.height,
      lines,
    };
  };
}

/** The name's row, its cell and what is drawn in the row, measured on the live page. */
function pageSurroundings(
  doc: Document,
  host: Element | null,
): (
  el: Element,
  name: Box,
) => {
  obstacles: Rect[];
  bounds: Rect;
  cell: Rect | null;
  clear: (r: Rect) => boolean;
  tile: Rect | null;
} {
  const range = doc.createRange();
  const clear = pageFree(doc, host);
  return (el, name) => {
    const row = rowOf(el, name.height);
    const r = row.getBoundingClientRect();
    const cellEl = el.closest(CELL);
    const c = cellEl && row.contains(cellEl) ? cellEl.getBoundingClientRect() : null;
    // A tile (the row is the control, or fills it): its box, when the row is that control.
    const holder = controlAround(el, row);
    const t = holder === row ? r : null;
    return {
      tile: t ? { left: t.left, top: t.top, right: t.right, bottom: t.bottom } : null,
      obstacles: obstaclesIn(row, el, range),
      bounds: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      cell: c ? { left: c.left, top: c.top, right: c.right, bottom: c.bottom } : null,
      clear,
    };
  };
}

/** The cell around a name in tables and ARIA grids. */
const CELL = 'td, th, [role="gridcell"], [role="cell"], [role="rowheader"]';

/**
 * Badge widths: estimated from the text with a canvas before the first drawing, then learnt from
 * the drawn badge (fonts differ between machines), so the second placement is exact.
 */
function badgeWidths(doc: Document) {
  const learnt = new Map<string, number>();
  let ctx: CanvasRenderingContext2D | null | undefined;
  const estimate = (text: string, height: number): number => {
    if (ctx === undefined) {
      try {
        ctx = doc.createElement('canvas').getContext('2d');
        if (ctx) ctx.font = '600 10.5px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      } catch {
        ctx = null;
      }
    }
    // Measured at 10.5 px and scaled to the badge's own text size.
    const scale = badgeFontSize(height) / 10.5;
    // 5px padding and a 1px border each side, a 3px gap after the shape, and a little slack.
    return Math.ceil((ctx ? ctx.measureText(text).width : text.length * 6.5) * scale + 16);
  };
  const width = (text: string, height: number) =>
    learnt.get(`${height}|${text}`) ?? estimate(text, height);
  return {
    sizes(model: BadgeModel, height: number): { full: Size; compact: Size } {
      return {
        full: { width: width(fullText(model), height), height },
        compact: { width: Math.max(COMPACT_MIN_WIDTH, width(shortText(model), height)), height },
      };
    },
    /** Records a drawn width; true when it differs from what placement assumed. */
    learn(text: string, height: number, drawn: number): boolean {
      const used = width(text, height);
      learnt.set(`${height}|${text}`, Math.ceil(drawn));
      // Narrower matters too: a badge left out for want of room may fit at its true width.
      return Math.ceil(drawn) !== used;
    },
  };
}

function samePositions(
  a: ReadonlyMap<string, BadgePosition>,
  b: ReadonlyMap<string, BadgePosition>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [key, p] of b) {
    const q = a.get(key);
    if (!q || q.top !== p.top || q.left !== p.left || q.compact !== p.compact) return false;
    if (q.height !== p.height) return false;
  }
  return true;
}
