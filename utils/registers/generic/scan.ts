import { HIDDEN_STYLE } from '../text';
import { LABEL_ATTRS } from './labels';
import type { Group } from './rows';

export interface Cell {
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

export interface RowScan {
  cells: Cell[];
  /** The controls found by the scan that sit in a cell, and that cell (same index). */
  controls: Element[];
  controlCells: Cell[];
  selects: HTMLSelectElement[];
  radios: HTMLInputElement[];
  checkboxes: HTMLInputElement[];
  /** Small text boxes: a register where the mark code is typed ("/", "N", "L"). */
  codeBoxes: HTMLInputElement[];
  toggles: Element[];
  labelled: Labelled[];
  reasons: Element[];
  /** A column header inside the row: it is a header row, not a pupil. */
  header: boolean;
}

const LABEL_RANK = new Map(LABEL_ATTRS.map((a, i) => [a, i]));
// Most labelled elements carry one label attribute: they share one list per attribute, never
// added to (a second attribute makes a list of its own).
const SINGLE = new Map(LABEL_ATTRS.map((a) => [a, [a]]));
// Shared by every scan and never added to: `add` replaces it with a list of its own.
const NONE: never[] = [];
const add = <T>(list: T[], item: T): T[] => {
  if (list === NONE) return [item];
  list.push(item);
  return list;
};
export const ICON_TAGS = new Set(['SVG', 'IMG', 'I']);
const CONTROL_TAGS = new Set(['SELECT', 'BUTTON', 'INPUT', 'LABEL', 'TEXTAREA', 'OPTION']);
const COLUMN_HEADER = '[role=columnheader]';
const CELL_ROLES = new Set(['gridcell', 'cell', 'rowheader', 'columnheader']);

/**
 * One walk over a row: its cells, controls, toggles and labelled elements, hidden subtrees left
 * out. Each element's attribute names are read once and every later question is asked of them,
 * so an element without attributes costs a single call.
 *
 * `pool`, when given, lends the cell records: a register reads its rows one after another, so
 * one set of records serves every row instead of a dozen new objects per row. A scan's cells
 * are then valid until the next scan with the same pool.
 */
export function scanRow(row: Element, kind: Group['kind'], startCol = 0, pool?: Cell[]): RowScan {
  // Most rows hold no radio, tick box or toggle: their lists stay the one shared empty list, and
  // a list is made only when something goes into it (see `add`).
  const scan: RowScan = {
    cells: [],
    controls: NONE,
    controlCells: NONE,
    selects: NONE,
    radios: NONE,
    checkboxes: NONE,
    codeBoxes: NONE,
    toggles: NONE,
    labelled: NONE,
    reasons: NONE,
    header: false,
  };
  // A row holds a handful of controls: two short lists cost less than a map per row.
  const cellFor = (el: Element, cell: Cell) => {
    scan.controls = add(scan.controls, el);
    scan.controlCells = add(scan.controlCells, cell);
  };
  // Cells are found on the way: a table's are the row's own TD/TH children; a grid's are its
  // elements with a cell role, children of the row or of role-less wrappers at most two deep.
  // No map of cells per row.
  // A row under a pupil's spanning name cell starts past the columns that cell covers.
  let col = startCol;
  let lent = 0;
  // Every field set, so marking a cell hidden or used later changes no object's shape.
  const cellAt = (el: Element, at: number): Cell => {
    if (!pool) return { cell: el, col: at, hidden: false, used: false };
    let c = pool[lent];
    if (c) {
      c.cell = el;
      c.col = at;
      c.hidden = false;
      c.used = false;
    } else pool[lent] = c = { cell: el, col: at, hidden: false, used: false };
    lent++;
    return c;
  };
  const grid = kind === 'grid';
  const walk = (
    first: Element | null,
    inControl: boolean,
    cell: Cell | undefined,
    top: boolean,
    /** Grids: still among the row's children or its role-less wrappers (depth 0 to 2). */
    gridDepth: number,
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
      let colIndex: string | null = null;
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
            case 'aria-colindex':
              colIndex = c.getAttribute(a);
              break;
            default:
              if (LABEL_RANK.has(a)) labels = labels ? [...labels, a] : SINGLE.get(a)!;
          }
        }
      }
      let here = cell;
      let childGridDepth = -1;
      if (top && kind === 'table' && (tag === 'TD' || tag === 'TH')) {
        here = cellAt(c, col);
        scan.cells.push(here);
        col += span ? Math.max(1, Number(span) || 1) : 1;
      } else if (grid && gridDepth >= 0) {
        if (role && CELL_ROLES.has(role)) {
          const idx = Number(colIndex) - 1;
          here = cellAt(c, idx >= 0 ? idx : col);
          col = here.col + 1;
          scan.cells.push(here);
        } else if (!role && gridDepth < 2) childGridDepth = gridDepth + 1;
      }
      if (hidden) {
        if (here?.cell === c) here.hidden = true;
        if (!scan.header && (role === 'columnheader' || c.querySelector(COLUMN_HEADER))) {
          scan.header = true;
        }
        continue;
      }
      if (tag === 'SELECT') {
        if (here) cellFor(c, here);
        scan.selects = add(scan.selects, c as HTMLSelectElement);
        scan.reasons = add(scan.reasons, c);
        continue;
      }
      if (tag === 'INPUT') {
        const type = (c as HTMLInputElement).type;
        if (type === 'radio') {
          if (here) cellFor(c, here);
          scan.radios = add(scan.radios, c as HTMLInputElement);
        } else if (type === 'checkbox') {
          if (here) cellFor(c, here);
          scan.checkboxes = add(scan.checkboxes, c as HTMLInputElement);
        } else if (type === 'text' && isCodeBox(c as HTMLInputElement)) {
          if (here) cellFor(c, here);
          scan.codeBoxes = add(scan.codeBoxes, c as HTMLInputElement);
        }
        continue;
      }
      if (role === 'columnheader') scan.header = true;
      if (pressed || ((role === 'radio' || role === 'switch') && checked)) {
        if (here) cellFor(c, here);
        scan.toggles = add(scan.toggles, c);
      }
      if (tag === 'BUTTON' || role === 'button' || role === 'combobox') {
        scan.reasons = add(scan.reasons, c);
      }
      const control = CONTROL_TAGS.has(tag);
      if (labels && !inControl && !control) {
        if (labels.length > 1) labels.sort((a, b) => LABEL_RANK.get(a)! - LABEL_RANK.get(b)!);
        scan.labelled = add(scan.labelled, { el: c, cell: here, labels, tag, role, ariaHidden });
      }
      const child = c.firstElementChild;
      if (child) walk(child, inControl || control || pressed, here, false, childGridDepth);
    }
  };
  walk(row.firstElementChild, false, undefined, true, 0);
  return scan;
}

/** The cell a control found by the scan sits in. */
export function cellOfControl(scan: RowScan, el: Element): Cell | undefined {
  const i = scan.controls.indexOf(el);
  return i < 0 ? undefined : scan.controlCells[i];
}

/**
 * A text box sized for a mark code: at most three characters allowed (`maxlength`) or shown
 * (`size`), holding at most three. A remarks box or a search field is neither.
 */
export function isCodeBox(box: HTMLInputElement): boolean {
  if (box.value.trim().length > 3) return false;
  const max = box.maxLength;
  if (max >= 1 && max <= 3) return true;
  const size = Number(box.getAttribute('size'));
  return size >= 1 && size <= 3;
}
