import type { Session } from '../schema';
import { dateFromDay, dayOnly, findDates, findSession, norm, textOf, upperTag } from '../text';
import { dateInWeek, headerDates, monthStart, weekdayOnly } from './dates';
import { isTableRow, ROW_ROLE } from './rows';

// --- columns -------------------------------------------------------------------------------

export interface Column {
  date: string | null;
  session: Session | null;
  header: string;
  /** Undated, but headed as the register's own mark ("Mark", "Attendance", "Status"). */
  current: boolean;
  /**
   * The page's own word for a short header ("P" titled "Present", `<abbr title="Late">L</abbr>`):
   * what a column of radios headed by a letter means.
   */
  meaning?: string;
}

// A tooltip often wraps its word in a sentence: "Set status to «Present»", 'Mark as "Late"'.
const QUOTED = /[«"“'‘]([^»"”'’]{2,40})[»"”'’]/u;

/** The words a header cell gives beside its text: its title, abbr or aria-label, or a child's. */
export function headerWords(cell: Element, text: string): string | undefined {
  if (!text || text.length > 3) return undefined;
  // Most header cells hold a bare text: no query for children that are not there.
  const sources = cell.firstElementChild
    ? [cell, ...Array.from(cell.querySelectorAll('[title],[aria-label],abbr'))]
    : [cell];
  for (const el of sources) {
    for (const attr of ['title', 'abbr', 'aria-label']) {
      const raw = norm(el.getAttribute(attr) ?? '');
      if (!raw || raw === text) continue;
      return norm(QUOTED.exec(raw)?.[1] ?? raw);
    }
  }
  return undefined;
}

// A column of the register's own marks when the page states the date elsewhere.
// "AM reg" and "PM registration" head the statutory marks among lesson periods (P1, P2…).
const CURRENT =
  /^(?:(?:today'?s?\s+|[ap]m\s+)?(?:marks?|attendance|status|code|register)|[ap]m\s+reg(?:istration)?)$/i;

export function columnFromLevels(
  levels: string[],
  ref: string | null,
  weekStart: string | null = null,
): Column {
  let date: string | null = null;
  let session: Session | null = null;
  let dayIdx = -1;
  let day: number | null = null;
  let weekday: number | null = null;
  for (let i = levels.length - 1; i >= 0; i--) {
    const text = levels[i]!;
    if (!session && text.length <= 24) session = findSession(text);
    if (date || day !== null) continue;
    const d = headerDates(text, ref)[0];
    if (d) {
      date = d.date;
      continue;
    }
    const wd = weekStart ? weekdayOnly(text) : null;
    if (wd !== null) {
      date = dateInWeek(weekStart!, wd);
      continue;
    }
    if (day === null) {
      const only = dayOnly(text);
      if (only) {
        day = only.day;
        weekday = only.weekday;
        dayIdx = i;
      }
    }
  }
  if (!date && day !== null) {
    for (let i = dayIdx - 1; i >= 0; i--) {
      const start = findDates(levels[i]!, ref)[0]?.date ?? monthStart(levels[i]!);
      if (start) {
        date = dateFromDay(start, day);
        break;
      }
    }
    if (!date && weekStart) date = dateFromDay(weekStart, day);
    if (!date && ref && weekday !== null) date = dayNearRef(ref, day, weekday);
  }
  const header = levels.join(' ');
  const last = levels[levels.length - 1] ?? '';
  return { date, session, header, current: !date && CURRENT.test(last) };
}

/**
 * "Mon 2" with no month in the header (a print view, a sheet under "March 2026, week 1"): the
 * month of the nearest full date on the page when the weekday agrees, else the month before (a
 * sheet printed early in the next month) when it agrees there. Neither: no date, not a guess.
 */
export function dayNearRef(ref: string, day: number, weekday: number): string | null {
  const [y, m] = ref.split('-').map(Number) as [number, number];
  for (const back of [0, -1]) {
    const d = new Date(Date.UTC(y, m - 1 + back, day));
    if (d.getUTCDate() === day && d.getUTCDay() === weekday) return d.toISOString().slice(0, 10);
  }
  return null;
}

export function tableColumns(
  table: Element,
  ref: string | null,
  weekStart: string | null = null,
): Column[] {
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
  const words: (string | undefined)[] = [];
  headerRows.forEach((tr, r) => {
    grid[r] ??= [];
    let col = 0;
    const cells = tr.children;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      while (grid[r]![col] !== undefined) col++;
      const span = Math.max(1, Number(cell.getAttribute('colspan')) || 1);
      const rows = Math.max(1, Number(cell.getAttribute('rowspan')) || 1);
      const text = textOf(cell);
      const said = span === 1 ? headerWords(cell, text) : undefined;
      if (said) words[col] = said;
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
      // An empty cell under a header ("set all" radios, a spacer row) says nothing of the column.
      if (t && t !== levels[levels.length - 1]) levels.push(t);
    }
    const column = columnFromLevels(levels, ref, weekStart);
    if (words[c]) column.meaning = words[c];
    cols.push(column);
  }
  return cols;
}

export function gridColumns(
  grid: Element,
  ref: string | null,
  weekStart: string | null = null,
): Column[] {
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
    cols[at] = columnFromLevels(prev ? [prev.header, text] : [text], ref, weekStart);
    const said = headerWords(h, text) ?? prev?.meaning;
    if (said) cols[at]!.meaning = said;
  }
  return cols;
}
