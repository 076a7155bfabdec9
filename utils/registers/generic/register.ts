import { contextItems, pageContext, type PageContext } from '../context';
import { codeOutOfSet, type MapOptions } from '../mapping';
import type { Reading, ReadMark, ReadPupil, Session } from '../schema';
import { findSession, textOf } from '../text';
import { readingConfidence, readingScore } from './confidence';
import { formDate, weekStartFrom } from './dates';
import { gridColumns, tableColumns } from './columns';
import { pupilKey } from './keys';
import { besidePane } from './panes';
import { tickWord } from './controls';
import type { PageLegend } from './legend';
import { type RawMark, readRowMarks, type RowReadContext } from './marks';
import { meanMark, type MeantMark } from './meaning';
import type { Group, Row } from './rows';
import { type Cell, scanRow } from './scan';
import { skippedRowWarnings } from './skipped';

const sessionRank = (s: Session) => (s === 'AM' ? 0 : 1);
const markOrder = (a: ReadMark, b: ReadMark) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : sessionRank(a.session) - sessionRank(b.session);

/**
 * One mark per date and session, in order: the first the row shows, unless a later one is the
 * editable control of that session (the register being taken beats its history column). Sorted
 * in place (stable, so a session's marks keep the row's order) rather than slotted through a map
 * per row: rows hold a handful of marks, usually in order already.
 */
function onePerSession(marks: ReadMark[]): ReadMark[] {
  marks.sort(markOrder);
  let out = 0;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const prev = out ? marks[out - 1]! : undefined;
    if (prev && prev.date === m.date && prev.session === m.session) {
      if (m.editable && !prev.editable) marks[out - 1] = m;
      continue;
    }
    marks[out++] = m;
  }
  marks.length = out;
  return marks;
}

/**
 * A pupil over several rows: the name cell spans them (`rowspan="2"`, one row per session). The
 * rows below carry no name of their own and start past the spanning cells; a cell that says only
 * a session ("AM", "Afternoon") dates its row's marks to that session.
 */
function readContinuation(
  r: Row,
  cells: readonly Cell[],
  rctx: RowReadContext,
  marks: RawMark[],
  continued: Element[],
): void {
  let rows = 1;
  let lead = 0;
  for (const c of cells) {
    const span = Number(c.cell.getAttribute('rowspan') ?? 1);
    if (span <= 1) break;
    rows = Math.max(rows, span);
    lead = c.col + Number(c.cell.getAttribute('colspan') ?? 1);
  }
  const sessionOf = (cs: readonly Cell[]) => {
    for (const c of cs) {
      const t = textOf(c.cell);
      if (t.length <= 12 && SESSION_ONLY.test(t)) return findSession(t);
    }
    return null;
  };
  if (rows > 1) {
    const own = sessionOf(cells);
    if (own) for (const m of marks) m.session ??= own;
  }
  let tr = r.el.nextElementSibling;
  // Its own pool: the pupil's first row's cells stay valid while the rows below are read.
  const pool: Cell[] = [];
  for (let i = 1; i < rows && tr; i++, tr = tr.nextElementSibling) {
    const scan = scanRow(tr, 'table', lead, pool);
    if (scan.header) break;
    const more = readRowMarks(tr, scan, rctx);
    const session = sessionOf(scan.cells);
    for (const m of more) {
      if (session) m.session ??= session;
      marks.push(m);
    }
    continued.push(tr);
  }
}

const SESSION_ONLY = /^(?:am|pm|a\.m\.|p\.m\.|morning|afternoon)$/i;

export interface Candidate {
  reading: Reading;
  score: number;
  confidence: number;
}

