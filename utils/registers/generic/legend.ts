import { ALL_CODES } from '../../attendance/codes';
import { builtInCode, isUnmarkedLabel } from '../mapping';
import { byTag, norm, textOf, upperTag } from '../text';

/**
 * The page's own key: what its letters, colours and shapes mean, in its own words ("P = Present",
 * a Key table of code and meaning, a coloured swatch beside "Late"). The reader consults it before
 * the built-in English code set, so a school's own letters are read by the school's meaning. A key
 * that gives a letter another meaning than the English code of that letter (P = Present, where
 * the English P is an approved sporting activity), or uses letters the English set lacks (A), is
 * a foreign code set: the marks are read by the page's words and the user is asked to confirm.
 */

export interface PageLegend {
  /** Mark label as the page prints it → the page's word for it. */
  byLabel: Map<string, string>;
  /** A class that only one key swatch carries → the word beside that swatch. */
  bySwatch: Map<string, string>;
  /** The page's letters are not the English codes (see above). */
  foreign: boolean;
}

export const NO_LEGEND: PageLegend = { byLabel: new Map(), bySwatch: new Map(), foreign: false };

// What a key is titled ("Key", "Legend:", "Attendance key", "Key to codes").
const KEY_TITLE =
  /^(?:(?:attendance|mark|marks|register|code)\s+)?(?:key|legend)(?:\s+to\s+codes)?\s*:?$/i;
// "P = Present", "A - Absent", "T: Tardy", "/ Present (AM)".
const ENTRY = /^(\S{1,3})\s*(?:=|:|–|—|-)\s*(\p{L}.{0,60})$/u;
const CODE_SET = new Set(ALL_CODES);
const HEADING = /^H[1-6]$/;
const KEYWORD = /key|legend/i;
const TITLE_SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'SELECT',
  'TEXTAREA',
  'NOSCRIPT',
  'SVG',
  'TEMPLATE',
]);

/** Where the key's entries sit: after a heading, else the block around the title. */
function keyBlocks(title: Element): Element[] {
  if (HEADING.test(upperTag(title))) {
    const out: Element[] = [];
    for (let n = title.nextElementSibling; n && out.length < 3; n = n.nextElementSibling) {
      if (HEADING.test(upperTag(n))) break;
      out.push(n);
    }
    return out;
  }
  let box: Element | null = title.parentElement;
  // A title alone in its wrapper ("<div class=head>Key</div>"): the key is the wrapper's parent.
  if (box && norm(box.textContent).length <= norm(title.textContent).length + 2) {
    box = box.parentElement;
  }
  return box && upperTag(box) !== 'BODY' ? [box] : [];
}

// The attribute questions first: they rule most elements out without building their text.
const isSwatch = (el: Element): boolean =>
  !!el.getAttribute('class') && !el.getAttribute('aria-label') && !norm(el.textContent);

function readEntries(block: Element, into: { label: string; word: string; swatch?: Element }[]) {
  const rows = byTag(block, 'tr');
  for (let i = 0; i < rows.length; i++) {
    const tr = rows[i]!;
    const cells = tr.children;
    if (cells.length !== 2) continue;
    const label = textOf(cells[0]!);
    const word = textOf(cells[1]!);
    if (!word) continue;
    const swatch = cells[0]!.firstElementChild;
    if (label && label.length <= 3) into.push({ label, word });
    else if (!label && swatch && isSwatch(swatch)) into.push({ label: '', word, swatch });
  }
  for (const el of Array.from(block.querySelectorAll('li,span,div,p,dd,dt'))) {
    if (el.querySelector('li,div,p,tr')) continue;
    const first = el.firstElementChild;
    const text = textOf(el);
    // Swatches in lists are found page-wide by findLegend.
    if (first && isSwatch(first)) {
      if (text && upperTag(el) !== 'LI') into.push({ label: '', word: text, swatch: first });
      continue;
    }
    if (first && first.parentElement === el && upperTag(first) !== 'BR') {
      const label = textOf(first);
      const rest = norm(text.slice(label.length));
      if (label && label.length <= 3 && text.startsWith(label) && /^\p{L}/u.test(rest)) {
        into.push({ label, word: rest.replace(/^[=:–—-]\s*/, '') });
        continue;
      }
    }
    const m = ENTRY.exec(text);
    if (m && !el.firstElementChild) into.push({ label: m[1]!, word: norm(m[2]) });
  }
}

/** The code a key word names, with present in either session taken as one. */
const wordCode = (word: string): string | undefined => {
  const c = builtInCode(word);
  return c === '\\' ? '/' : c;
};

/** Whether a text could title a key ("Key", "Legend:", the "Key" of "Key All codes"). */
export const isKeyTitle = (data: string): boolean =>
  data.length <= 40 && KEYWORD.test(data) && KEY_TITLE.test(norm(data));

/**
 * Reads every key on the page. Pages without one get NO_LEGEND. `found` is the parents of every
 * text `isKeyTitle` passed, in page order, when a walk over the page's texts already collected
 * them (findNames does): then the page is not walked again for them.
 */
