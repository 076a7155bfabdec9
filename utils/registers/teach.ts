import { contextItems, pageContext } from './context';
import { accessibleText, labelOfControl, ownDate, pupilKey } from './generic';
import { codeOutOfSet, isUnmarkedLabel, mapMark, type MarkMapping } from './mapping';
import type { ReadMark, ReadPupil, Reading, Session } from './schema';
import { taughtLayoutSchema, type MarkLocator, type TaughtLayout } from './teach-schema';
import { findDates, findSession, isHiddenWithin, norm, textOf } from './text';

export { taughtLayoutSchema, type TaughtLayout } from './teach-schema';

/**
 * Teach mode: the user clicks one pupil's name and one of their marks; from those two nodes we
 * derive a plain-data layout (container, rows, name, mark) that reads the whole register, and
 * that layout can be saved, exported and imported. Pure: it reads only the nodes it is given.
 */

// Attributes that name an element for what it is, not how it looks.
const STABLE_ATTRS = ['role', 'name', 'data-testid', 'data-test', 'data-qa', 'aria-label', 'type'];
const cssString = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
const looksGenerated = (id: string) => /\d{3,}|[a-f0-9]{8,}|^ext-|^ember|^react|^:r/i.test(id);

function segment(el: Element, withIndex: boolean): string {
  const tag = el.tagName.toLowerCase();
  let s = tag;
  for (const a of STABLE_ATTRS) {
    const v = el.getAttribute(a);
    if (v && v.length <= 60 && !(a === 'aria-label' && /\d/.test(v))) s += `[${a}=${cssString(v)}]`;
  }
  if (withIndex && el.parentElement) {
    const same = Array.from(el.parentElement.children).filter((c) => c.tagName === el.tagName);
    if (same.length > 1) s += `:nth-of-type(${same.indexOf(el) + 1})`;
  }
  return s;
}

/** A selector for `el` relative to `from` (":scope > …"), exact by position where needed. */
function relativePath(from: Element, el: Element): string {
  if (from === el) return '';
  const parts: string[] = [];
  for (let e: Element | null = el; e && e !== from; e = e.parentElement)
    parts.unshift(segment(e, true));
  return `:scope > ${parts.join(' > ')}`;
}

/** A document selector for the container, anchored on the nearest stable id. */
function containerPath(root: ParentNode, el: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = el; e; e = e.parentElement) {
    const id = e.getAttribute('id');
    if (id && !looksGenerated(id)) {
      parts.unshift(`#${id.replace(/([^\w-])/g, '\\$1')}`);
      break;
    }
    if (e.tagName === 'BODY' || e.tagName === 'HTML') {
      parts.unshift(e.tagName.toLowerCase());
      break;
    }
    parts.unshift(segment(e, true));
  }
  const path = parts.join(' > ');
  if (root.querySelector(path) !== el)
    throw new Error('Could not describe where the register sits.');
  return path;
}

function commonAncestor(a: Element, b: Element): Element | null {
  for (let e: Element | null = a; e; e = e.parentElement) if (e.contains(b)) return e;
  return null;
}

/** The repeated item around the two clicks: the lowest ancestor with same-kind siblings. */
function findRow(common: Element): Element {
  for (let x: Element | null = common; x && x.parentElement; x = x.parentElement) {
    const kin = Array.from(x.parentElement.children).filter(
      (c) => c.tagName === x!.tagName && c.getAttribute('role') === x!.getAttribute('role'),
    );
    if (kin.length >= 2) return x;
  }
  throw new Error('Could not find the repeated row around that pupil.');
}

// Attributes that state a mark's meaning where an icon or a colour shows it.
const MEANING_ATTRS = ['aria-label', 'title', 'alt', 'aria-description'];
// data-* attributes that are identifiers or test hooks, never a mark's meaning.
const ID_LIKE_DATA = /^data-(?:.*-)?(?:id|key|index|row|col|testid|test|qa|cy|reactid)$/i;

/** Attributes of `el` that may hold a mark's meaning, most telling first. */
function meaningAttrs(el: Element): string[] {
  const names = MEANING_ATTRS.filter((a) => el.hasAttribute(a));
  for (const a of el.getAttributeNames()) {
    if (a.startsWith('data-') && !ID_LIKE_DATA.test(a)) names.push(a);
  }
  return names;
}

