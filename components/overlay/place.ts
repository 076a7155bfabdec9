/**
 * Where a badge may sit without covering the page. The badge's box must touch none of the text,
 * controls or pictures of the pupil's row (their own boxes, measured: a text's line boxes, a
 * control's border box), except the name it annotates, and must stay inside the row.
 *
 * A badge is as tall as the name's own line box (its line-height, measured), within 12 to 16 px:
 * a fixed 16 px badge beside a 14 px line grazes the line under it (an id, a form). It is tried
 * where a person would look for it, each place first in full and then in the compact form: at the
 * end of the name's line, past whatever follows the name on that line, before the name, in the
 * name cell's free padding (beside the name at the cell's end, under or over it), then anywhere
 * free along the name's line in its row, and along the row's middle. Only a row with no free
 * place at all leaves a pupil without a badge: it is not drawn over the page (not even over the
 * name, which is often a link the tutor clicks), and the toolbar says how many.
 *
 * The geometry is pure (rectangles in, a slot out) so it is tested without a browser; measuring
 * the page is the small part at the bottom.
 */

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Slot {
  /** Viewport coordinates of the badge's top-left corner. */
  left: number;
  top: number;
  compact: boolean;
}

/** The name's first and last lines: the text's extent across, the line box's height. */
export interface NameLines {
  first: Rect;
  last: Rect;
}

export interface SlotOptions {
  /** The name's line boxes; without them the name's box stands for its one line. */
  lines?: NameLines | null;
  /** The cell that holds the name, whose free padding a badge may use. */
  cell?: Rect | null;
  /**
   * Whether the page draws nothing in a box outside the row (pageFree). Given, a row with no
   * free place of its own may have its badge just past either end, on the name's line.
   */
  clear?: ((r: Rect) => boolean) | null;
  /**
   * Whether a box is far enough from the badges already placed that 24 px circles centred on
   * each do not meet (WCAG 2.2 SC 2.5.8's spacing exception). Places near the name that meet it
   * are preferred; where none does, the first free place is taken all the same.
   */
  spaced?: ((r: Rect) => boolean) | null;
  /**
   * The box of a control the name sits in (a tile the tutor taps); without it, an obstacle that
   * holds the name's whole box is taken for one. No badge inside it, so past the row's ends it
   * may sit just outside the tile's corners: above, below, or beside it.
   */
  tile?: Rect | null;
}

export const GAP = 4;
/** How far along the row a badge may move from its name and still read as the name's. */
const MAX_SHIFT = 160;
/** A badge's height range: the name's line box, but never a smudge and never taller than 16. */
export const MIN_BADGE_HEIGHT = 12;
export const MAX_BADGE_HEIGHT = 16;

/** The badge height for a name's line box: whole pixels that fit inside it. */
export function badgeHeight(line: Rect): number {
  const inside = Math.floor(line.bottom + 0.01) - Math.ceil(line.top - 0.01);
  return Math.max(MIN_BADGE_HEIGHT, Math.min(MAX_BADGE_HEIGHT, inside));
}

/** WCAG 2.2 SC 2.5.8: the diameter of the circle an undersized target must keep to itself. */
export const TARGET_SPACING = 24;

/**
 * A spacing check over the badges placed so far: `spaced(r)` says whether a badge at `r` keeps
 * 24 px between its centre and every placed badge's centre; `add(r)` records a placed one.
 */
export function badgeSpacing(): { spaced(r: Rect): boolean; add(r: Rect): void } {
  const centres: Array<[number, number]> = [];
  return {
    spaced(r) {
      const x = (r.left + r.right) / 2;
      const y = (r.top + r.bottom) / 2;
      return centres.every(([cx, cy]) => Math.hypot(cx - x, cy - y) >= TARGET_SPACING);
    },
    add(r) {
      centres.push([(r.left + r.right) / 2, (r.top + r.bottom) / 2]);
    },
  };
}

