import { contextItems, pageContext, type PageContext } from './context';
import {
  builtInCode,
  codeOutOfSet,
  isUnmarkedLabel,
  looksLikeMark,
  mapMark,
  type MapOptions,
  type MappedMark,
} from './mapping';
import type { ReadMark, ReadPupil, Reading, Session } from './schema';
import type { ReadResult } from './types';
import {
  dateFromDay,
  dayOnly,
  findDates,
  findSession,
  HIDDEN_STYLE,
  isHiddenByNames,
  looksLikePersonName,
  nameKey,
  norm,
  textOf,
  upperTag,
} from './text';

/**
 * The layout-independent reader. A register is a repeated structure (table rows, ARIA rows, list
 * items, cards) where each item names one person and shows one or more marks. It is found by
 * meaning: people's names first, then the smallest repeated containers around them, then marks
 * from whatever carries them (selected option, checked radio, pressed toggle, code letters,
 * labelled icons). When that does not add up it says "no register" rather than guess.
 */

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
const NO_NAME_ANCESTORS = new Set(['HEAD', 'SELECT', 'BUTTON', 'NAV', 'THEAD']);
const UPPER = /\p{Lu}/u;

const docOf = (root: ParentNode): Document =>
  (root as Node).nodeType === 9 ? (root as Document) : ((root as Node).ownerDocument as Document);
const rootElement = (root: ParentNode): Element =>
  (root as Node).nodeType === 9 ? (root as Document).documentElement : (root as Element);

interface NameHit {
  el: Element;
  name: string;
}

