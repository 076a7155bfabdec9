import { upperTag } from '../text';
import { type NameHit, rootElement } from './names';

export const ROW_ROLE = '[role=row]';
export const isTableRow = (el: Element) => upperTag(el) === 'TR';

export interface Row {
  el: Element;
  name: string;
  nameEl: Element;
}

export interface Group {
  container: Element;
  kind: 'table' | 'grid' | 'free';
  rows: Row[];
}

/** Rows are the largest containers holding exactly one name; groups are rows side by side. */
export function groupRows(root: ParentNode, names: NameHit[]): Group[] {
  const top = rootElement(root);
  const count = new Map<Element, number>();
  // Only "exactly one name beneath" matters, so counts stop at 2, and an ancestor already at 2
  // has every ancestor above it at 2 too: each walk up ends there.
  for (const { el } of names) {
    for (let a: Element | null = el; a; a = a.parentElement) {
      const n = count.get(a);
      if (n === undefined) count.set(a, 1);
      else if (n === 1) count.set(a, 2);
      else break;
    }
  }
  const groups = new Map<Element, Group>();
  const rowSeen = new Set<Element>();
  for (const hit of names) {
    let r = hit.el;
    while (r.parentElement && r.parentElement !== top && count.get(r.parentElement) === 1) {
      r = r.parentElement;
    }
    // A row with two names (pupil and contact) still is a row: the table or grid row decides.
    const structural = r.closest('tr,[role=row]');
    if (structural && (!r.contains(structural) || r === structural)) r = structural;
    if (rowSeen.has(r)) continue;
    rowSeen.add(r);
    let container: Element | null;
    let kind: Group['kind'];
    if (isTableRow(r)) {
      container = r.closest('table');
      kind = 'table';
    } else if (r.matches(ROW_ROLE)) {
      container = r.closest('[role=grid],[role=treegrid],[role=table]') ?? r.parentElement;
      kind = 'grid';
    } else {
      container = r.parentElement;
      kind = 'free';
    }
    if (!container) continue;
    let g = groups.get(container);
    if (!g) {
      g = { container, kind, rows: [] };
      groups.set(container, g);
    }
    g.rows.push({ el: r, name: hit.name, nameEl: hit.el });
  }
  return [...groups.values()];
}