export function findLegend(
  root: ParentNode,
  skip: ReadonlySet<Element> = new Set(),
  found?: readonly Element[],
): PageLegend {
  // A key's title is a short text of its own. The registers themselves (`skip`) are stepped
  // over: they are most of the page, and a key inside one would only repeat its English codes.
  const titles: Element[] = [];
  const start = (root as Node).nodeType === 9 ? (root as Document).body : (root as Element);
  const visit = (el: Element): void => {
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        if (isKeyTitle((c as Text).data)) titles.push(el);
      } else if (c.nodeType === 1) {
        const e = c as Element;
        if (!skip.has(e) && !TITLE_SKIP.has(upperTag(e))) visit(e);
      }
    }
  };
  // The same titles the walk would find: inside the body, outside the registers and outside
  // scripts, styles, selects and pictures.
  const counts = (el: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      if (skip.has(e) || TITLE_SKIP.has(upperTag(e))) return false;
      if (e === start) return true;
    }
    return false;
  };
  if (found) {
    for (const el of found) if (titles[titles.length - 1] !== el && counts(el)) titles.push(el);
  } else if (start) visit(start);
  const entries: { label: string; word: string; swatch?: Element }[] = [];
  // A coloured swatch beside a short word is a key wherever it sits, titled or not.
  const lis = byTag(root, 'li');
  for (let i = 0; i < lis.length && i < 300; i++) {
    const first = lis[i]!.firstElementChild;
    if (!first || !isSwatch(first)) continue;
    const word = textOf(lis[i]!);
    if (word && word.length <= 40) entries.push({ label: '', word, swatch: first });
  }
  // A key kept in form controls: the `<datalist>` of a typed code box (value "A", label
  // "Absent"), or a select beside the register whose options say "N – No reason yet". The
  // register's own selects (`skip`) repeat per row and are read as marks, not as a key.
  for (const list of Array.from(root.querySelectorAll('datalist,select'))) {
    const dl = upperTag(list) === 'DATALIST';
    let e: Element | null = list;
    while (e && !skip.has(e)) e = e.parentElement;
    if (e && !dl) continue;
    for (const o of Array.from(list.querySelectorAll('option'))) {
      const m = dl
        ? ['', o.getAttribute('value') ?? '', o.getAttribute('label') || textOf(o)]
        : ENTRY.exec(textOf(o));
      if (m && m[1] && m[1].length <= 3 && /^\p{L}/u.test(m[2] ?? '')) {
        entries.push({ label: m[1], word: norm(m[2]) });
      }
    }
  }
  if (!titles.length && !entries.length) return NO_LEGEND;
  const seen = new Set<Element>();
  for (const t of titles) {
    for (const b of keyBlocks(t)) {
      if (seen.has(b)) continue;
      seen.add(b);
      readEntries(b, entries);
    }
  }
  const byLabel = new Map<string, string>();
  const swatches: { classes: string[]; word: string }[] = [];
  let disagree = 0;
  let unknownLetters = 0;
  const swatchSeen = new Set<Element>();
  for (const e of entries) {
    if (e.swatch) {
      if (swatchSeen.has(e.swatch)) continue;
      swatchSeen.add(e.swatch);
      swatches.push({
        classes: (e.swatch.getAttribute('class') ?? '').split(/\s+/).filter(Boolean),
        word: e.word,
      });
      continue;
    }
    if (isUnmarkedLabel(e.label) || byLabel.has(e.label)) continue;
    byLabel.set(e.label, e.word);
    const meant = wordCode(e.word);
    if (!meant) continue;
    if (!CODE_SET.has(e.label)) unknownLetters++;
    else if (meant !== (e.label === '\\' ? '/' : e.label)) disagree++;
  }
  // A swatch class is the mark's only when no other swatch shares it ("swatch" is on them all).
  const bySwatch = new Map<string, string>();
  const count = new Map<string, number>();
  for (const s of swatches) for (const c of s.classes) count.set(c, (count.get(c) ?? 0) + 1);
  for (const s of swatches) {
    for (const c of s.classes) if (count.get(c) === 1) bySwatch.set(c, s.word);
  }
  return { byLabel, bySwatch, foreign: unknownLetters > 0 || disagree > 0 };
}

/** The word a key gives a mark cell by its colour or shape class, if any. */
export function swatchWord(cell: Element, legend: PageLegend): string | undefined {
  if (!legend.bySwatch.size) return undefined;
  for (
    let el: Element | null = cell, depth = 0;
    el && depth < 3;
    el = el.firstElementChild, depth++
  ) {
    const cls = el.getAttribute('class');
    if (!cls) continue;
    for (const c of cls.split(/\s+/)) {
      const w = legend.bySwatch.get(c);
      if (w) return w;
    }
  }
  return undefined;
}

/**
 * The meaning of a printed label by the page's own words: a foreign key's word for it, or a
 * tooltip that names a code of another category than the letter ("P" titled "Present").
 */
export function pageMeaning(
  label: string,
  title: string | null,
  legend: PageLegend,
): string | undefined {
  if (title) {
    const t = wordCode(title);
    const l = wordCode(label);
    if (t && l !== t) return title;
  }
  const word = legend.byLabel.get(label);
  if (word && (legend.foreign || builtInCode(label) === undefined)) return word;
  return undefined;
}