/** Every element whose text is one person's name, in document order. */
export function findNames(root: ParentNode): NameHit[] {
  const doc = docOf(root);
  const top = root as Node;
  const walker = doc.createTreeWalker(top, SHOW_TEXT);
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
    if (data.length < 3 || data.length > 200) continue;
    const parent = n.parentElement;
    if (!parent || seen.has(parent)) continue;
    const tag = upperTag(parent);
    if (NO_NAME_PARENTS.has(tag)) {
      // Every register row repeats its option list: step over the whole select at once.
      if (tag === 'OPTION') {
        const sel = parent.closest('select');
        if (sel && sel !== top && top.contains(sel)) {
          let last: Node = sel;
          while (last.lastChild) last = last.lastChild;
          walker.currentNode = last;
        }
      }
      continue;
    }
    let name = norm(data);
    if (name.length < 2 || !UPPER.test(name)) continue;
    if (!looksLikePersonName(name)) {
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

const ROW_ROLE = '[role=row]';
const isTableRow = (el: Element) => upperTag(el) === 'TR';
const CELL_ROLES = new Set(['gridcell', 'cell', 'rowheader', 'columnheader']);

interface Row {
  el: Element;
  name: string;
  nameEl: Element;
}

interface Group {
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

// --- columns -------------------------------------------------------------------------------

interface Column {
  date: string | null;
  session: Session | null;
  header: string;
}

function columnFromLevels(levels: string[], ref: string | null): Column {
  let date: string | null = null;
  let session: Session | null = null;
  let dayIdx = -1;
  let day: number | null = null;
  for (let i = levels.length - 1; i >= 0; i--) {
    const text = levels[i]!;
    if (!session && text.length <= 24) session = findSession(text);
    if (date || day !== null) continue;
    const d = findDates(text, ref)[0];
    if (d) {
      date = d.date;
      continue;
    }
    if (day === null) {
      const only = dayOnly(text);
      if (only) {
        day = only.day;
        dayIdx = i;
      }
    }
  }
  if (!date && day !== null) {
    for (let i = dayIdx - 1; i >= 0; i--) {
      const start = findDates(levels[i]!, ref)[0];
      if (start) {
        date = dateFromDay(start.date, day);
        break;
      }
    }
  }
  return { date, session, header: levels.join(' ') };
}

function tableColumns(table: Element, ref: string | null): Column[] {
  const headerRows: Element[] = [];
  let thead: Element | null = table.firstElementChild;
  while (thead && upperTag(thead) !== 'THEAD') thead = thead.nextElementSibling;
  if (thead) headerRows.push(...Array.from(thead.children).filter(isTableRow));
  else {
    for (const tr of Array.from(table.querySelectorAll('tr'))) {
      if (tr.closest('table') !== table) continue;
      const cells = Array.from(tr.children);
      if (cells.length && cells.every((c) => c.tagName.toUpperCase() === 'TH')) headerRows.push(tr);
      else break;
    }
  }
  const grid: string[][] = [];
  headerRows.forEach((tr, r) => {
    grid[r] ??= [];
    let col = 0;
    for (const cell of Array.from(tr.children)) {
      while (grid[r]![col] !== undefined) col++;
      const span = Math.max(1, Number(cell.getAttribute('colspan')) || 1);
      const rows = Math.max(1, Number(cell.getAttribute('rowspan')) || 1);
      const text = textOf(cell);
      for (let dr = 0; dr < rows; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < span; dc++) grid[r + dr]![col + dc] = text;
      }
      col += span;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  const cols: Column[] = [];
  for (let c = 0; c < width; c++) {
    const levels: string[] = [];
    for (const r of grid) {
      const t = r[c];
      if (t !== undefined && t !== levels[levels.length - 1]) levels.push(t);
    }
    cols.push(columnFromLevels(levels, ref));
  }
  return cols;
}

function gridColumns(grid: Element, ref: string | null): Column[] {
  const cols: Column[] = [];
  const headers = Array.from(grid.querySelectorAll('[role=columnheader]'));
  const rowsSeen = new Map<Element, number>();
  for (const h of headers) {
    const row = h.closest(ROW_ROLE);
    const idx = Number(h.getAttribute('aria-colindex')) - 1;
    const at = idx >= 0 ? idx : (rowsSeen.get(row as Element) ?? 0);
    rowsSeen.set(row as Element, at + 1);
    const text = textOf(h);
    const prev = cols[at];
    cols[at] = columnFromLevels(prev ? [prev.header, text] : [text], ref);
  }
  return cols;
}

/** Each cell of a row with its column index (colspans expanded). */
function rowCells(row: Element, kind: Group['kind']): { cell: Element; col: number }[] {
  const out: { cell: Element; col: number }[] = [];
  if (kind === 'table') {
    let col = 0;
    for (let cell = row.firstElementChild; cell; cell = cell.nextElementSibling) {
      const tag = cell.tagName.toUpperCase();
      if (tag !== 'TD' && tag !== 'TH') continue;
      out.push({ cell, col });
      const span = cell.getAttribute('colspan');
      col += span ? Math.max(1, Number(span) || 1) : 1;
    }
  } else if (kind === 'grid') {
    // ARIA cells are the row's children (or sit in a wrapper without a role): no selector scan.
    let col = 0;
    const visit = (parent: Element, depth: number): void => {
      for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
        const role = c.getAttribute('role');
        if (role && CELL_ROLES.has(role)) {
          const idx = Number(c.getAttribute('aria-colindex')) - 1;
          out.push({ cell: c, col: idx >= 0 ? idx : col });
          col = (idx >= 0 ? idx : col) + 1;
        } else if (!role && depth < 2) visit(c, depth + 1);
      }
    };
    visit(row, 0);
  }
  return out;
}

// --- marks ---------------------------------------------------------------------------------

interface RawMark {
  date: string | null;
  session: Session | null;
  raw: string;
  reason?: string;
  editable: boolean;
  /** Where the date came from; a control without one takes the register's. */
  control: boolean;
}

const LABEL_ATTRS = [
  'aria-label',
  'title',
  'data-original-title',
  'data-bs-original-title',
  'data-tooltip-content',
  'x-tooltip',
  'data-title',
  'data-mark',
  'data-code',
  'alt',
];
const REASON_RE = /\breason\b|\bcomment\b|\bnote\b/i;

export function accessibleText(el: Element): string {
  return norm(el.getAttribute('aria-label')) || textOf(el) || norm(el.getAttribute('title'));
}

export function labelOfControl(
  el: Element,
  labels?: Map<string, string> | (() => Map<string, string>),
): string {
  const id = el.getAttribute('id');
  if (id) {
    const map =
      typeof labels === 'function' ? labels() : (labels ?? labelMap(el.ownerDocument ?? el));
    const l = map.get(id);
    if (l) return l;
  }
  const wrap = el.closest('label');
  if (wrap) return textOf(wrap);
  return norm(el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '');
}

/** Every `<label for>` of the page by the id it names, built once per read. */
export function labelMap(root: ParentNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const l of Array.from(root.querySelectorAll('label[for]'))) {
    const id = l.getAttribute('for');
    if (id && !map.has(id)) map.set(id, textOf(l));
  }
  return map;
}

/** The date and session an element's own label or text states ("Thu 15 Jan PM: Absent"). */
export function ownDate(
  label: string,
  ref: string | null,
): { date: string; session: Session | null; rest: string } | null {
  const found = findDates(label, ref);
  if (found.length !== 1) return null;
  const f = found[0]!;
  const after = label.slice(f.end);
  const sessionMatch = /^\s*(AM|PM|am|pm|a\.m\.|p\.m\.)\b/.exec(after);
  let session = sessionMatch ? findSession(sessionMatch[1]!) : null;
  const before = label.slice(0, f.index);
  let rest = after.slice(sessionMatch ? sessionMatch[0].length : 0).replace(/^\s*[:\-–,]\s*/, '');
  if (!rest.trim() && before.trim()) rest = before.replace(/[\s:,\-–]+$/, '');
  session ??= findSession(label.slice(f.index, f.end + (sessionMatch?.[0].length ?? 0)));
  return { date: f.date, session, rest: norm(rest) };
}

function dateFromHref(el: Element, ref: string | null): string | null {
  const a = el.closest('a[href]') ?? el.querySelector('a[href]');
  const href = a?.getAttribute('href');
  if (!href) return null;
  const m = /[?&](?:date|currentdate|day|d)=([^&#]+)/i.exec(href);
  if (!m) return null;
  return findDates(decodeURIComponent(m[1]!), ref)[0]?.date ?? null;
}

interface RowReadContext {
  columns: Column[];
  ref: string | null;
  map: MapOptions;
  /** The page's `<label for>` texts, built on first need (most registers never ask). */
  labels: () => Map<string, string>;
  /** Option lists already judged in this read, by option count. */
  selects: Map<number, SelectVerdict[]>;
  /** `ownDate` of each label text met in this read: rows repeat their tooltips ("mark"). */
  owns: Map<string, ReturnType<typeof ownDate>>;
}

interface SelectVerdict {
  first: string | null;
  second: string | null;
  last: string | null;
  ok: boolean;
}

function ownDateIn(ctx: RowReadContext, label: string): ReturnType<typeof ownDate> {
  let own = ctx.owns.get(label);
  if (own === undefined) {
    own = ownDate(label, ctx.ref);
    ctx.owns.set(label, own);
  }
  return own;
}

function selectMark(
  sel: HTMLSelectElement,
  map: MapOptions,
  seen: Map<number, SelectVerdict[]>,
): { raw: string } | null {
  if (sel.multiple) return null;
  const options = sel.options;
  const n = options.length;
  // Every row repeats the same option list: decide once per list (length, first, second, last).
  // textContent, not text: the signature only tells lists apart, and needs no whitespace work.
  // Compared in place rather than joined into a key: no string is built or hashed per row.
  let first: string | null = null;
  let second: string | null = null;
  let last: string | null = null;
  let verdicts: SelectVerdict[] | undefined;
  if (n > 2) {
    first = options[0]!.textContent;
    second = options[1]!.textContent;
    last = options[n - 1]!.textContent;
    verdicts = seen.get(n);
    if (verdicts) {
      for (const v of verdicts) {
        if (v.first !== first || v.second !== second || v.last !== last) continue;
        if (!v.ok) return null;
        const chosen = options[sel.selectedIndex];
        return { raw: chosen ? norm(chosen.text) : '' };
      }
    }
  }
  // A mark select offers mostly mark labels; stop as soon as that is certain either way.
  let real = 0;
  let marky = 0;
  for (let i = 0; i < options.length; i++) {
    const t = norm(options[i]!.text);
    if (!t || isUnmarkedLabel(t)) continue;
    real++;
    if (looksLikeMark(t, map)) marky++;
  }
  const ok = !(real < 2 || marky < 2 || marky < real / 2);
  if (n > 2) {
    if (!verdicts) seen.set(n, (verdicts = []));
    verdicts.push({ first, second, last, ok });
  }
  if (!ok) return null;
  const chosen = options[sel.selectedIndex];
  return { raw: chosen ? norm(chosen.text) : '' };
}

function reasonText(candidates: Element[], exclude: Set<Element>): string | null {
  for (const el of candidates) {
    if (exclude.has(el)) continue;
    const naming = `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('name') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!REASON_RE.test(naming)) continue;
    if (el.tagName.toUpperCase() === 'SELECT') {
      const s = el as HTMLSelectElement;
      const o = s.options[s.selectedIndex];
      return o ? norm(o.text) : null;
    }
    return textOf(el) || null;
  }
  return null;
}

interface Cell {
  cell: Element;
  col: number;
  hidden?: boolean;
  /** A mark was read from it (cells are made fresh by each row scan, so a flag is enough). */
  used?: boolean;
}

interface Labelled {
  el: Element;
  cell: Cell | undefined;
  /** The label attributes it has, in LABEL_ATTRS order (the first with a value wins). */
  labels: string[];
  tag: string;
  role: string | null;
  ariaHidden: boolean;
}

interface RowScan {
  cells: Cell[];
  /** The cell each control found by the scan sits in. */
  cellOfEl: Map<Element, Cell>;
  /** Cells by element: grids need it while scanning, tables only if a control asks. */
  byCell: Map<Element, Cell> | null;
  selects: HTMLSelectElement[];
  radios: HTMLInputElement[];
  toggles: Element[];
  labelled: Labelled[];
  reasons: Element[];
  /** A column header inside the row: it is a header row, not a pupil. */
  header: boolean;
}

const LABEL_RANK = new Map(LABEL_ATTRS.map((a, i) => [a, i]));
const ICON_TAGS = new Set(['SVG', 'IMG', 'I']);
const CONTROL_TAGS = new Set(['SELECT', 'BUTTON', 'INPUT', 'LABEL', 'TEXTAREA', 'OPTION']);
const COLUMN_HEADER = '[role=columnheader]';

/**
 * One walk over a row: its cells, controls, toggles and labelled elements, hidden subtrees left
 * out. Each element's attribute names are read once and every later question is asked of them,
 * so an element without attributes costs a single call.
 */
function scanRow(row: Element, kind: Group['kind']): RowScan {
  const scan: RowScan = {
    cells: [],
    cellOfEl: new Map(),
    byCell: null,
    selects: [],
    radios: [],
    toggles: [],
    labelled: [],
    reasons: [],
    header: false,
  };
  // Grid cells may sit in wrappers; table cells are the row's own children, found on the way.
  const gridCells = kind === 'grid' ? rowCells(row, kind) : null;
  if (gridCells) {
    scan.byCell = new Map(gridCells.map((c) => [c.cell, c]));
    scan.cells = gridCells;
  }
  let tableCol = 0;
  const walk = (
    first: Element | null,
    inControl: boolean,
    cell: Cell | undefined,
    top: boolean,
  ): void => {
    for (let c = first; c; c = c.nextElementSibling) {
      const rawTag = c.tagName;
      const tag = rawTag.charCodeAt(0) >= 97 ? rawTag.toUpperCase() : rawTag;
      // Everything asked of the element comes from one look at its attribute names.
      let names: string[] | null = null;
      let hidden = rawTag === 'TEMPLATE';
      let role: string | null = null;
      let pressed = false;
      let checked = false;
      let labels: string[] | null = null;
      let ariaHidden = false;
      let span: string | null = null;
      if (c.hasAttributes()) {
        names = c.getAttributeNames();
        for (const a of names) {
          switch (a) {
            case 'hidden':
              hidden = true;
              break;
            case 'data-template':
              if (c.getAttribute(a) === 'true') hidden = true;
              break;
            case 'style': {
              const style = c.getAttribute(a);
              if (style && HIDDEN_STYLE.test(style)) hidden = true;
              break;
            }
            case 'role':
              role = c.getAttribute(a);
              break;
            case 'aria-pressed':
              pressed = true;
              break;
            case 'aria-checked':
              checked = true;
              break;
            case 'colspan':
              span = c.getAttribute(a);
              break;
            case 'aria-hidden':
              ariaHidden = true;
              break;
            default:
              if (LABEL_RANK.has(a)) (labels ??= []).push(a);
          }
        }
      }
      let here = cell;
      if (top && kind === 'table' && (tag === 'TD' || tag === 'TH')) {
        here = { cell: c, col: tableCol };
        scan.cells.push(here);
        tableCol += span ? Math.max(1, Number(span) || 1) : 1;
      } else if (scan.byCell) here = scan.byCell.get(c) ?? here;
      if (hidden) {
        if (here?.cell === c) here.hidden = true;
        if (!scan.header && (role === 'columnheader' || c.querySelector(COLUMN_HEADER))) {
          scan.header = true;
        }
        continue;
      }
      if (tag === 'SELECT') {
        if (here) scan.cellOfEl.set(c, here);
        scan.selects.push(c as HTMLSelectElement);
        scan.reasons.push(c);
        continue;
      }
      if (tag === 'INPUT') {
        if ((c as HTMLInputElement).type === 'radio') {
          if (here) scan.cellOfEl.set(c, here);
          scan.radios.push(c as HTMLInputElement);
        }
        continue;
      }
      if (role === 'columnheader') scan.header = true;
      if (pressed || ((role === 'radio' || role === 'switch') && checked)) {
        if (here) scan.cellOfEl.set(c, here);
        scan.toggles.push(c);
      }
      if (tag === 'BUTTON' || role === 'button' || role === 'combobox') scan.reasons.push(c);
      const control = CONTROL_TAGS.has(tag);
      if (labels && !inControl && !control) {
        if (labels.length > 1) labels.sort((a, b) => LABEL_RANK.get(a)! - LABEL_RANK.get(b)!);
        scan.labelled.push({ el: c, cell: here, labels, tag, role, ariaHidden });
      }
      const child = c.firstElementChild;
      if (child) walk(child, inControl || control || pressed, here, false);
    }
  };
  walk(row.firstElementChild, false, undefined, true);
  return scan;
}

function readRowMarks(row: Element, scan: RowScan, ctx: RowReadContext): RawMark[] {
  const marks: RawMark[] = [];
  const { cells, cellOfEl } = scan;
  const cellOf = (el: Element): Cell | undefined => {
    const known = cellOfEl.get(el);
    if (known) return known;
    scan.byCell ??= new Map(cells.map((c) => [c.cell, c]));
    for (let e: Element | null = el; e && e !== row; e = e.parentElement) {
      const c = scan.byCell.get(e);
      if (c) return c;
    }
    return undefined;
  };
  const colOf = (el: Element): Column | undefined => {
    const cell = cellOf(el);
    return cell ? ctx.columns[cell.col] : undefined;
  };
  const use = (el: Element) => {
    const cell = cellOf(el);
    if (cell) cell.used = true;
  };
  const controlDate = (el: Element, label: string) => {
    const own = label ? ownDateIn(ctx, label) : null;
    if (own) return { date: own.date, session: own.session };
    const col = colOf(el);
    return { date: col?.date ?? null, session: col?.session ?? null };
  };
  // Only a toggle's reason looks at which controls are taken.
  const usedControls = scan.toggles.length ? new Set<Element>() : null;

  // Selects: a mark select offers mark labels; a reason select sits beside one.
  const reasonSelects: HTMLSelectElement[] = [];
  for (const sel of scan.selects) {
    // Each naming attribute tested on its own: the same verdict as testing them joined by spaces
    // (no match spans a space), without building the joined string per row.
    const name = sel.getAttribute('name');
    const aria = sel.getAttribute('aria-label');
    if (
      (name !== null && REASON_RE.test(name)) ||
      REASON_RE.test(sel.id) ||
      (aria !== null && REASON_RE.test(aria))
    ) {
      reasonSelects.push(sel);
      continue;
    }
    const m = selectMark(sel, ctx.map, ctx.selects);
    if (!m) continue;
    use(sel);
    usedControls?.add(sel);
    const at = controlDate(sel, labelOfControl(sel, ctx.labels));
    marks.push({
      date: at.date,
      session: at.session,
      raw: m.raw,
      editable: !sel.disabled,
      control: true,
    });
  }

  if (scan.radios.length) readRadios(scan, ctx, marks, colOf, use);
  if (usedControls) readToggles(row, scan, ctx, marks, controlDate, use, usedControls);

  // A reason select beside a mark select adds its reason to that mark.
  const reasonSel = reasonSelects[0];
  if (reasonSel && marks.length) {
    const o = reasonSel.options[reasonSel.selectedIndex];
    const r = o ? norm(o.text) : '';
    const last = marks[marks.length - 1]!;
    if (r && last.control && last.raw && !isUnmarkedLabel(last.raw)) last.reason = r;
  }

  // Read-only marks: labelled icons and cells, code letters under a dated column.
  for (const { el, cell, labels, tag, role, ariaHidden } of scan.labelled) {
    const icon = ICON_TAGS.has(tag) || role === 'img';
    if (cell?.used && !icon) continue;
    if (ariaHidden && !role && el.getAttribute('aria-hidden') === 'true') continue;
    let label = '';
    for (const a of labels) {
      const v = el.getAttribute(a);
      if (v && v.trim()) {
        label = norm(v);
        break;
      }
    }
    if (!label) continue;
    const own = ownDateIn(ctx, label);
    const col = cell ? ctx.columns[cell.col] : undefined;
    let date = own?.date ?? null;
    let session = own?.session ?? null;
    let raw = own ? own.rest : label;
    if (!date && col?.date) {
      date = col.date;
      session = col.session;
    }
    const text = textOf(el);
    if (!date) {
      const fromText = text ? findDates(text, ctx.ref) : [];
      date = fromText.length === 1 ? fromText[0]!.date : dateFromHref(el, ctx.ref);
    }
    if (!date) continue;
    // The code letter the page prints is the reference reading; the tooltip explains it.
    if (text && text.length <= 3 && (builtInCode(text) === text || isUnmarkedLabel(text)))
      raw = text;
    if (!looksLikeMark(raw, ctx.map) && !(icon && own)) continue;
    if (raw === '') continue;
    marks.push({ date, session, raw, editable: false, control: false });
    if (cell) cell.used = true;
  }
  for (const entry of cells) {
    if (entry.used) continue;
    const { cell, col, hidden } = entry;
    const c = ctx.columns[col];
    if (!c?.date || hidden) continue;
    const text = textOf(cell);
    if (!text || text.length > 40) continue;
    if (!(builtInCode(text) === text || isUnmarkedLabel(text) || looksLikeMark(text, ctx.map))) {
      continue;
    }
    marks.push({ date: c.date, session: c.session, raw: text, editable: false, control: false });
  }
  return marks;
}

/** Radios, grouped by name: the checked one's label (or its column header) is the mark. */
function readRadios(
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  colOf: (el: Element) => Column | undefined,
  use: (el: Element) => void,
): void {
  const byName = new Map<string, HTMLInputElement[]>();
  for (const r of scan.radios) {
    const k = r.name || `#${byName.size}`;
    byName.set(k, [...(byName.get(k) ?? []), r]);
  }
  for (const group of byName.values()) {
    const labelOf = (r: HTMLInputElement) =>
      labelOfControl(r, ctx.labels) || colOf(r)?.header || norm(r.value);
    const labels = group.map(labelOf);
    if (group.length < 2 || labels.filter((l) => looksLikeMark(l, ctx.map)).length < 2) continue;
    const checked = group.find((r) => r.checked);
    group.forEach(use);
    const first = group[0]!;
    const box = first.closest('[role=radiogroup],fieldset');
    const own = ownDate(norm(box?.getAttribute('aria-label') ?? ''), ctx.ref);
    marks.push({
      date: own?.date ?? null,
      session: own?.session ?? null,
      raw: checked ? labelOf(checked) : '',
      editable: !first.disabled,
      control: true,
    });
  }
}

/** Toggle buttons (aria-pressed) and ARIA radios (aria-checked), grouped by their group. */
function readToggles(
  row: Element,
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  controlDate: (el: Element, label: string) => { date: string | null; session: Session | null },
  use: (el: Element) => void,
  usedControls: Set<Element>,
): void {
  const byGroup = new Map<Element, Element[]>();
  for (const t of scan.toggles) {
    const g =
      t.closest('[role=group],[role=radiogroup],[role=toolbar],fieldset') ?? t.parentElement ?? row;
    byGroup.set(g, [...(byGroup.get(g) ?? []), t]);
  }
  for (const [g, members] of byGroup) {
    const labels = members.map(accessibleText);
    if (members.length < 2 || !labels.some((l) => looksLikeMark(l, ctx.map))) continue;
    members.forEach((m) => {
      use(m);
      usedControls.add(m);
    });
    const on = members.find(
      (m) => m.getAttribute('aria-pressed') === 'true' || m.getAttribute('aria-checked') === 'true',
    );
    let raw = on ? accessibleText(on) : '';
    let reason: string | undefined;
    if (on) {
      const r = reasonText(scan.reasons, usedControls);
      if (r && looksLikeMark(r, ctx.map)) raw = r;
      else if (r) reason = r;
    }
    const label = norm(g.getAttribute('aria-label'));
    marks.push({
      ...controlDate(g, label),
      raw,
      ...(reason ? { reason } : {}),
      editable: !members.some((m) => m.hasAttribute('disabled')),
      control: true,
    });
  }
}

const PUPIL_ID_ATTR = /^data-(?:[a-z]+-)?(?:pupil|student|person|learner|child|upn)(?:-?id)?$/i;

export const pupilKey = (
  row: Element,
  nameEl: Element,
  name: string,
  group: string | null,
): string => {
  for (const a of row.getAttributeNames()) {
    if (!PUPIL_ID_ATTR.test(a)) continue;
    const value = row.getAttribute(a)?.trim();
    if (value) return `id:${value}`;
  }
  const link = nameEl.closest('a[href]') ?? row.querySelector('a[href]');
  const href = link?.getAttribute('href') ?? '';
  const m =
    /[?&](?:\w*(?:pupil|student|person|learner)\w*id|upn)=([\w-]+)/i.exec(href) ??
    /\/(?:students?|pupils?|learners?)\/([\w-]*\d[\w-]*)/i.exec(href);
  if (m) return `id:${m[1]}`;
  return `name:${group ?? ''}:${nameKey(name)}`;
};

const sessionRank = (s: Session) => (s === 'AM' ? 0 : 1);
const markOrder = (a: ReadMark, b: ReadMark) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : sessionRank(a.session) - sessionRank(b.session);

interface Candidate {
  reading: Reading;
  score: number;
  confidence: number;
}

function readGroup(
  root: ParentNode,
  url: string,
  g: Group,
  map: MapOptions,
  labels: () => Map<string, string>,
): Candidate | null {
  const items = contextItems(g.container, root);
  const ctx: PageContext = pageContext(items, url, g.container);
  const columns =
    g.kind === 'table'
      ? tableColumns(g.container, ctx.ref)
      : g.kind === 'grid'
        ? gridColumns(g.container, ctx.ref)
        : [];
  const rctx: RowReadContext = {
    columns,
    ref: ctx.ref,
    map,
    labels,
    selects: new Map(),
    owns: new Map(),
  };
  const perRow: { row: Row; marks: RawMark[] }[] = [];
  for (const r of g.rows) {
    // No row is hidden: findNames keeps no name with a hidden ancestor, and a row is one.
    if (/^T(HEAD|FOOT)$/i.test(r.el.parentElement?.tagName ?? '')) continue;
    const scan = scanRow(r.el, g.kind);
    if (scan.header) continue;
    perRow.push({ row: r, marks: readRowMarks(r.el, scan, rctx) });
  }
  const withMarks = perRow.filter((p) => p.marks.length > 0);
  if (withMarks.length < 2) return null;

  // The register's own session: where editable controls sit, else what the page states.
  const controlDates = new Set<string>();
  for (const p of withMarks) {
    for (const m of p.marks)
      if (m.control && m.date) controlDates.add(`${m.date}|${m.session ?? ''}`);
  }
  let regDate = ctx.date;
  let regSession = ctx.session;
  if (controlDates.size === 1) {
    const [d, s] = [...controlDates][0]!.split('|') as [string, string];
    regDate = d;
    regSession = (s || regSession) as Session | null;
  }
  const warnings: string[] = [];
  const unmapped = new Set<string>();
  const outOfSet = new Set<string>();
  const pupils: ReadPupil[] = [];
  let mapped = 0;
  let total = 0;
  let undated = 0;
  let hasControls = false;
  // A register repeats a handful of labels: map each once per read (one cache per session, so no
  // key string is built per mark).
  const mappedAm = new Map<string, MappedMark>();
  const mappedPm = new Map<string, MappedMark>();
  for (const { row, marks } of perRow) {
    // One slot per date and session; the sort below gives the order.
    const out = new Map<string, [ReadMark | undefined, ReadMark | undefined]>();
    for (const m of marks) {
      let date = m.date;
      let session = m.session;
      if (!date && m.control) {
        date = regDate;
        session = session ?? regSession;
      }
      if (!date) {
        undated++;
        continue;
      }
      session ??= 'AM';
      if (m.control) hasControls = true;
      const cache = m.reason ? null : session === 'AM' ? mappedAm : mappedPm;
      let mm = cache ? cache.get(m.raw) : undefined;
      if (!mm) {
        mm = mapMark(m.raw, session, map, m.reason);
        if (cache) cache.set(m.raw, mm);
      }
      const mark: ReadMark = m.reason
        ? { date, session, raw: m.raw, code: mm.code, reason: m.reason, editable: m.editable }
        : { date, session, raw: m.raw, code: mm.code, editable: m.editable };
      total++;
      if (mm.code) {
        mapped++;
        if (codeOutOfSet(mm.code, date)) outOfSet.add(`${mm.code} on ${date}`);
      } else if (!mm.unmarked) unmapped.add(m.reason ? `${m.raw}: ${m.reason}` : m.raw);
      let slots = out.get(date);
      if (!slots) out.set(date, (slots = [undefined, undefined]));
      const at = sessionRank(session);
      const prev = slots[at];
      if (!prev || (mark.editable && !prev.editable)) slots[at] = mark;
    }
    const kept: ReadMark[] = [];
    for (const [am, pm] of out.values()) {
      if (am) kept.push(am);
      if (pm) kept.push(pm);
    }
    pupils.push({
      key: pupilKey(row.el, row.nameEl, row.name, ctx.group),
      name: row.name,
      marks: kept.sort(markOrder),
    });
  }
  const marked = pupils.filter((p) => p.marks.length > 0).length;
  if (marked < 2) return null;
  if (undated) warnings.push(`${undated} mark(s) had no date on the page and were left out.`);
  if (unmapped.size) {
    warnings.push(
      `Marks with no code mapping (shown, not counted): ${[...unmapped].map((u) => `"${u}"`).join(', ')}.`,
    );
  }
  if (outOfSet.size) {
    warnings.push(`Codes not in the code set in force on their date: ${[...outOfSet].join(', ')}.`);
  }
  const empty = pupils.length - marked;
  if (empty) warnings.push(`${empty} pupil(s) show no mark.`);
  // Duplicate keys would merge two pupils downstream; make them distinct and say so.
  const keys = new Map<string, number>();
  for (const p of pupils) {
    const n = keys.get(p.key) ?? 0;
    keys.set(p.key, n + 1);
    if (n) {
      warnings.push(`Two rows share the key ${p.key}; the later one was renamed.`);
      p.key = `${p.key}#${n + 1}`;
    }
  }
  const editable = pupils.some((p) => p.marks.some((m) => m.editable));
  let date: string | null = null;
  let session: Session | null = null;
  if (editable && hasControls) {
    date = regDate;
    session = regDate ? (regSession ?? 'AM') : null;
  } else {
    const all = new Set(pupils.flatMap((p) => p.marks.map((m) => `${m.date}|${m.session}`)));
    if (all.size === 1) [date, session] = [...all][0]!.split('|') as [string, Session];
  }
  const confidence =
    Math.round(
      (marked / Math.max(1, pupils.length)) * (total ? 0.5 + (0.5 * mapped) / total : 0.5) * 100,
    ) / 100;
  return {
    reading: {
      adapter: 'generic',
      group: ctx.group,
      date,
      session,
      taken: ctx.taken,
      pupils,
      warnings,
    },
    score: marked * 10 + total / Math.max(1, pupils.length),
    confidence,
  };
}

/** Reads the best register on the page, or says there is none. */
export function readGeneric(root: ParentNode, url: string, map: MapOptions = {}): ReadResult {
  const names = findNames(root);
  if (names.length < 2)
    return { ok: false, reason: 'No register found: fewer than two pupil names on the page.' };
  const groups = groupRows(root, names).filter((g) => g.rows.length >= 2);
  let labelCache: Map<string, string> | undefined;
  const labels = () => (labelCache ??= labelMap(root));
  let best: Candidate | null = null;
  for (const g of groups) {
    const c = readGroup(root, url, g, map, labels);
    if (c && (!best || c.score > best.score)) best = c;
  }
  if (!best) {
    return { ok: false, reason: 'No register found: no repeated rows of pupils with marks.' };
  }
  return { ok: true, reading: best.reading, confidence: best.confidence };
}
