import { byTag, HIDDEN_STYLE, isHiddenEl, textOf, upperTag } from '../text';

/**
 * Rows that are not pupils: hidden templates (by attribute, inline style, or a class the page's
 * own stylesheet hides), header rows repeated inside the body, "set all" rows, key rows, totals.
 * None of them is ever read as a pupil; each skipped row that sits among the pupils' rows is
 * named in a warning, so a person can see why it was left out.
 */

// Print-only and other conditional rules do not hide anything on screen.
const AT_BLOCK = /@(?:media|supports|container)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g;
const RULE = /([^{}]+)\{([^{}]*)\}/g;
const CLASS_SELECTOR = /^(?:[a-z][a-z0-9]*)?\.([\w-]+)$/i;

/** Classes the page's own `<style>` hides outright (`.tpl-row { display: none }`). */
export function hiddenClasses(root: ParentNode): Set<string> {
  const out = new Set<string>();
  const styles = byTag(root, 'style');
  for (let i = 0; i < styles.length; i++) {
    const style = styles[i]!;
    const css = (style.textContent ?? '').replace(/\/\*[\s\S]*?\*\//g, '').replace(AT_BLOCK, '');
    for (const m of css.matchAll(RULE)) {
      if (!HIDDEN_STYLE.test(m[2]!)) continue;
      for (const sel of m[1]!.split(',')) {
        const c = CLASS_SELECTOR.exec(sel.trim());
        if (c) out.add(c[1]!);
      }
    }
  }
  return out;
}

/** Whether an element carries a class the page's stylesheet hides. */
export function hiddenByClass(el: Element, hidden: ReadonlySet<string>): boolean {
  if (!hidden.size) return false;
  const cls = el.getAttribute('class');
  if (!cls) return false;
  for (const c of cls.split(/\s+/)) if (hidden.has(c)) return true;
  return false;
}

const MAX_NAMED = 8;

/** Why a row among the pupils' rows is not a pupil, in words for a warning. */
export function whySkipped(row: Element, hidden: ReadonlySet<string>): string {
  if (isHiddenEl(row) || hiddenByClass(row, hidden)) return 'a hidden template row';
  const cells = Array.from(row.children);
  if (cells.length && cells.every((c) => upperTag(c) === 'TH')) return 'a repeated header row';
  if (row.querySelector('[role=columnheader]')) return 'a repeated header row';
  const first = cells.map((c) => textOf(c)).find(Boolean) ?? '';
  return first ? `"${first.length > 30 ? `${first.slice(0, 29)}…` : first}", not a pupil` : '';
}

/**
 * One warning per body row of a register table that was not read as a pupil (at most a handful
 * named, then a count), empty spacer rows left out.
 */
export function skippedRowWarnings(
  table: Element,
  pupilRows: ReadonlySet<Element>,
  hidden: ReadonlySet<string>,
): string[] {
  const reasons: string[] = [];
  let first = true;
  // The table's own rows (not a nested table's): a list the browser keeps ready.
  const own = (table as HTMLTableElement).rows;
  const rows = own ?? byTag(table, 'tr');
  for (let i = 0; i < rows.length; i++) {
    const tr = rows[i]!;
    if (!own && tr.closest('table') !== table) continue;
    const wasFirst = first;
    first = false;
    if (pupilRows.has(tr)) continue;
    const section = upperTag(tr.parentElement ?? tr);
    if (section === 'THEAD' || section === 'TFOOT') continue;
    const why = whySkipped(tr, hidden);
    // A table without a <thead> keeps its header as its first row: that one is expected.
    if (wasFirst && why === 'a repeated header row') continue;
    if (why) reasons.push(why);
  }
  const out = reasons.slice(0, MAX_NAMED).map((r) => `Skipped a row: ${r}.`);
  if (reasons.length > MAX_NAMED) {
    out.push(`Skipped ${reasons.length - MAX_NAMED} more row(s) that are not pupils.`);
  }
  return out;
}
