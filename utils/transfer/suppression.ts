/**
 * Small-number suppression for aggregate tables that leave the school (hub meeting, local
 * authority, governors). A count of 1 or 2 can identify a pupil in a small group, so it is shown
 * as "<3". Suppressing only those cells is not enough: a row or column total minus the shown
 * cells would give the hidden one back. So every row and column of the table, read with its
 * total, must hide either nothing or at least two values (secondary suppression).
 *
 * Zero is shown: "no pupil in 7B is severely absent" discloses nothing about one pupil that the
 * group's size does not, and the DfE's own tables follow the same rule (1 and 2 suppressed).
 */
export const SUPPRESSED = '<3' as const;
/**
 * A count hidden only to protect a "<3" beside it. It is marked apart because it may be large:
 * showing it as "<3" would tell a governor something untrue.
 */
export const WITHHELD = 'c' as const;
export type Cell = number | typeof SUPPRESSED | typeof WITHHELD;
export const isHidden = (cell: unknown): cell is typeof SUPPRESSED | typeof WITHHELD =>
  cell === SUPPRESSED || cell === WITHHELD;

export interface SuppressedTable {
  /** One row per group, one column per category. */
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
}

/**
 * Suppresses a table of counts. The totals are computed here from the counts, so the table
 * always adds up before suppression and the constraints checked are the real ones.
 */
export function suppressTable(
  counts: readonly (readonly number[])[],
  threshold = 3,
): SuppressedTable {
  const rows = counts.length;
  const cols = counts[0]?.length ?? 0;
  // The table extended by its margins: column `cols` holds row totals, row `rows` column totals.
  const grid: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const margin: number[] = [];
  for (let j = 0; j <= cols; j++) margin.push(grid.reduce((sum, row) => sum + row[j]!, 0));
  grid.push(margin);
  const primary = grid.map((row) => row.map((value) => value > 0 && value < threshold));
  const hidden = primary.map((row) => [...row]);

  // Each line of the extended grid is one equation: its cells add up to its margin entry.
  const lines: [number, number][][] = [];
  for (let i = 0; i <= rows; i++) lines.push(Array.from({ length: cols + 1 }, (_, j) => [i, j]));
  for (let j = 0; j <= cols; j++) lines.push(Array.from({ length: rows + 1 }, (_, i) => [i, j]));

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenCount = line.filter(([i, j]) => hidden[i]![j]).length;
      if (hiddenCount !== 1) continue;
      const pick = pickSecondary(line, grid, hidden, rows, cols);
      if (!pick) continue;
      hidden[pick[0]]![pick[1]] = true;
      changed = true;
    }
  }

  const show = (i: number, j: number): Cell =>
    primary[i]![j] ? SUPPRESSED : hidden[i]![j] ? WITHHELD : grid[i]![j]!;
  return {
    cells: Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => show(i, j)),
    ),
    rowTotals: Array.from({ length: rows }, (_, i) => show(i, cols)),
    columnTotals: Array.from({ length: cols }, (_, j) => show(rows, j)),
    total: show(rows, cols),
  };
}

/**
 * The cheapest second value to hide in a line: the smallest non-zero inner cell, so totals stay
 * visible where they can; then a total; then a zero cell.
 */
function pickSecondary(
  line: [number, number][],
  grid: number[][],
  hidden: boolean[][],
  rows: number,
  cols: number,
): [number, number] | undefined {
  const open = line.filter(([i, j]) => !hidden[i]![j]);
  const isTotal = ([i, j]: [number, number]) => i === rows || j === cols;
  const by = (list: [number, number][]) =>
    [...list].sort((a, b) => grid[a[0]]![a[1]]! - grid[b[0]]![b[1]]!)[0];
  return (
    by(open.filter((p) => !isTotal(p) && grid[p[0]]![p[1]]! > 0)) ??
    by(open.filter((p) => isTotal(p) && grid[p[0]]![p[1]]! > 0)) ??
    by(open.filter((p) => !isTotal(p)))
  );
}
