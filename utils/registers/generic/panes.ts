import { upperTag } from '../text';
import { type Column, tableColumns } from './columns';
import type { Group } from './rows';

/**
 * Frozen panes: a grid that keeps its names still while the marks scroll draws two tables side
 * by side, the names in one and the marks in the other, each pupil's marks on the row of the
 * same place (their row ids, where both have one, agreeing). The names table then says nothing
 * of any date; its neighbour has no names and is headed by dates or sessions. Decided once per
 * page, before any row is read.
 */

export interface Pane {
  table: Element;
  columns: Column[];
  /** A names row → the row of marks beside it. */
  rows: Map<Element, Element>;
}

// How far up from each table their shared wrapper may sit (table, pane div, panes div).
const NEAR = 4;

const bodyRows = (table: Element): Element[] =>
  Array.from(table.querySelectorAll('tr')).filter(
    (tr) => tr.closest('table') === table && upperTag(tr.parentElement!) !== 'THEAD',
  );

const dated = (cols: readonly Column[]) => cols.filter((c) => c.date || c.session).length;

/** A row's id as digits (`data-row-id="r1040"`, `id="row-1040"`: "1040"), or "". */
const rowId = (tr: Element): string =>
  (
    tr.id ||
    tr.getAttribute(tr.getAttributeNames().find((a) => a.startsWith('data-')) ?? '') ||
    ''
  ).replace(/\D+/g, '');

/** The table of marks beside a table of names, with its rows matched to the names' rows. */
export function besidePane(
  g: Group,
  ownColumns: readonly Column[],
  ref: string | null,
  weekStart: string | null,
): Pane | null {
  const own = g.container;
  // A names table with dated columns or controls of its own is a register by itself.
  if (dated(ownColumns) || own.querySelector('input,select,[aria-pressed]')) return null;
  let box: Element | null = own;
  for (let i = 0; i < NEAR && box; i++) box = box.parentElement;
  const names = bodyRows(own);
  for (const table of Array.from(box?.querySelectorAll('table') ?? [])) {
    const marks = bodyRows(table);
    if (marks.length !== names.length || table.contains(own) || own.contains(table)) continue;
    const columns = tableColumns(table, ref, weekStart);
    if (dated(columns) < 2) continue;
    // Row by row at the same place; where both rows carry an id, the ids must agree, or the
    // panes are not one grid and nothing is read from them.
    const rows = new Map<Element, Element>();
    for (let i = 0; i < names.length; i++) {
      const a = rowId(names[i]!);
      const b = rowId(marks[i]!);
      if (a && b && a !== b) return null;
      rows.set(names[i]!, marks[i]!);
    }
    return { table, columns, rows };
  }
  return null;
}
