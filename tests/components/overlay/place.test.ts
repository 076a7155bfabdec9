import { describe, expect, it } from 'vitest';
import {
  badgeHeight,
  badgeSpacing,
  chooseSlot,
  controlAround,
  nameLines,
  type Rect,
} from '../../../components/overlay/place';
import { cornerRect, firstFree, tabSpots } from '../../../components/overlay/dock';

const rect = (left: number, top: number, right: number, bottom: number): Rect => ({
  left,
  top,
  right,
  bottom,
});
const FULL = { width: 80, height: 16 };
const COMPACT = { width: 20, height: 16 };
// A 30px-tall row from x 0 to 600; the name's text from x 10 to 110, vertically centred.
const ROW = rect(0, 0, 600, 30);
const NAME = rect(10, 7, 110, 23);

describe('choosing where a badge sits', () => {
  it('should put the full badge just after the name when the row is free there', () => {
    expect(chooseSlot(NAME, [], ROW, FULL, COMPACT)).toEqual({ left: 114, top: 7, compact: false });
  });

  it('should fall back to the compact form when only a narrow gap follows the name', () => {
    // A "Present" toggle 40px after the name: room for 20px, not 80px.
    const toggle = rect(150, 3, 220, 27);
    expect(chooseSlot(NAME, [toggle], ROW, FULL, COMPACT)).toEqual({
      left: 114,
      top: 7,
      compact: true,
    });
  });

  it('should move past a short id line that follows the name, while staying near it', () => {
    const id = rect(112, 7, 160, 23);
    expect(chooseSlot(NAME, [id], ROW, FULL, COMPACT)).toEqual({
      left: 164,
      top: 7,
      compact: false,
    });
  });

  it('should use the space before the name when the name fills its cell to the right', () => {
    const row = rect(0, 0, 600, 30);
    const name = rect(100, 7, 300, 23);
    const after = rect(302, 3, 600, 27);
    expect(chooseSlot(name, [after], row, FULL, COMPACT)).toEqual({
      left: 16,
      top: 7,
      compact: false,
    });
  });

  it('should draw nothing when every place beside the name is taken', () => {
    const row = rect(10, 7, 130, 23);
    const after = rect(112, 7, 130, 23);
    expect(chooseSlot(NAME, [after], row, FULL, COMPACT)).toBeNull();
  });

  it('should stay inside the row, never over the next row', () => {
    const tight = rect(0, 8, 600, 22);
    expect(chooseSlot(NAME, [], tight, FULL, COMPACT)).toBeNull();
  });

  it("should fit a short name's line between the name and the id line under it", () => {
    // The demo grid: a 16 px name line (a link) with "Student ID 123" on the next line, flush.
    const row = rect(0, 0, 600, 50);
    const name = rect(50, 9.4, 120, 25.4);
    const meta = rect(50, 25.4, 140, 38);
    const photo = rect(10, 10, 40, 40);
    const height = badgeHeight(name);
    const slot = chooseSlot(name, [meta, photo], row, { width: 80, height }, { width: 18, height });
    expect(height).toBe(15);
    expect(slot).toEqual({ left: 124, top: 10, compact: false });
    expect(slot!.top + height).toBeLessThanOrEqual(meta.top);
  });

  it.each([
    ['a 14 px line box', rect(0, 10, 80, 24), 14],
    [
      'a 14 px line box off the pixel grid (only 13 whole pixels inside)',
      rect(0, 10.5, 80, 24.5),
      13,
    ],
    ["a 12 px font's 13.8 px line", rect(0, 3, 80, 16.8), 13],
    ['a tall 24 px line', rect(0, 0, 80, 24), 16],
    ['a tiny 9 px line', rect(0, 0, 80, 9), 12],
  ])('should size the badge to %s', (_what, line, want) => {
    expect(badgeHeight(line)).toBe(want);
  });

  it('should measure the first and last line boxes of a wrapped name from its line-height', () => {
    const fragments = [rect(10, 2, 90, 16), rect(10, 20, 50, 34)];
    expect(nameLines(fragments, 18)).toEqual({
      first: rect(10, 0, 90, 18),
      last: rect(10, 18, 50, 36),
    });
    expect(nameLines(fragments, null)?.last).toEqual(rect(10, 20, 50, 34));
  });

  it("should keep a wrapped name's whole box clear, so a click at its centre reaches the link", () => {
    const name = rect(10, 0, 90, 36);
    const lines = { first: rect(10, 0, 90, 18), last: rect(10, 18, 50, 36) };
    expect(chooseSlot(name, [], rect(0, 0, 600, 40), FULL, COMPACT, { lines })).toEqual({
      left: 94,
      top: 19,
      compact: false,
    });
  });

  it("should use the cell's free padding under the name when its line is full", () => {
    // A card: the name fills its line up to an icon; the cell has room under the name.
    const cell = rect(0, 0, 200, 60);
    const name = rect(10, 5, 150, 21);
    const icon = rect(152, 5, 168, 21);
    const end = rect(170, 5, 200, 21);
    const before = rect(0, 5, 8, 21);
    expect(chooseSlot(name, [icon, end, before], cell, FULL, COMPACT, { cell })).toEqual({
      left: 10,
      top: 22,
      compact: false,
    });
  });

  it("should fall back to the row's free end when everything near the name is taken", () => {
    const row = rect(0, 0, 600, 20);
    const name = rect(10, 2, 110, 18);
    const cells = [rect(0, 2, 8, 18), rect(112, 2, 300, 18), rect(305, 2, 500, 18)];
    expect(chooseSlot(name, cells, row, FULL, COMPACT)).toEqual({
      left: 504,
      top: 2,
      compact: false,
    });
  });

  it('should go just past the end of a full row when the page is free there, and only then', () => {
    // A narrow unstyled table: the name and a select fill the row; the page is empty beyond it.
    const row = rect(10, 0, 200, 20);
    const name = rect(12, 2, 90, 18);
    const select = rect(110, 1, 198, 19);
    const pageEndsAt = (x: number) => (r: Rect) => r.right <= x;
    expect(chooseSlot(name, [select], row, FULL, COMPACT, { clear: pageEndsAt(1000) })).toEqual({
      left: 204,
      top: 2,
      compact: false,
    });
    expect(chooseSlot(name, [select], row, FULL, COMPACT, { clear: pageEndsAt(250) })).toEqual({
      left: 204,
      top: 2,
      compact: true,
    });
    expect(chooseSlot(name, [select], row, FULL, COMPACT, { clear: () => false })).toBeNull();
    expect(chooseSlot(name, [select], row, FULL, COMPACT)).toBeNull();
  });

  it('should keep a badge 24 px from the one above when a place near the name allows', () => {
    // A 15 px row under a row whose badge sits at the end of a name of the same length.
    const cell = rect(60, 15, 190, 30);
    const name = rect(62, 16, 130, 29);
    const spacing = badgeSpacing();
    spacing.add(rect(134, 1, 150, 14));
    const small = { width: 16, height: 13 };
    expect(
      chooseSlot(name, [], cell, FULL, small, { cell, spaced: (r) => spacing.spaced(r) }),
    ).toEqual({ left: 172, top: 16, compact: true });
    // With no spaced place near the name, the first free place is taken all the same.
    expect(chooseSlot(name, [], cell, FULL, small, { spaced: () => false })).toEqual({
      left: 134,
      top: 16,
      compact: true,
    });
  });

  it('should never cover the name itself', () => {
    const row = rect(0, 0, 120, 20);
    expect(chooseSlot(rect(0, 2, 120, 18), [], row, FULL, COMPACT)).toBeNull();
  });

  it('should place freely on a page without layout (a row with no box)', () => {
    expect(chooseSlot(NAME, [], rect(0, 0, 0, 0), FULL, COMPACT)?.compact).toBe(false);
  });
});

