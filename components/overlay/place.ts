/**
 * Where a badge may sit without covering the page. The badge's box must touch none of the text,
 * controls or pictures of the pupil's row (their own boxes, measured: a text's line boxes, a
 * control's border box), except the name it annotates, and must stay inside the row. The full
 * badge beside the name is tried first, then the compact form beside it, then the first gap
 * further along the row near the name, then the free space above or below the name in a tall
 * cell. A badge with no free place is not drawn over the page (not even over the name, which is
 * often a link the tutor clicks): the toolbar says how many.
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

export const GAP = 4;
/** How far along the row a badge may move from its name and still read as the name's. */
const MAX_SHIFT = 160;

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const inside = (a: Rect, bounds: Rect): boolean =>
  a.left >= bounds.left - 0.5 &&
  a.right <= bounds.right + 0.5 &&
  a.top >= bounds.top - 0.5 &&
  a.bottom <= bounds.bottom + 0.5;

const box = (left: number, top: number, size: Size): Rect => ({
  left,
  top,
  right: left + size.width,
  bottom: top + size.height,
});

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
): Slot | null {
  // A row without a box is a DOM without layout (no browser drew it): nothing to stay inside.
  const bounded = bounds.right > bounds.left || bounds.bottom > bounds.top;
  const free = (r: Rect) =>
    (!bounded || inside(r, bounds)) && !obstacles.some((o) => overlaps(r, o));
  const middle = (name.top + name.bottom) / 2;
  // Places nearest the name first; at each, the full badge, then the compact one.
  const places: Array<(size: Size) => [number, number]> = [
    (size) => [name.right + GAP, middle - size.height / 2],
    // Top-aligned with the name: a badge a little taller than a short name's line, centred, would
    // graze the line under it (an id, a form) where the name is shorter than that line.
    () => [name.right + GAP, name.top],
  ];
  // Past whatever follows the name in its row (an id line, an icon), while still near it.
  const after = obstacles
    .filter((o) => o.right > name.right && o.top < name.bottom && o.bottom > name.top)
    .map((o) => o.right + GAP)
    .filter((x) => x - name.right <= MAX_SHIFT)
    .sort((a, b) => a - b);
  for (const x of after) places.push((size) => [x, middle - size.height / 2]);
  places.push((size) => [name.left - GAP - size.width, middle - size.height / 2]);
  // Tall cells (cards, two-line rows): under or over the name, aligned with it.
  places.push(() => [name.left, name.bottom + 1]);
  places.push((size) => [name.left, name.top - 1 - size.height]);
  const tries: Array<[number, number, boolean]> = [];
  for (const place of places) {
    tries.push([...place(full), false], [...place(compact), true]);
  }
  for (const [x, y, isCompact] of tries) {
    // Whole pixels, checked as drawn: rounding after the check could nudge a badge onto text.
    const left = Math.round(x);
    const top = Math.round(y);
    if (free(box(left, top, isCompact ? compact : full))) return { left, top, compact: isCompact };
  }
  return null;
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
  return out;
}
