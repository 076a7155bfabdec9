import { describe, expect, it } from 'vitest';
import {
  badgeHeight,
  badgeSpacing,
  chooseSlot,
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
