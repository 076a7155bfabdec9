/**
 * Finds, for each pupil of a reading, the element on the page that shows their name, so a badge
 * can sit beside it. The reading is plain data (CONTRACTS §2) and carries no element references;
 * the name as the page shows it is the one thing every layout has. Read-only: never touches the
 * page.
 */

import { nameCore } from '../../utils/registers/text';

const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'OPTION', 'SELECT', 'TEXTAREA']);
// A name cell is short; longer text is a paragraph that merely mentions the pupil.
const MAX_TEXT = 160;

export const normaliseName = (text: string): string =>
  text.replace(/\s+/g, ' ').trim().toLowerCase();

export interface LocatePupil {
  key: string;
  name: string;
}

/**
 * Returns an element per pupil key (null when the name is not found). Pupils come in page order,
 * so each is matched to the first fitting element after the previous pupil's, which keeps two
 * pupils with the same name on their own rows.
 */
export function locateNames(
  root: ParentNode,
  pupils: readonly LocatePupil[],
  options: { exclude?: Element | null } = {},
): Map<string, Element | null> {
  const wanted = new Set(pupils.map((p) => normaliseName(p.name)).filter(Boolean));
  const candidates = new Map<string, Element[]>();
  const seen = new Set<Element>();
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root as Node, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue?.trim()) continue;
    let el = node.parentElement;
    // Names are often split over nodes ("<b>Abara</b>, Chidinma"): try a few ancestors.
    for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
      if (seen.has(el)) break;
      if (SKIP.has(el.tagName) || (options.exclude && options.exclude.contains(el))) break;
      seen.add(el);
      const text = el.textContent ?? '';
      if (text.length > MAX_TEXT) break;
      const norm = normaliseName(text);
      if (!wanted.has(norm) || isHidden(el)) continue;
      const list = candidates.get(norm) ?? [];
      list.push(el);
      candidates.set(norm, list);
      break;
    }
  }
  const missing = [...wanted].filter((name) => !candidates.has(name));
  if (missing.length) findWithin(root, doc, missing, candidates, options.exclude ?? null);
  const split = [...wanted].filter((name) => !candidates.has(name) && name.includes(', '));
  if (split.length) findSplit(root, split, candidates, options.exclude ?? null);
  const result = new Map<string, Element | null>();
  const used = new Set<Element>();
  let previous: Element | null = null as Element | null;
  for (const pupil of pupils) {
    const list = candidates.get(normaliseName(pupil.name)) ?? [];
    let pick: Element | null = null;
    for (const el of list) {
      if (used.has(el)) continue;
      if (!previous || previous.compareDocumentPosition(el) & 4 /* FOLLOWING */) {
        pick = el;
        break;
      }
      pick ??= el;
    }
    result.set(pupil.key, pick);
    if (pick) {
      used.add(pick);
      previous = pick;
    }
  }
  return result;
}

/**
 * Names the page shows only inside other words: a heading ("Attendance History for Beau Horton")
 * or the chosen option of a select that picks the pupil ("Blackwell, Cara (10.1, 1617)"). The
 * smallest short element that holds the whole name, between word boundaries, stands for it; a
 * select stands for the pupil its chosen option names.
 */
function findWithin(
  root: ParentNode,
  doc: Document,
  names: readonly string[],
  candidates: Map<string, Element[]>,
  exclude: Element | null,
): void {
  const add = (name: string, el: Element) => {
    const list = candidates.get(name) ?? [];
    list.push(el);
    candidates.set(name, list);
  };
  const walker = doc.createTreeWalker(root as Node, 4 /* NodeFilter.SHOW_TEXT */);
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue?.trim()) continue;
    let el = node.parentElement;
    for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
      if (seen.has(el)) break;
      if (SKIP.has(el.tagName) || (exclude && exclude.contains(el))) break;
      seen.add(el);
      const text = el.textContent ?? '';
      if (text.length > MAX_TEXT) break;
      const norm = normaliseName(text);
      // 'Alexander "Alex" Smith' shows the name the reader took without its nickname.
      const name =
        names.find((n) => holdsName(norm, n)) ??
        (text.length < 80
          ? names.find((n) => holdsName(normaliseName(nameCore(text)), n))
          : undefined);
      if (!name) continue;
      if (!isHidden(el)) add(name, el);
      break;
    }
  }
  for (const select of root.querySelectorAll('select')) {
    if (exclude && exclude.contains(select)) continue;
    const chosen = select.selectedOptions?.[0] ?? select.querySelector('option[selected]');
    if (!chosen) continue;
    const norm = normaliseName(chosen.textContent ?? '');
    const name = names.find((n) => norm.startsWith(n) && holdsName(norm, n));
    if (name && !isHidden(select)) add(name, select);
  }
}

/**
 * Names the page keeps in two cells of one row, "Surname" and "Forename": the reader joins them
 * ("adams, grace"), so the surname cell of the row that also holds the forename stands for it.
 */
function findSplit(
  root: ParentNode,
  names: readonly string[],
  candidates: Map<string, Element[]>,
  exclude: Element | null,
): void {
  const cells = new Map<string, Element[]>();
  for (const cell of root.querySelectorAll('td, th')) {
    const text = cell.textContent ?? '';
    if (text.length > MAX_TEXT || (exclude && exclude.contains(cell))) continue;
    const norm = normaliseName(text);
    const list = cells.get(norm);
    if (list) list.push(cell);
    else cells.set(norm, [cell]);
  }
  for (const name of names) {
    const cut = name.indexOf(', ');
    const surname = name.slice(0, cut);
    const forename = name.slice(cut + 2);
    for (const cell of cells.get(surname) ?? []) {
      const row = cell.parentElement;
      const other = row && cells.get(forename)?.some((f) => f.parentElement === row);
      if (!other || isHidden(cell)) continue;
      const list = candidates.get(name) ?? [];
      list.push(cell);
      candidates.set(name, list);
    }
  }
}

const WORD = /[\p{L}\p{N}]/u;

/** Whether `text` holds `name` as whole words ("for beau horton", not "beau hortons"). */
function holdsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + name.length] ?? ' ';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}

function isHidden(el: Element): boolean {
  if (el.closest('[hidden], [aria-hidden="true"]')) return true;
  // Chromium answers from layout in one call; the style walk is for DOMs without layout.
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') return !check.call(el, { visibilityProperty: true });
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  for (let e: Element | null = el; e; e = e.parentElement) {
    const style = view.getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') return true;
  }
  return false;
}
