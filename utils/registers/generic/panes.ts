import { upperTag } from '../text';
import { type Column, tableColumns } from './columns';
import type { Group } from './rows';

/**
 * Frozen panes: a grid that keeps its names still while the marks scroll draws two tables side
 * by side, the names in one and the marks in the other, each pupil's marks on the row of the
 * same place (or the same row id). The names table then says nothing of any date; its neighbour
 * has no names and is headed by dates or sessions. Decided once per page, before any row is read.
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

/** A row's identifying values (`data-row-id="r1040"`, `id="row-1040"`), for matching by id. */
function ids(tr: Element): string[] {
  const out: string[] = [];
  for (const a of tr.getAttributeNames()) {
    if (a === 'id' || a.startsWith('data-')) out.push(tr.getAttribute(a)!.replace(/\D+/g, ''));
  }
  return out.filter(Boolean);
}

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
  if (!box) return null;
  const names = bodyRows(own);
  const nameRows = new Set(g.rows.map((r) => r.el));
  for (const table of Array.from(box.querySelectorAll('table'))) {
    if (table === own || table.contains(own) || own.contains(table)) continue;
    const marks = bodyRows(table);
    if (marks.length !== names.length) continue;
    const columns = tableColumns(table, ref, weekStart);
    if (dated(columns) < 2) continue;
    // By a shared row id where every row has one, else by place.
    const byId = new Map<string, Element>();
    for (const tr of marks) for (const id of ids(tr)) byId.set(id, tr);
    const rows = new Map<Element, Element>();
    names.forEach((tr, i) => {
      if (!nameRows.has(tr)) return;
      // A row with an id is matched by it or not at all; one without, by its place.
      const own = ids(tr);
      const match = own.length ? own.map((id) => byId.get(id)).find(Boolean) : marks[i];
      if (match) rows.set(tr, match);
    });
    if (rows.size === nameRows.size) return { table, columns, rows };
  }
  return null;
}