/** 3: maps to a code; 2: reads as a short label; 0: not a label. */
function labelScore(value: string): number {
  const v = norm(value);
  if (!v || v.length > 60) return 0;
  if (mapMark(v, 'AM').code !== null || isUnmarkedLabel(v)) return 3;
  return /^[\p{L}][\p{L}\s'’-]{0,40}$/u.test(v) || /^[A-Z]\d?$/.test(v) ? 2 : 1;
}

const isControl = (el: Element): boolean =>
  el.matches('button,input,select,textarea,[role=button],[contenteditable=true]') ||
  el.closest('button,[role=button]') !== null;

/**
 * Where a mark's meaning is read when no form control holds it: the clicked element, what is
 * inside it (a click on a cell around an icon) and what is around it (a click on the icon of a
 * button), by the attribute or text that states a mark most plainly. A word in `title` or
 * `aria-label` beats the glyph the page draws, so a page's own words decide what its letters mean.
 */
function labelLocator(scope: Element, markEl: Element): MarkLocator {
  const around: Element[] = [];
  for (let e: Element | null = markEl; e && e !== scope; e = e.parentElement) around.push(e);
  const inside = Array.from(markEl.querySelectorAll('*')).slice(0, 12);
  let best: { el: Element; attr?: string; score: number } | null = null;
  for (const e of [...around.slice(0, 1), ...inside, ...around.slice(1)]) {
    for (const attr of meaningAttrs(e)) {
      const score = labelScore(e.getAttribute(attr) ?? '') + 0.5;
      if (!best || score > best.score) best = { el: e, attr, score };
    }
    const text = textOf(e);
    const score = text ? labelScore(text) : 0;
    if (score && (!best || score > best.score)) best = { el: e, score };
  }
  if (!best) return { selector: relativePath(scope, markEl) || ':scope', read: 'text' };
  return best.attr
    ? { selector: relativePath(scope, best.el) || ':scope', read: 'label', attr: best.attr }
    : { selector: relativePath(scope, best.el) || ':scope', read: 'text' };
}

function markLocator(scope: Element, markEl: Element): MarkLocator {
  const inScope = (el: Element | null | undefined): el is Element => !!el && scope.contains(el);
  const select = markEl.closest('select') ?? markEl.querySelector('select');
  if (inScope(select)) return { selector: relativePath(scope, select) || ':scope', read: 'select' };
  const radio =
    markEl.closest('input[type=radio],[role=radio]') ??
    markEl.closest('label')?.querySelector('input[type=radio]');
  if (inScope(radio)) {
    const members = radio.matches('input') ? 'input[type=radio]' : '[role=radio]';
    return { selector: relativePath(scope, radio) || ':scope', read: 'checked', members };
  }
  const toggle = markEl.closest('[aria-pressed]');
  if (inScope(toggle) && toggle !== scope && toggle.parentElement) {
    return {
      selector: relativePath(scope, toggle),
      read: 'pressed',
      members: `${relativePath(scope, toggle.parentElement) || ':scope'} > [aria-pressed]`,
    };
  }
  return labelLocator(scope, markEl);
}

// --- columns: a table or ARIA grid keeps each mark's date in its column header -------------

const CELL = 'td,th,[role=gridcell],[role=cell],[role=rowheader],[role=columnheader]';

/** The column a cell starts in, counting the spans before it. */
function columnOf(cell: Element): number {
  let col = 0;
  for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
    col += Number(c.getAttribute('colspan')) || 1;
  }
  return col;
}

/** True for a row of column headers repeated among the rows (a header row is not a pupil). */
function isHeaderRow(row: Element): boolean {
  if (row.querySelector(':scope > [role=columnheader], :scope > th[scope=col]')) return true;
  return row.tagName === 'TR' && !row.querySelector(':scope > td') && !!row.querySelector('th');
}

