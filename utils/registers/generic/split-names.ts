import { byTag, looksLikePersonName, norm, textOf, upperTag } from '../text';
import type { NameHit } from './names';

/**
 * Names kept in two columns, "Surname" and "Forename" (SIMS-style lists, exports shown as a
 * table): neither cell alone reads as a person's name, so the pair is joined, surname first as
 * the page orders it ("ADAMS, Grace" style keys stay apart from "Grace Adams"). Found by the
 * header words, never by position.
 */

// "Surname", "Last name", "Family name", "Legal surname".
const SURNAME = /^(?:legal\s+)?(?:surname|last\s*name|family\s*name)$/i;
// "Forename", "First name", "Given name", "Preferred (fore)name", "Legal forename".
const FORENAME =
  /^(?:legal\s+|preferred\s+)?(?:forename|forenames|first\s*name|given\s*names?|preferred\s*name)$/i;

/** The column of each header cell in a header row, counting `colspan`. */
function headerColumns(tr: Element): { text: string; col: number }[] {
  const out: { text: string; col: number }[] = [];
  let col = 0;
  for (const cell of Array.from(tr.children)) {
    const tag = upperTag(cell);
    if (tag !== 'TH' && tag !== 'TD') continue;
    out.push({ text: norm(textOf(cell)), col });
    col += Math.max(1, Number(cell.getAttribute('colspan')) || 1);
  }
  return out;
}

/** The cell of a body row at a column, counting `colspan` (rows under a rowspan are skipped). */
function cellAt(tr: Element, want: number): Element | null {
  let col = 0;
  for (const cell of Array.from(tr.children)) {
    const tag = upperTag(cell);
    if (tag !== 'TH' && tag !== 'TD') continue;
    if (col === want) return cell;
    col += Math.max(1, Number(cell.getAttribute('colspan')) || 1);
    if (col > want) return null;
  }
  return null;
}

/** One hit per body row of every table headed by a surname and a forename column. */
export function splitNames(root: ParentNode, found: readonly NameHit[]): NameHit[] {
  const hits: NameHit[] = [];
  // The cells already read as names, gathered only for a page that has both columns.
  let knownSet: Set<Element> | null = null;
  const known = () => (knownSet ??= new Set(found.map((n) => n.el)));
  const ths = byTag(root, 'th');
  for (let i = 0; i < ths.length; i++) {
    const th = ths[i]!;
    if (!SURNAME.test(norm(th.textContent ?? ''))) continue;
    const headRow = th.parentElement;
    const table = th.closest('table');
    if (!headRow || !table) continue;
    const heads = headerColumns(headRow);
    const sur = heads.find((h) => SURNAME.test(h.text));
    const fore = heads.find((h) => FORENAME.test(h.text));
    if (!sur || !fore) continue;
    for (const tr of Array.from(table.querySelectorAll('tr'))) {
      if (tr === headRow || tr.closest('table') !== table) continue;
      if (upperTag(tr.parentElement ?? tr) === 'THEAD') continue;
      const s = cellAt(tr, sur.col);
      const f = cellAt(tr, fore.col);
      if (!s || !f || known().has(s) || known().has(f)) continue;
      const surname = textOf(s);
      const forename = textOf(f);
      const name = `${surname}, ${forename}`;
      if (!surname || !forename || !looksLikePersonName(name)) continue;
      // The badge sits by the surname: the cell the page sorts and scans by.
      hits.push({ el: s, name });
    }
  }
  return hits;
}
