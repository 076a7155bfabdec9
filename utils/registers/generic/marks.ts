import { builtInCode, isUnmarkedLabel, looksLikeMark, type MapOptions } from '../mapping';
import type { Session } from '../schema';
import { findDates, norm, textOf, upperTag } from '../text';
import type { Column } from './columns';
import {
  readCheckboxes,
  readCodeBoxes,
  readRadios,
  readToggles,
  selectMark,
  type SelectVerdict,
} from './controls';
import { dateFromHref, labelOfControl, ownDate, REASON_RE } from './labels';
import { pageMeaning, type PageLegend, swatchWord } from './legend';
import { type Cell, cellOfControl, ICON_TAGS, type RowScan } from './scan';

const SCRIPTED_SELECT = '[role=combobox]:not(input),[aria-haspopup=listbox]:not(input)';

export interface RawMark {
  date: string | null;
  session: Session | null;
  raw: string;
  reason?: string;
  editable: boolean;
  /** Where the date came from; a control without one takes the register's. */
  control: boolean;
  /** The page's own word for `raw` (its key, the cell's tooltip), mapped before `raw` itself. */
  meaning?: string;
  /** Undated, in a column of the register's own marks: it takes the register's date. */
  current?: boolean;
  /**
   * Its control's options are a code set of the page's own (letters beside one that is no
   * English code): a letter is not taken for the English code of the same letter.
   */
  foreignSet?: boolean;
}

export interface RowReadContext {
  columns: Column[];
  ref: string | null;
  map: MapOptions;
  /** The page's `<label for>` texts, built on first need (most registers never ask). */
  labels: () => Map<string, string>;
  /** Option lists already judged in this read, by option count. */
  selects: Map<number, SelectVerdict[]>;
  /** `ownDate` of each label text met in this read: rows repeat their tooltips ("mark"). */
  owns: Map<string, ReturnType<typeof ownDate>>;
  /** The page's key (NO_LEGEND when it has none). */
  legend: PageLegend;
  /** What a tick in a pupil's one tick box means, by the page's instructions (`tickWord`). */
  tick?: string | undefined;
  /** Set by the first row read: see `RowLookups`. */
  lookups?: RowLookups;
}

function ownDateIn(ctx: RowReadContext, label: string): ReturnType<typeof ownDate> {
  let own = ctx.owns.get(label);
  if (own === undefined) {
    own = ownDate(label, ctx.ref);
    ctx.owns.set(label, own);
  }
  return own;
}

/**
 * What reading a row's controls asks of the row: the cell an element sits in, its column, marking
 * a cell used, a control's date. Made once per read and pointed at each row in turn (rows are read
 * one after another), rather than four new functions for every row.
 */
interface RowLookups {
  row: Element;
  scan: RowScan;
  cellOf: (el: Element) => Cell | undefined;
  colOf: (el: Element) => Column | undefined;
  use: (el: Element) => void;
  controlDate: (el: Element, label: string) => { date: string | null; session: Session | null };
}

function rowLookups(ctx: RowReadContext, row: Element, scan: RowScan): RowLookups {
  const at: RowLookups = {
    row,
    scan,
    cellOf: (el) => {
      const known = cellOfControl(at.scan, el);
      if (known) return known;
      // A row has a dozen cells or so: looking each ancestor up among them costs less than a map.
      const { cells } = at.scan;
      for (let e: Element | null = el; e && e !== at.row; e = e.parentElement) {
        for (const c of cells) if (c.cell === e) return c;
      }
      return undefined;
    },
    colOf: (el) => {
      const cell = at.cellOf(el);
      return cell ? ctx.columns[cell.col] : undefined;
    },
    use: (el) => {
      const cell = at.cellOf(el);
      if (cell) cell.used = true;
    },
    controlDate: (el, label) => {
      const own = label ? ownDateIn(ctx, label) : null;
      if (own) return { date: own.date, session: own.session };
      const col = at.colOf(el);
      return { date: col?.date ?? null, session: col?.session ?? null };
    },
  };
  return at;
}

