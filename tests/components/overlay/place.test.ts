import { describe, expect, it } from 'vitest';
import { chooseSlot, type Rect } from '../../../components/overlay/place';
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