/** The badge's text size for its height: 10.5 px in a 16 px badge, never under 9 px. */
export function badgeFontSize(height: number): number {
  return height >= 16 ? 10.5 : height >= 14 ? 9.5 : 9;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const inside = (a: Rect, bounds: Rect): boolean =>
  a.left >= bounds.left - 0.5 &&
  a.right <= bounds.right + 0.5 &&
  a.top >= bounds.top - 0.5 &&
  a.bottom <= bounds.bottom + 0.5;

/** Whether `outer` holds all of `inner` (half a pixel of rounding either way). */
const holds = (outer: Rect, inner: Rect): boolean => inside(inner, outer);

const box = (left: number, top: number, size: Size): Rect => ({
  left,
  top,
  right: left + size.width,
  bottom: top + size.height,
});

/** A place: where the badge's left edge goes for a size, and the band it sits in. */
interface Place {
  x(size: Size): number;
  /** Tops to try, in whole pixels, for a badge of this height. */
  tops(height: number): number[];
}

/** Centred on a band, then flush with its top, then with its bottom: whole pixels inside it. */
const within =
  (band: { top: number; bottom: number }) =>
  (height: number): number[] => {
    const centred = Math.round((band.top + band.bottom) / 2 - height / 2);
    return [
      ...new Set([centred, Math.ceil(band.top - 0.01), Math.floor(band.bottom + 0.01) - height]),
    ];
  };

/**
 * The first free slot for a badge beside `name`, or null when the row has none. `obstacles` are
 * the row's text, control and picture boxes other than the name's own; `bounds` is the row.
 */
export function chooseSlot(
  name: Rect,
  obstacles: readonly Rect[],
  bounds: Rect,
  full: Size,
  compact: Size,
  options: SlotOptions = {},
): Slot | null {
  // A row without a box is a DOM without layout (no browser drew it): nothing to stay inside.
  const bounded = bounds.right > bounds.left || bounds.bottom > bounds.top;
  const first = options.lines?.first ?? name;
  const last = options.lines?.last ?? name;
  // Never over the name's box either, even where a wrapped last line leaves it empty: the name
  // is often a link, and a click at the centre of its box must still reach it.
  const own: Rect[] = [first, last, name];
  const free = (r: Rect) =>
    (!bounded || inside(r, bounds)) &&
    !own.some((o) => overlaps(r, o)) &&
    !obstacles.some((o) => overlaps(r, o));
  const cell = options.cell ?? null;
  const onLast = within(last);
  const places: Place[] = [
    // The end of the name's (last) line.
    { x: () => last.right + GAP, tops: onLast },
  ];
  // Past whatever follows the name on its line (an id, an icon), while still near it.
  const onLine = (o: Rect) => o.top < last.bottom && o.bottom > last.top;
  const after = obstacles
    .filter((o) => o.right > last.right && onLine(o))
    .map((o) => o.right + GAP)
    .filter((x) => x - last.right <= MAX_SHIFT)
    .sort((a, b) => a - b);
  for (const x of after) places.push({ x: () => x, tops: onLast });
  // Before the name, on its first line.
  places.push({ x: (size) => first.left - GAP - size.width, tops: within(first) });
  // The name cell's free padding: at the cell's end on the name's line, then under or over the
  // name (cards, two-line rows), aligned with it.
  if (cell) places.push({ x: (size) => cell.right - GAP / 2 - size.width, tops: onLast });
  places.push({ x: () => name.left, tops: () => [Math.ceil(name.bottom + 1)] });
  places.push({ x: () => name.left, tops: (h) => [Math.floor(name.top - 1) - h] });
  if (cell) {
    places.push({
      x: (size) => cell.right - GAP / 2 - size.width,
      tops: () => [Math.ceil(name.bottom + 1)],
    });
    places.push({
      x: (size) => cell.right - GAP / 2 - size.width,
      tops: (h) => [Math.floor(name.top - 1) - h],
    });
  }
  // Near the name: where a badge is plainly the name's own.
  const near = places.length;
  // The row's free places, nearest the name first: after each thing in the row, and its ends.
  if (bounded) {
    const middle = { top: bounds.top, bottom: bounds.bottom };
    const xs = [...obstacles.map((o) => o.right + GAP), name.right + GAP, bounds.left + GAP].sort(
      (a, b) => Math.abs(a - last.right) - Math.abs(b - last.right),
    );
    for (const band of [last, middle]) {
      for (const x of xs) places.push({ x: () => x, tops: within(band) });
      places.push({ x: (size) => bounds.right - GAP - size.width, tops: within(band) });
    }
  }
  // Near the name and spaced from the other badges first (WCAG 2.5.8's spacing for a target
  // under 24 px), then the first free place anywhere in the row.
  const spaced = options.spaced;
  const passes: Array<[readonly Place[], (r: Rect) => boolean]> = spaced
    ? [
        [places.slice(0, near), (r) => free(r) && spaced(r)],
        [places, free],
      ]
    : [[places, free]];
  // The first place, full size before compact, whose box passes `ok`.
  const firstOf = (list: readonly Place[], ok: (r: Rect) => boolean): Slot | null => {
    for (const place of list) {
      for (const [size, isCompact] of [
        [full, false],
        [compact, true],
      ] as const) {
        // Whole pixels, checked as drawn: rounding after the check could nudge a badge onto text.
        const left = Math.round(place.x(size));
        for (const top of place.tops(size.height)) {
          if (ok(box(left, top, size))) return { left, top, compact: isCompact };
        }
      }
    }
    return null;
  };
  for (const [list, ok] of passes) {
    const slot = firstOf(list, ok);
    if (slot) return slot;
  }
  // Past the row's ends (a narrow table in a wide page), where the page itself is free.
  const clear = options.clear;
  if (clear && bounded) {
    const beyond: Place[] = [
      { x: () => bounds.right + GAP, tops: onLast },
      { x: (size) => bounds.left - GAP - size.width, tops: onLast },
    ];
    // A tile: the control around the name (given, or the obstacle that holds the name's box).
    const tile = options.tile ?? obstacles.find((o) => holds(o, name)) ?? null;
    const outside = (r: Rect) =>
      !own.some((o) => overlaps(r, o)) && !obstacles.some((o) => overlaps(r, o)) && clear(r);
    const slot = firstOf(beyond, outside);
    if (slot || !tile) return slot;
    // Around a tile of a grid nothing but the spacing keeps two pupils' badges apart (the
    // gaps are shared): there it is required.
    return firstOf(aroundTile(tile), (r) => outside(r) && (!spaced || spaced(r)));
  }
  return null;
}

/**
 * Just outside a tile's border box, at its corners: above or below it where the grid's edge or an
 * empty cell leaves room, else beside it (the last column, a page margin).
 */
function aroundTile(tile: Rect): Place[] {
  const above = (h: number) => [Math.floor(tile.top - GAP / 2) - h];
  const below = () => [Math.ceil(tile.bottom + GAP / 2)];
  const ends = (h: number) => [Math.ceil(tile.top), Math.floor(tile.bottom) - h];
  return [
    { x: () => tile.left, tops: above },
    { x: () => tile.left, tops: below },
    { x: (size) => tile.right - size.width, tops: above },
    { x: (size) => tile.right - size.width, tops: below },
    { x: () => Math.ceil(tile.right + GAP / 2), tops: ends },
    { x: (size) => Math.floor(tile.left - GAP / 2) - size.width, tops: ends },
  ];
}

/**
 * The first and last lines of a name from its text's client rects (one per line fragment), each
 * as tall as the line box when the name's line-height is known (null: "normal", where the line
 * box is the text's own).
 */
export function nameLines(rects: Iterable<Rect>, lineHeight: number | null): NameLines | null {
  const list = [...rects].filter((r) => r.right > r.left && r.bottom > r.top);
  if (list.length === 0) return null;
  const line = (ref: Rect): Rect => {
    const mid = (ref.top + ref.bottom) / 2;
    const on = list.filter((r) => r.top <= mid && r.bottom >= mid);
    const left = Math.min(...on.map((r) => r.left));
    const right = Math.max(...on.map((r) => r.right));
    const top = Math.min(...on.map((r) => r.top));
    const bottom = Math.max(...on.map((r) => r.bottom));
    if (!lineHeight) return { left, right, top, bottom };
    const centre = (top + bottom) / 2;
    return { left, right, top: centre - lineHeight / 2, bottom: centre + lineHeight / 2 };
  };
  const top = list.reduce((a, r) => (r.top < a.top ? r : a));
  const bottom = list.reduce((a, r) => (r.bottom > a.bottom ? r : a));
  return { first: line(top), last: line(bottom) };
}

/** Rows of every layout we know: table rows, ARIA rows, list items. */
const ROW = 'tr, [role="row"], li, [role="listitem"], dd';
export const CONTROL =
  'input:not([type="hidden"]), select, textarea, button, a[href], img, svg, canvas, video, ' +
  '[role="button"], [role="checkbox"], [role="radio"], [role="switch"], [role="link"], ' +
  '[role="combobox"], [role="textbox"], [role="slider"], [role="spinbutton"], [role="img"], ' +
  '[role="tab"], [role="menuitem"], [role="option"], [contenteditable=""], [contenteditable="true"]';

/**
 * The element whose box a badge must stay inside: the name's row, or for layouts without rows the
 * widest ancestor that is still about one line of the page.
 */
export function rowOf(name: Element, nameHeight: number): Element {
  const row = name.closest(ROW);
  if (row) return row;
  let scope: Element = name.parentElement ?? name;
  for (let i = 0; i < 3; i++) {
    const up = scope.parentElement;
    if (!up || up === up.ownerDocument.body) break;
    if (up.getBoundingClientRect().height > Math.max(3 * nameHeight, 48)) break;
    scope = up;
  }
  return scope;
}

// Their insides are drawn inside their own box (or not at all, like a closed select's options).
const OPAQUE = new Set([
  'SELECT',
  'svg',
  'SVG',
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'TEXTAREA',
  'CANVAS',
]);

const toRect = (r: DOMRectReadOnly): Rect => ({
  left: r.left,
  top: r.top,
  right: r.right,
  bottom: r.bottom,
});

/**
 * The boxes in `row` a badge must not touch: every piece of text but the name's own, and every
 * control and picture. Boxes of hidden things have no size and drop out.
 */
export function obstaclesIn(row: Element, name: Element, range: Range): Rect[] {
  const out: Rect[] = [];
  const doc = row.ownerDocument;
  const walker = doc.createTreeWalker(row, 5 /* SHOW_ELEMENT | SHOW_TEXT */, {
    // A control or picture counts by its own box; what is inside it need not be walked.
    acceptNode: (n) => (n.parentElement && OPAQUE.has(n.parentElement.tagName) ? 2 : 1),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      if (!node.nodeValue?.trim() || name.contains(node)) continue;
      range.selectNodeContents(node);
      const rects = range.getClientRects?.();
      if (rects) for (const r of rects) if (r.width && r.height) out.push(toRect(r));
      continue;
    }
    const el = node as Element;
    if (el === name || el.contains(name)) continue;
    if (el.matches(CONTROL)) {
      const r = el.getBoundingClientRect();
      if (r.width && r.height) out.push(toRect(r));
    }
  }
  // A name inside a control (a tile the tutor taps, a block link to the pupil): a badge inside
  // that control's box would take its clicks, so the whole box is in the way.
  const holder = controlAround(name, row);
  if (holder) {
    const r = holder.getBoundingClientRect();
    if (r.width && r.height) out.push(toRect(r));
  }
  return out;
}

/**
 * The control a name sits in within its row (or that is its row), if any: a button or link, or a
 * label around a form control (a tick-box tile), whose whole box takes the tutor's tap.
 */
export function controlAround(name: Element, row: Element): Element | null {
  const within = (el: Element | null | undefined) =>
    el && (el === row || row.contains(el)) ? el : null;
  const label = within(name.parentElement?.closest('label'));
  return within(name.parentElement?.closest(CONTROL)) ?? (label && tapLabel(label) ? label : null);
}

/** What a label around it passes its clicks to. */
const FORM_CONTROL = 'input:not([type="hidden"]), select, textarea';

/** A label around a form control: a tap anywhere on it is a tap on the control. */
export const tapLabel = (el: Element): boolean =>
  el.tagName === 'LABEL' && !!el.querySelector(FORM_CONTROL);

/**
 * Whether the page draws no text, control or picture inside a box (viewport coordinates) and the
 * box lies inside the page's width. The page is walked from the body, leaving out every subtree
 * whose box misses the one asked about, unless it may draw outside its box (it scrolls, or holds
 * positioned or floating things: those are walked). Our own host is skipped.
 */
export function pageFree(doc: Document, host: Element | null): (r: Rect) => boolean {
  const range = doc.createRange();
  const view = doc.defaultView;
  const width = doc.documentElement.clientWidth;
  const escapes = (el: Element): boolean => {
    const style = view?.getComputedStyle(el);
    if (!style) return true;
    return (
      style.overflow === 'visible' &&
      (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    );
  };
  return (r) => {
    if (r.left < 0 || (width && r.right > width)) return false;
    const body = doc.body;
    if (!body) return true;
    const walker = doc.createTreeWalker(body, 5 /* SHOW_ELEMENT | SHOW_TEXT */, {
      acceptNode(node) {
        if (node.nodeType === 3) return 1;
        const el = node as Element;
        if (el === host || (OPAQUE.has(el.tagName) && !el.matches(CONTROL))) return 2;
        const b = el.getBoundingClientRect();
        // No box of its own (display: contents, an empty wrapper): its children may still draw.
        if (!b.width && !b.height) return 3;
        if (overlaps(b, r)) return 1;
        return escapes(el) ? 3 : 2;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 3) {
        if (!node.nodeValue?.trim()) continue;
        range.selectNodeContents(node);
        for (const t of range.getClientRects())
          if (t.width && t.height && overlaps(t, r)) return false;
        continue;
      }
      const el = node as Element;
      if ((el.matches(CONTROL) || tapLabel(el)) && overlaps(el.getBoundingClientRect(), r))
        return false;
    }
    return true;
  };
}