export function readRowMarks(row: Element, scan: RowScan, ctx: RowReadContext): RawMark[] {
  const marks: RawMark[] = [];
  const { cells } = scan;
  let at = ctx.lookups;
  if (at) {
    at.row = row;
    at.scan = scan;
  } else at = ctx.lookups = rowLookups(ctx, row, scan);
  const { colOf, use, controlDate } = at;
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
    const raw = selectMark(sel, ctx.map, ctx.selects);
    if (raw === null) continue;
    use(sel);
    usedControls?.add(sel);
    const at = controlDate(sel, labelOfControl(sel, ctx.labels));
    marks.push({
      date: at.date,
      session: at.session,
      raw,
      editable: !sel.disabled,
      control: true,
    });
  }

  if (scan.radios.length) readRadios(scan, ctx, marks, colOf, use);
  if (scan.checkboxes.length) readCheckboxes(scan, ctx, marks, colOf, use);
  if (scan.codeBoxes.length) readCodeBoxes(scan, ctx, marks, controlDate, use);
  if (usedControls) readToggles(row, scan, ctx, marks, controlDate, use, usedControls);

  // A reason select beside a mark select adds its reason to that mark.
  const reasonSel = reasonSelects[0];
  if (reasonSel && marks.length) {
    const o = reasonSel.options[reasonSel.selectedIndex];
    const r = o ? norm(o.text) : '';
    const last = marks[marks.length - 1]!;
    // A toggle already read this select as its mark ("Absent" then "Illness"): not a reason too.
    if (
      r &&
      !usedControls?.has(reasonSel) &&
      last.control &&
      last.raw &&
      !isUnmarkedLabel(last.raw)
    )
      last.reason = r;
  }
  // A control's letter the page's key explains (a `<datalist>`, a "P = Present" key) is read by
  // the page's word, as a printed letter is.
  if (ctx.legend.byLabel.size) {
    for (const m of marks)
      if (m.control && !m.meaning) m.meaning = pageMeaning(m.raw, null, ctx.legend);
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
    // The code letter the page prints is the reference reading; the tooltip explains it, and
    // where the tooltip names another meaning than the English code of that letter, the page's
    // own word wins ("P" titled "Present").
    let meaning: string | undefined;
    if (text && text.length <= 3 && !isUnmarkedLabel(text)) {
      meaning = pageMeaning(text, own ? own.rest : label, ctx.legend);
      if (meaning || builtInCode(text) === text || ctx.legend.byLabel.has(text)) raw = text;
    } else if (text && isUnmarkedLabel(text)) raw = text;
    if (!meaning && !looksLikeMark(raw, ctx.map) && !(icon && own)) continue;
    if (raw === '') continue;
    // Optional fields set only when present (no spread of a throwaway object per mark).
    const mark: RawMark = { date, session, raw, editable: false, control: false };
    if (meaning) mark.meaning = meaning;
    marks.push(mark);
    if (cell) cell.used = true;
  }
  for (const entry of cells) {
    if (entry.used) continue;
    const { cell, col, hidden } = entry;
    const c = ctx.columns[col];
    if (!c || (!c.date && !c.current) || hidden) continue;
    const text = textOf(cell);
    if (text.length > 40) continue;
    if (!text) {
      // A cell whose only content is a colour or shape the page's key explains.
      const word = swatchWord(cell, ctx.legend);
      if (word)
        marks.push({
          date: c.date,
          session: c.session,
          raw: word,
          editable: false,
          control: false,
        });
      continue;
    }
    // Today's mark as a button inside its cell ("L" opening a menu of marks) can still be changed.
    const inner = cell.firstElementChild;
    // Or a scripted select (a listbox button showing the chosen word), however deep its wrappers.
    const button =
      inner && (upperTag(inner) === 'BUTTON' || inner.getAttribute('role') === 'button')
        ? inner
        : c.current && inner
          ? cell.querySelector(SCRIPTED_SELECT)
          : null;
    const editable = !!button && textOf(button) === text && !button.hasAttribute('disabled');
    const meaning = pageMeaning(text, null, ctx.legend);
    if (
      !meaning &&
      !(builtInCode(text) === text || isUnmarkedLabel(text) || looksLikeMark(text, ctx.map))
    ) {
      continue;
    }
    const mark: RawMark = {
      date: c.date,
      session: c.session,
      raw: text,
      editable,
      control: editable,
    };
    if (meaning) mark.meaning = meaning;
    if (c.current) mark.current = true;
    marks.push(mark);
  }
  if (marks.length === 0 && cells.length === 0) wordMark(row, ctx, marks);
  return marks;
}

/**
 * A card or list item with no cells, controls or labels may still say today's mark in words
 * ("Absent (illness)" under "Today"). Taken only when exactly one short leaf of the row is a
 * mark word: two ("Present" and "Late") are the page's business, not a mark to guess.
 */
function wordMark(row: Element, ctx: RowReadContext, marks: RawMark[]): void {
  let found: Element | null = null;
  for (const el of Array.from(row.querySelectorAll('*'))) {
    if (el.firstElementChild || el.closest('[hidden],[aria-hidden=true]')) continue;
    const text = textOf(el);
    if (!text || text.length > 40 || !looksLikeMark(text, ctx.map)) continue;
    if (found !== null) return;
    found = el;
  }
  if (found === null) return;
  // A tile the tutor taps to change the mark ("Grace Adams, Present. Tap to change."), or a tile
  // that is the label of a tick box: a tap toggles the box, and the word with it.
  const toggle = found.closest('button,[role=button],label');
  let editable = !!toggle && row.contains(toggle) && !toggle.hasAttribute('disabled');
  if (editable && upperTag(toggle!) === 'LABEL') {
    const box = toggle!.querySelector<HTMLInputElement>('input[type=checkbox],input[type=radio]');
    editable = !!box && !box.disabled;
  }
  marks.push({
    date: null,
    session: null,
    raw: textOf(found),
    editable,
    control: editable,
    current: true,
  });
}
