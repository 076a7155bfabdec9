import { isKeyTitle } from './legend';
import { hiddenByClass } from './skipped';
import { isHiddenByNames, looksLikePersonName, nameCore, norm, textOf, upperTag } from '../text';

const SHOW_TEXT = 4;
const NO_NAME_PARENTS = new Set([
  'SCRIPT',
  'STYLE',
  'OPTION',
  'SELECT',
  'TEXTAREA',
  'TITLE',
  'TEMPLATE',
  'NOSCRIPT',
  'BUTTON',
  'LABEL',
  'TH',
  'CAPTION',
  'LEGEND',
]);

// Ancestors under which no text is a pupil's name.
const NO_NAME_ANCESTORS = new Set(['HEAD', 'SELECT', 'NAV', 'THEAD']);
const UPPER = /\p{Lu}/u;
const TICK = 'input[type=checkbox],input[type=radio]';
// "1 - Aisha Khan", "12. Ben Hart": a roll number before the name.
const ROLL_NUMBER = /^\d{1,3}\s*[-.):]\s*/;
// What nameCore takes off: brackets, quotes, symbols. Most texts of a page have none of these,
// and this one test spares them nameCore's three.
const DECORATED = /[()[\]"“'‘\p{S}*†‡]/u;

const docOf = (root: ParentNode): Document =>
  (root as Node).nodeType === 9 ? (root as Document) : ((root as Node).ownerDocument as Document);
export const rootElement = (root: ParentNode): Element =>
  (root as Node).nodeType === 9 ? (root as Document).documentElement : (root as Element);

export interface NameHit {
  el: Element;
  name: string;
}

/**
 * Every element whose text is one person's name, in document order. `keyTitles`, when given,
 * collects the parent of every text that could title a key (`isKeyTitle`) on the same walk, for
 * findLegend.
 */
export function findNames(
  root: ParentNode,
  hidden: ReadonlySet<string> = new Set(),
  keyTitles?: Element[],
): NameHit[] {
  const doc = docOf(root);
  const top = root as Node;
  const walker = doc.createTreeWalker(top, SHOW_TEXT);
  const docRoot = top.nodeType === 9;
  const hits: NameHit[] = [];
  const seen = new Set<Element>();
  const tried = new Set<Element>();
  // Whether an element sits in a part of the page that never names a pupil (hidden, a control,
  // navigation, column headers), each ancestor judged once for every name beneath it.
  const excludedCache = new Map<Element, boolean>();
  const excluded = (el: Element): boolean => {
    const cached = excludedCache.get(el);
    if (cached !== undefined) return cached;
    let out = NO_NAME_ANCESTORS.has(upperTag(el));
    if (!out && el.hasAttributes()) {
      const names = el.getAttributeNames();
      if (isHiddenByNames(el, names)) out = true;
      else if (hidden.size && names.includes('class') && hiddenByClass(el, hidden)) out = true;
      else if (names.includes('role')) {
        const role = el.getAttribute('role');
        out = role === 'navigation' || role === 'columnheader';
      }
    } else if (!out) out = el.tagName === 'TEMPLATE';
    if (!out && el.parentElement) out = excluded(el.parentElement);
    excludedCache.set(el, out);
    return out;
  };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const data = (n as Text).data;
    // Every key title ("Key") is at least as long as the shortest name worth reading.
    if (data.length < 3) continue;
    if (keyTitles && isKeyTitle(data) && n.parentElement) keyTitles.push(n.parentElement);
    if (data.length > 200) continue;
    const parent = n.parentElement;
    if (!parent || seen.has(parent)) continue;
    const tag = upperTag(parent);
    // A row header (`<th scope="row">`) names its pupil, and so does the label of a tick list's
    // box ("<label><input type=checkbox> 1 - Aisha Khan</label>").
    if (
      NO_NAME_PARENTS.has(tag) &&
      !(tag === 'TH' && parent.getAttribute('scope') === 'row') &&
      !(tag === 'LABEL' && parent.querySelector(TICK))
    ) {
      // Every register row repeats its option list: step over the whole select at once, to its
      // last option's text (an option holds text only; in a group, step over the group).
      if (tag === 'OPTION') {
        const list = parent.parentElement;
        const last = list?.lastElementChild?.lastChild;
        if (last && list !== top && (docRoot || top.contains(list!))) walker.currentNode = last;
      }
      continue;
    }
    let name = norm(data);
    if (name.length < 2 || !UPPER.test(name)) continue;
    // ", Charles" after "<b>BABBAGE</b>" is the tail of a name, never one on its own.
    if (!/^\p{L}/u.test(name) || !looksLikePersonName(name)) {
      // "Grace Adams (9K)", "Charlotte Lee [SEN]", 'Alexander "Alex" Smith', "Ruby Hall ★": the
      // name without what the page adds to it.
      const core = DECORATED.test(name) ? nameCore(name) : name.replace(ROLL_NUMBER, '');
      if (core !== name && looksLikePersonName(core)) {
        if (excluded(parent)) continue;
        seen.add(parent);
        hits.push({ el: parent, name: core });
        continue;
      }
      // A name split over inline elements ("<b>SMITH</b>, John"): only small parents qualify,
      // and each once, so whitespace between table cells never re-reads a whole row.
      const kids = parent.childNodes.length;
      if (kids < 2 || kids > 6 || tried.has(parent)) continue;
      tried.add(parent);
      name = textOf(parent);
      if (!looksLikePersonName(name)) continue;
    }
    if (excluded(parent)) continue;
    seen.add(parent);
    hits.push({ el: parent, name });
  }
  return hits;
}
