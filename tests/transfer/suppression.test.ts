import { describe, expect, it } from 'vitest';
import {
  isHidden,
  suppressTable,
  SUPPRESSED,
  WITHHELD,
  type SuppressedTable,
} from '../../utils/transfer/suppression';

const S = SUPPRESSED;
const C = WITHHELD;

/** Every row and column, with its total, hides none or at least two values. */
function noLoneHiddenValue(t: SuppressedTable): boolean {
  const lines: unknown[][] = [];
  t.cells.forEach((row, i) => lines.push([...row, t.rowTotals[i]]));
  t.columnTotals.forEach((total, j) => lines.push([...t.cells.map((row) => row[j]), total]));
  lines.push([...t.columnTotals, t.total]);
  lines.push([...t.rowTotals, t.total]);
  return lines.every((line) => line.filter(isHidden).length !== 1);
}

describe('small-number suppression', () => {
  it('should show a table with no count of 1 or 2 unchanged', () => {
    const t = suppressTable([
      [10, 5],
      [0, 7],
    ]);

    expect(t).toEqual({
      cells: [
        [10, 5],
        [0, 7],
      ],
      rowTotals: [15, 7],
      columnTotals: [10, 12],
      total: 22,
    });
  });

  it.each([[1], [2]])('should hide a count of %i as "<3"', (n) => {
    const t = suppressTable([
      [20, n, 8],
      [15, 6, 9],
    ]);

    expect(t.cells[0]![1]).toBe(S);
  });

  it('should also hide a second cell in the row and column so the first cannot be worked out', () => {
    const t = suppressTable([
      [20, 2, 8],
      [15, 6, 9],
    ]);

    expect(t.cells).toEqual([
      [20, S, C],
      [15, C, C],
    ]);
    expect(t.rowTotals).toEqual([30, 30]);
    expect(t.columnTotals).toEqual([35, 8, 17]);
    expect(noLoneHiddenValue(t)).toBe(true);
  });

  it('should hide the equal column total when there is only one group', () => {
    const t = suppressTable([[25, 1, 4]]);

    expect(t.columnTotals[1]).toBe(S);
    expect(t.cells[0]![2]).toBe(C);
    expect(noLoneHiddenValue(t)).toBe(true);
  });

  it('should hide a group total under 3 and a partner for it', () => {
    const t = suppressTable([
      [2, 0],
      [10, 4],
      [12, 3],
    ]);

    expect(t.rowTotals[0]).toBe(S);
    expect(noLoneHiddenValue(t)).toBe(true);
  });

  it('should leave no lone hidden value in any row or column of a ragged table', () => {
    const t = suppressTable([
      [1, 0, 14, 2],
      [9, 1, 0, 0],
      [30, 12, 5, 1],
      [0, 0, 2, 0],
    ]);

    expect(noLoneHiddenValue(t)).toBe(true);
    expect(t.cells.flat().filter((v) => v === 1 || v === 2)).toEqual([]);
  });
});