/** The header rows above a body row: a thead, else the header rows of its table or grid. */
function headerRows(row: Element): Element[] {
  const table = row.tagName === 'TR' ? row.closest('table') : null;
  if (table) {
    const head = Array.from(table.querySelectorAll(':scope > thead > tr'));
    if (head.length) return head;
    return Array.from(table.querySelectorAll(':scope > tbody > tr, :scope > tr')).filter(
      isHeaderRow,
    );
  }
  const grid = row.closest('[role=grid],[role=table],[role=treegrid]');
  if (!grid) return [];
  return Array.from(grid.querySelectorAll('[role=row]')).filter((r) =>
    r.querySelector(':scope > [role=columnheader]'),
  );
}

/** Each column's header text, split headers ("Mon 19 Jan" over "AM") joined top to bottom. */
function columnHeaders(row: Element): string[] {
  const texts: string[] = [];
  for (const header of headerRows(row)) {
    let col = 0;
    for (const cell of Array.from(header.children)) {
      const span = Number(cell.getAttribute('colspan')) || 1;
      const text = textOf(cell) || norm(cell.getAttribute('aria-label'));
      for (let i = 0; i < span; i++) texts[col + i] = norm(`${texts[col + i] ?? ''} ${text}`);
      col += span;
    }
  }
  return texts;
}

interface Dated {
  date: string;
  session: Session | null;
}

/** The one date a header states, with its session; null when it states none or several. */
function headerDate(text: string | undefined, ref: string | null): Dated | null {
  if (!text) return null;
  const found = findDates(text, ref);
  if (new Set(found.map((f) => f.date)).size !== 1) return null;
  return { date: found[0]!.date, session: findSession(text) };
}

/**
 * The mark locators for one clicked mark. In a table or grid whose columns are dated, the
 * clicked cell stands for every dated cell of the row (a week of history beside today); a mark
 * whose own label states its date stands for every element of its kind in the row.
 */
function markLocators(row: Element, markEl: Element, ref: string | null): MarkLocator[] {
  const cell = markEl.closest(CELL);
  if (cell && row.contains(cell) && cell.parentElement === row) {
    const headers = columnHeaders(row);
    const dated = headers.filter((h) => headerDate(h, ref)).length;
    if (dated > 0) {
      const inner = markLocator(cell, markEl);
      const kind = segment(cell, false);
      const each: MarkLocator = {
        ...inner,
        selector: `:scope > ${kind}`,
        inner: inner.selector === ':scope' ? '' : inner.selector,
        each: true,
      };
      // A clicked column without a date ("Today", "Mark") is read as the register's own day.
      if (headerDate(headers[columnOf(cell)], ref)) return [each];
      return [{ ...inner, selector: relativePath(row, cell), inner: each.inner }, each];
    }
  }
  const single = markLocator(row, markEl);
  if (single.read === 'label' || single.read === 'text') {
    const el = row.querySelector(single.selector);
    const label = el ? valueOf(el, single) : '';
    const loose = relativePathLoose(row, el ?? markEl);
    if (el && ownDate(label, ref) && row.querySelectorAll(loose).length > 1) {
      return [{ ...single, selector: loose, each: true }];
    }
  }
  return [single];
}

const valueOf = (el: Element, loc: MarkLocator): string =>
  loc.read === 'label' ? norm(el.getAttribute(loc.attr ?? 'aria-label')) : textOf(el);

/** Like `relativePath`, without positions: every element of that kind at that depth. */
function relativePathLoose(from: Element, el: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = el; e && e !== from; e = e.parentElement)
    parts.unshift(segment(e, false));
  return `:scope > ${parts.join(' > ')}`;
}

/** The path part of a URL with ids made wild ("/registers/4412/take" → "/registers/*\/take"). */
export function pathPatternOf(url: string): string {
  const path = new URL(url).pathname;
  return path.replace(/\d+/g, '*') || '/';
}