export function readGroup(
  root: ParentNode,
  url: string,
  g: Group,
  map: MapOptions,
  labels: () => Map<string, string>,
  legend: PageLegend,
  hidden: ReadonlySet<string> = new Set(),
): Candidate | null {
  const items = contextItems(g.container, root);
  const ctx: PageContext = pageContext(items, url, g.container);
  if (!ctx.date) {
    // No sentence states the date: the page's form (selects, hidden inputs) or address may.
    const form = formDate(root, url, labels, ctx.ref);
    ctx.date = form.date;
    ctx.session ??= form.session;
    ctx.ref ??= form.date;
  }
  const weekStart = weekStartFrom(items, ctx.ref);
  let columns =
    g.kind === 'table'
      ? tableColumns(g.container, ctx.ref, weekStart)
      : g.kind === 'grid'
        ? gridColumns(g.container, ctx.ref, weekStart)
        : [];
  const pane = g.kind === 'table' ? besidePane(g, columns, ctx.ref, weekStart) : null;
  if (pane) columns = pane.columns;
  const rctx: RowReadContext = {
    columns,
    ref: ctx.ref,
    map,
    labels,
    selects: new Map(),
    owns: new Map(),
    legend,
    tick: tickWord(items),
  };
  const perRow: { row: Row; marks: RawMark[] }[] = [];
  const continued: Element[] = [];
  const pool: Cell[] = [];
  for (const r of g.rows) {
    // No row is hidden: findNames keeps no name with a hidden ancestor, and a row is one.
    if (/^T(HEAD|FOOT)$/i.test(r.el.parentElement?.tagName ?? '')) continue;
    const el = pane?.rows.get(r.el) ?? r.el;
    const scan = scanRow(el, g.kind, 0, pool);
    if (scan.header) continue;
    const marks = readRowMarks(el, scan, rctx);
    if (g.kind === 'table')
      readContinuation(pane ? { ...r, el } : r, scan.cells, rctx, marks, continued);
    perRow.push({ row: r, marks });
  }
  const withMarks = perRow.filter((p) => p.marks.length > 0);
  if (withMarks.length < 2) return null;
  const skipped =
    g.kind === 'table'
      ? skippedRowWarnings(
          g.container,
          new Set([...perRow.map((p) => p.row.el), ...continued]),
          hidden,
        )
      : [];

  // The register's own session: where editable controls sit when they all sit in one, else what
  // the page states. Compared in place: no key string per control.
  let ctlDate: string | null = null;
  let ctlSession: Session | null = null;
  let oneSession = true;
  for (const p of withMarks) {
    for (const m of p.marks) {
      if (!m.control || !m.date) continue;
      if (ctlDate === null) {
        ctlDate = m.date;
        ctlSession = m.session;
      } else if (m.date !== ctlDate || m.session !== ctlSession) oneSession = false;
    }
  }
  let regDate = ctx.date;
  let regSession = ctx.session;
  if (ctlDate !== null && oneSession) {
    regDate = ctlDate;
    regSession = ctlSession ?? regSession;
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
  const mappedAm = new Map<string, MeantMark>();
  const mappedPm = new Map<string, MeantMark>();
  const byPage = new Map<string, string>();
  const doubtful = new Set<string>();
  for (const { row, marks } of perRow) {
    const read: ReadMark[] = [];
    for (const m of marks) {
      let date = m.date;
      let session = m.session;
      if (!date && (m.control || m.current)) {
        date = regDate;
        session = session ?? regSession;
      }
      if (!date) {
        undated++;
        continue;
      }
      session ??= 'AM';
      if (m.control) hasControls = true;
      const cache = m.reason || m.meaning ? null : session === 'AM' ? mappedAm : mappedPm;
      let mm = cache ? cache.get(m.raw) : undefined;
      if (!mm) {
        mm = meanMark(m, session, map, legend);
        if (cache) cache.set(m.raw, mm);
      }
      if (mm.byPage && m.meaning && m.meaning !== m.raw) byPage.set(m.raw, m.meaning);
      if (mm.doubtful) doubtful.add(m.raw);
      const mark: ReadMark = m.reason
        ? { date, session, raw: m.raw, code: mm.code, reason: m.reason, editable: m.editable }
        : { date, session, raw: m.raw, code: mm.code, editable: m.editable };
      total++;
      if (mm.code) {
        mapped++;
        if (codeOutOfSet(mm.code, date)) outOfSet.add(`${mm.code} on ${date}`);
      } else if (!mm.unmarked && !mm.doubtful) {
        const shown = m.meaning && m.meaning !== m.raw ? `${m.raw} (${m.meaning})` : m.raw;
        unmapped.add(m.reason ? `${shown}: ${m.reason}` : shown);
      }
      read.push(mark);
    }
    pupils.push({
      key: pupilKey(row.el, row.nameEl, row.name, ctx.group),
      name: row.name,
      marks: onePerSession(read),
    });
  }
  const marked = pupils.filter((p) => p.marks.length > 0).length;
  if (marked < 2) return null;
  warnings.push(...skipped);
  if (byPage.size) {
    const pairs = [...byPage].map(([raw, word]) => `${raw} = ${word}`).join(', ');
    warnings.push(
      `This page uses its own mark letters, read by its own words (${pairs}). Please confirm them in the mapping.`,
    );
  }
  if (doubtful.size) {
    warnings.push(
      `Letters the page does not explain were read as no code rather than guessed: ${[...doubtful].map((d) => `"${d}"`).join(', ')}.`,
    );
  }
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
  const tally = { pupils: pupils.length, marked, total, mapped };
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
    score: readingScore(tally),
    confidence: readingConfidence(tally),
  };
}
