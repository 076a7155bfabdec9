import { CONTROL, tapLabel, type Rect, type Size } from './place';

/**
 * Where the floating "RL" bar sits. It docks in a corner of the window that covers nothing of
 * the page (measured at the spots the page draws there), else shrinks to a small tab at the
 * first free place along the window's edges. The user can move it to another corner and collapse
 * it; both are remembered per site.
 */
export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

export const CORNER_NAMES: Record<Corner, string> = {
  'bottom-right': 'bottom right',
  'bottom-left': 'bottom left',
  'top-right': 'top right',
  'top-left': 'top left',
};

export interface DockPrefs {
  /** The corner the user chose; null lets the overlay find a free one. */
  corner: Corner | null;
  collapsed: boolean;
}

export const DEFAULT_DOCK: DockPrefs = { corner: null, collapsed: false };

/** Where the bar is drawn: viewport coordinates of its top-left corner. */
export interface DockPlace {
  left: number;
  top: number;
  /** The bar had no free corner and shows as a tab (the user did not ask for it). */
  squeezed: boolean;
  /**
   * Not even the tab had a free place in this view: the bar waits out of sight (it takes no click
   * while hidden) and comes back at the next re-dock (scroll, resize, zoom) that finds room.
   */
  hidden?: boolean;
}

const MARGIN = 8;

export function cornerRect(corner: Corner, size: Size, viewport: Size): Rect {
  const left = corner.endsWith('left') ? MARGIN : viewport.width - MARGIN - size.width;
  const top = corner.startsWith('top') ? MARGIN : viewport.height - MARGIN - size.height;
  return { left, top, right: left + size.width, bottom: top + size.height };
}

/** Spots for the small tab: the corners, then along the window's four edges. */
export function tabSpots(size: Size, viewport: Size): Rect[] {
  const spots = CORNERS.map((c) => cornerRect(c, size, viewport));
  const at = (left: number, top: number) =>
    spots.push({ left, top, right: left + size.width, bottom: top + size.height });
  const down = size.height + MARGIN;
  for (let top = MARGIN + down; top + size.height < viewport.height - MARGIN; top += down) {
    at(viewport.width - 2 - size.width, top);
    at(2, top);
  }
  const across = size.width + MARGIN;
  for (let left = MARGIN + across; left + size.width < viewport.width - MARGIN; left += across) {
    at(left, viewport.height - 2 - size.height);
    at(left, 2);
  }
  return spots;
}

/** The first rectangle `covers` says is free, or null. */
export function firstFree(spots: readonly Rect[], covers: (r: Rect) => boolean): Rect | null {
  return spots.find((r) => !covers(r)) ?? null;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Whether the page draws text, a control or a picture inside `rect` (viewport coordinates). The
 * page is probed at points over the rectangle: every element stacked at a point is asked for its
 * own text's boxes and, for controls, its box. Our own host is skipped.
 */
export function pageCovers(doc: Document, host: Element | null, step = 10): (r: Rect) => boolean {
  const range = doc.createRange();
  const checked = new Set<Element>();
  const boxes: Rect[] = [];
  const root = doc.documentElement;
  const learn = (el: Element) => {
    if (checked.has(el)) return;
    checked.add(el);
    // A label around a form control (a tick-box tile) takes a tap anywhere on it.
    if (el.matches(CONTROL) || tapLabel(el)) {
      const b = el.getBoundingClientRect();
      if (b.width && b.height) boxes.push(b);
    }
    // Hit testing skips what ignores the pointer (icons often do): a small container's own
    // controls and pictures are looked up directly.
    if (el !== root && el !== doc.body && el.childElementCount <= 40) {
      for (const inner of el.querySelectorAll(CONTROL)) {
        const b = inner.getBoundingClientRect();
        if (b.width && b.height) boxes.push(b);
      }
    }
    for (const child of el.childNodes) {
      if (child.nodeType !== 3 || !child.nodeValue?.trim()) continue;
      range.selectNodeContents(child);
      for (const b of range.getClientRects()) if (b.width && b.height) boxes.push(b);
    }
  };
  const along = (from: number, to: number): number[] => {
    const points: number[] = [];
    for (let v = from + 1; v < to - 1; v += step) points.push(v);
    points.push(to - 1);
    return points;
  };
  return (rect) => {
    for (const y of along(rect.top, rect.bottom)) {
      for (const x of along(rect.left, rect.right)) {
        for (const el of doc.elementsFromPoint(x, y)) {
          if (host && (el === host || host.contains(el))) continue;
          learn(el);
        }
      }
    }
    return boxes.some((b) => overlaps(b, rect));
  };
}