export function layoutApplies(layout: TaughtLayout, url: string): boolean {
  try {
    const u = new URL(url);
    if (layout.origin && u.origin !== layout.origin) return false;
    const re = new RegExp(
      `^${layout.pathPattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return re.test(u.pathname);
  } catch {
    return false;
  }
}

/** Derives a layout from one pupil's name and one of their marks. Throws a plain message when it cannot. */
export function deriveLayout(
  root: ParentNode,
  nameEl: Element,
  markEl: Element,
  url: string,
): TaughtLayout {
  const common = commonAncestor(nameEl, markEl);
  if (!common) throw new Error('The name and the mark are not on the same page.');
  if (nameEl.contains(markEl) || markEl.contains(nameEl))
    throw new Error('The name and the mark are the same thing: click the mark beside the name.');
  const row = findRow(common);
  const container = row.parentElement!;
  const rows = `:scope > ${segment(row, false)}`;
  const name = relativePath(row, nameCore(nameEl));
  const ctx = pageContext(contextItems(container, root), url, container);
  const marks = markLocators(row, markEl, ctx.ref ?? ctx.date);
  let origin = '';
  try {
    origin = new URL(url).origin;
  } catch {
    origin = '';
  }
  return taughtLayoutSchema.parse({
    kind: 'register-lens/taught-layout',
    version: 1,
    origin: origin === 'null' ? '' : origin,
    pathPattern: url ? pathPatternOf(url) : '*',
    container: containerPath(root, container),
    rows,
    name,
    marks,
    session: ctx.session,
  });
}

/**
 * The element that is the name itself: a click on a name cell that also holds a photo or a
 * pupil number goes down to the one child whose text is the whole name.
 */
function nameCore(el: Element): Element {
  const text = textOf(el);
  for (let e = el; ;) {
    const kids = Array.from(e.children).filter((c) => textOf(c));
    if (kids.length !== 1 || textOf(kids[0]!) !== text) return e;
    e = kids[0]!;
  }
}

interface Got {
  raw: string;
  editable: boolean;
  /** Text that may state the mark's own date ("Tue 20 Jan: Present"). */
  label: string;
}

function readValue(scope: Element, el: Element, loc: MarkLocator): Got {
  switch (loc.read) {
    case 'select': {
      const s = el as HTMLSelectElement;
      return {
        raw: norm(s.options[s.selectedIndex]?.text ?? ''),
        editable: !s.disabled,
        label: labelOfControl(s),
      };
    }
    case 'checked': {
      const members = Array.from(scope.querySelectorAll(loc.members ?? 'input[type=radio]'));
      const on = members.find(
        (m) => (m as HTMLInputElement).checked || m.getAttribute('aria-checked') === 'true',
      );
      const raw = on ? labelOfControl(on) || norm((on as HTMLInputElement).value ?? '') : '';
      return { raw, editable: true, label: '' };
    }
    case 'pressed': {
      const members = Array.from(scope.querySelectorAll(loc.members ?? '[aria-pressed]'));
      const on = members.find((m) => m.getAttribute('aria-pressed') === 'true');
      return { raw: on ? accessibleText(on) : '', editable: true, label: '' };
    }
    case 'label': {
      const v = norm(el.getAttribute(loc.attr ?? 'aria-label'));
      return { raw: v, editable: isControl(el), label: v };
    }
    default: {
      const v = textOf(el);
      return { raw: v, editable: isControl(el), label: v };
    }
  }
}

interface Found extends Got {
  /** The date and session a column header gives the mark, if it sits in a dated column. */
  column: Dated | null;
}

/** Every mark a locator finds in a row (one, or each dated one of a row of history). */
function readLocator(row: Element, loc: MarkLocator, ref: string | null): Found[] {
  if (!loc.each) {
    const el = loc.selector === ':scope' ? row : row.querySelector(loc.selector);
    if (!el) return [];
    const target = loc.inner ? el.querySelector(loc.inner) : el;
    if (!target) return [];
    return [{ ...readValue(loc.inner ? el : row, target, loc), column: null }];
  }
  const out: Found[] = [];
  const headers = loc.inner !== undefined ? columnHeaders(row) : [];
  for (const el of Array.from(row.querySelectorAll(loc.selector))) {
    const target = loc.inner ? el.querySelector(loc.inner) : el;
    // History beside today's control is often plain text ("/" where today has a select).
    const got = target ? readValue(el, target, loc) : readValue(el, el, { ...loc, read: 'text' });
    const column = loc.inner !== undefined ? headerDate(headers[columnOf(el)], ref) : null;
    // In a row of history only dated cells are marks; the name and totals columns are not.
    if (loc.inner !== undefined && !column) continue;
    // A day shown as an empty cell is not a mark.
    if (!got.raw && !got.editable) continue;
    out.push({ ...got, column });
  }
  return out;
}

/** Reads a register with a taught layout (adapter id "taught"). Throws when the layout does not fit. */
export function readWithLayout(
  root: ParentNode,
  url: string,
  layout: TaughtLayout,
  mapping?: MarkMapping,
): Reading {
  const container = root.querySelector(layout.container);
  if (!container) throw new Error('the taught register container is not on this page');
  const ctx = pageContext(contextItems(container, root), url, container);
  const ref = ctx.ref ?? ctx.date;
  const pupils: ReadPupil[] = [];
  const unmapped = new Set<string>();
  const outOfSet = new Set<string>();
  const skipped: string[] = [];
  let registerDay: string | null | undefined;
  // The page's date nearest the rows can be a history column's header; the register's own day
  // (the clicked, undated column) is then the full date the page states elsewhere.
  const dayOf = (row: Element): string | null => {
    if (registerDay !== undefined) return registerDay;
    const columns = new Set(
      columnHeaders(row)
        .map((h) => headerDate(h, ref)?.date)
        .filter(Boolean),
    );
    registerDay =
      ctx.date && columns.has(ctx.date) && ctx.ref && !columns.has(ctx.ref) ? ctx.ref : ctx.date;
    return registerDay;
  };
  for (const row of Array.from(container.querySelectorAll(layout.rows))) {
    if (isHiddenWithin(row, container)) continue;
    if (isHeaderRow(row)) {
      skipped.push('a header row');
      continue;
    }
    const nameEl = layout.name ? row.querySelector(layout.name) : row;
    const name = nameEl ? textOf(nameEl) : '';
    if (!nameEl || !name || /\{\{/.test(name)) continue;
    const marks: ReadMark[] = [];
    const seen = new Set<string>();
    for (const loc of layout.marks) {
      for (const got of readLocator(row, loc, ref)) {
        const own = got.label ? ownDate(got.label, ref) : null;
        const date =
          own?.date ?? got.column?.date ?? (loc.inner !== undefined ? dayOf(row) : ctx.date);
        if (!date) throw new Error('the page does not say which day this register is for');
        const session: Session =
          own?.session ?? got.column?.session ?? ctx.session ?? layout.session ?? 'AM';
        // One mark per session: a column read twice (the clicked one and its dated kin) counts once.
        if (seen.has(`${date} ${session}`)) continue;
        seen.add(`${date} ${session}`);
        const raw = own ? own.rest : got.raw;
        const mapped = mapMark(raw, session, { site: mapping });
        if (mapped.code === null && !mapped.unmarked) unmapped.add(raw);
        if (mapped.code && codeOutOfSet(mapped.code, date))
          outOfSet.add(`${mapped.code} on ${date}`);
        marks.push({ date, session, raw, code: mapped.code, editable: got.editable });
      }
    }
    pupils.push({ key: pupilKey(row, nameEl, name, ctx.group), name, marks });
  }
  if (pupils.length === 0) throw new Error('the taught layout found no pupils');
  const warnings: string[] = [];
  if (unmapped.size) {
    warnings.push(
      `Marks with no code mapping (shown, not counted): ${[...unmapped].map((u) => `"${u}"`).join(', ')}.`,
    );
  }
  if (outOfSet.size)
    warnings.push(`Codes not in the code set in force on their date: ${[...outOfSet].join(', ')}.`);
  if (skipped.length)
    warnings.push(
      `Rows skipped as not pupils: ${skipped.length} (${[...new Set(skipped)].join(', ')}).`,
    );
  // The register's own day is the clicked column's (or the page's), not the oldest history.
  const editableMark = pupils.flatMap((p) => p.marks).find((m) => m.editable);
  const first = editableMark ?? pupils.find((p) => p.marks.length)?.marks.at(-1);
  return {
    adapter: 'taught',
    group: ctx.group,
    date: registerDay ?? ctx.date ?? first?.date ?? null,
    session: ctx.session ?? first?.session ?? null,
    taken: ctx.taken,
    pupils,
    warnings,
  };
}

/** A layout as JSON for export; `importLayout` validates one coming back. */
export const exportLayout = (layout: TaughtLayout): string => JSON.stringify(layout, null, 2);

export function importLayout(json: string): TaughtLayout {
  return taughtLayoutSchema.parse(JSON.parse(json));
}