describe('placing a badge by a tile the tutor taps', () => {
  // A tile of a grid, 150 × 100, whose name line sits at y 60-76; the tile is the row.
  const TILE = rect(100, 100, 250, 200);
  const NAME_ON_TILE = rect(140, 160, 210, 176);
  /** The page's other tiles, 8 px apart on every side, and whatever else the test names. */
  const pageWith =
    (...busy: Rect[]) =>
    (r: Rect) =>
      !busy.some(
        (b) => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom,
      );
  const ABOVE = rect(100, -8, 250, 92);
  const BELOW = rect(100, 208, 250, 308);
  const LEFT = rect(-58, 100, 92, 200);
  const RIGHT = rect(258, 100, 408, 200);

  it.each([
    ['below it, where the grid ends', [ABOVE, LEFT, RIGHT], { left: 100, top: 202 }],
    ['above it, in the first row', [BELOW, LEFT, RIGHT], { left: 100, top: 82 }],
    [
      "beside it on the name's line, in the last column",
      [ABOVE, BELOW, LEFT],
      { left: 254, top: 160 },
    ],
    [
      "before it on the name's line, in the first column",
      [ABOVE, BELOW, RIGHT],
      { left: 16, top: 160 },
    ],
  ])('should put the badge just outside the tile %s', (_where, busy, want) => {
    const slot = chooseSlot(NAME_ON_TILE, [TILE], TILE, FULL, COMPACT, {
      clear: pageWith(...busy),
    });

    expect(slot).toMatchObject(want);
  });

  it('should take the obstacle that holds the whole name for the tile, with no tile given', () => {
    const slot = chooseSlot(NAME_ON_TILE, [TILE], TILE, FULL, COMPACT, {
      clear: pageWith(ABOVE, LEFT, RIGHT),
    });

    expect(slot).toEqual({ left: 100, top: 202, compact: false });
  });

  it('should leave a tile with neighbours 8 px away on every side without a badge (the bar lists it)', () => {
    const slot = chooseSlot(NAME_ON_TILE, [TILE], TILE, FULL, COMPACT, {
      clear: pageWith(ABOVE, BELOW, LEFT, RIGHT),
      tile: TILE,
    });

    expect(slot).toBeNull();
  });

  it("should not put a badge where other pupils' badges already sit in the gap", () => {
    const spacing = badgeSpacing();
    // Badges of the tiles around, under both of this tile's lower corners, full and compact.
    for (const r of [
      rect(100, 202, 180, 218),
      rect(100, 202, 120, 218),
      rect(170, 202, 250, 218),
      rect(230, 202, 250, 218),
    ])
      spacing.add(r);
    const options = { clear: pageWith(ABOVE, LEFT, RIGHT), tile: TILE };

    const crowded = chooseSlot(NAME_ON_TILE, [TILE], TILE, FULL, COMPACT, {
      ...options,
      spaced: (r) => spacing.spaced(r),
    });
    const alone = chooseSlot(NAME_ON_TILE, [TILE], TILE, FULL, COMPACT, options);

    expect(crowded).toBeNull();
    expect(alone).toEqual({ left: 100, top: 202, compact: false });
  });

  it.each([
    [
      'a label around a tick box',
      '<label><input type="checkbox"><span>Ada Lovelace</span></label>',
      'LABEL',
    ],
    ['a button', '<button type="button"><span>Ada Lovelace</span></button>', 'BUTTON'],
    ['a label for a control elsewhere', '<label for="x"><span>Ada Lovelace</span></label>', null],
  ])('should take %s around the name for the tile', (_what, html, want) => {
    const doc = new DOMParser().parseFromString(`<div id="row">${html}</div>`, 'text/html');
    const row = doc.getElementById('row')!;
    const name = row.querySelector('span')!;

    expect(controlAround(name, row)?.tagName ?? null).toBe(want);
  });
});

describe('docking the bar', () => {
  const viewport = { width: 1000, height: 800 };
  const bar = { width: 300, height: 30 };

  it.each([
    ['bottom-right', rect(692, 762, 992, 792)],
    ['top-left', rect(8, 8, 308, 38)],
  ] as const)('should place the bar in the %s corner', (corner, want) => {
    expect(cornerRect(corner, bar, viewport)).toEqual(want);
  });

  it('should take the first spot the page leaves free', () => {
    const spots = tabSpots({ width: 34, height: 26 }, viewport);
    const busy = (r: Rect) => r.top > 400;
    expect(firstFree(spots, busy)).toEqual(spots.find((r) => r.top <= 400));
    expect(firstFree(spots, () => true)).toBeNull();
  });
});
