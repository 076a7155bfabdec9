import { contextItems, pageContext } from './context';
import { accessibleText, labelOfControl, ownDate, pupilKey } from './generic';
import { codeOutOfSet, mapMark, type MarkMapping } from './mapping';
import type { ReadMark, ReadPupil, Reading, Session } from './schema';
import { taughtLayoutSchema, type MarkLocator, type TaughtLayout } from './teach-schema';
import { isHiddenWithin, norm, textOf } from './text';

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

function markLocator(row: Element, markEl: Element): MarkLocator {
  const select = markEl.closest('select');
  if (select && row.contains(select))
    return { selector: relativePath(row, select), read: 'select' };
  const radio =
    markEl.closest('input[type=radio],[role=radio]') ??
    markEl.closest('label')?.querySelector('input[type=radio]');
  if (radio && row.contains(radio)) {
    const members = radio.matches('input') ? 'input[type=radio]' : '[role=radio]';
    return { selector: relativePath(row, radio), read: 'checked', members };
  }
  const toggle = markEl.closest('[aria-pressed]');
  if (toggle && row.contains(toggle) && toggle.parentElement) {
    return {
      selector: relativePath(row, toggle),
      read: 'pressed',
      members: `${relativePath(row, toggle.parentElement) || ':scope'} > [aria-pressed]`,
    };
  }
  for (let e: Element | null = markEl; e && e !== row; e = e.parentElement) {
    for (const attr of [
      'aria-label',
      'title',
      'data-mark',
      'data-code',
      'data-original-title',
      'x-tooltip',
    ]) {
      const v = e.getAttribute(attr);
      if (v && v.trim()) return { selector: relativePath(row, e), read: 'label', attr };
    }
  }
  return { selector: relativePath(row, markEl), read: 'text' };
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
  const row = findRow(common);
  const container = row.parentElement!;
  const rows = `:scope > ${segment(row, false)}`;
  const name = relativePath(row, nameEl);
  const mark = markLocator(row, markEl);
  const ctx = pageContext(contextItems(container, root), url, container);
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
    marks: [mark],
    session: ctx.session,
  });
}

function readLocator(
  row: Element,
  loc: MarkLocator,
): { raw: string; editable: boolean; label: string } | null {
  const el = row.querySelector(loc.selector);
  if (!el) return null;
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
      const members = Array.from(row.querySelectorAll(loc.members ?? 'input[type=radio]'));
      const on = members.find(
        (m) => (m as HTMLInputElement).checked || m.getAttribute('aria-checked') === 'true',
      );
      const raw = on ? labelOfControl(on) || norm((on as HTMLInputElement).value ?? '') : '';
      return { raw, editable: true, label: '' };
    }
    case 'pressed': {
      const members = Array.from(row.querySelectorAll(loc.members ?? '[aria-pressed]'));
      const on = members.find((m) => m.getAttribute('aria-pressed') === 'true');
      return { raw: on ? accessibleText(on) : '', editable: true, label: '' };
    }
    case 'label': {
      const v = norm(el.getAttribute(loc.attr ?? 'aria-label'));
      return { raw: v, editable: false, label: v };
    }
    default:
      return { raw: textOf(el), editable: el.matches('[contenteditable=true]'), label: '' };
  }
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
  const pupils: ReadPupil[] = [];
  const unmapped = new Set<string>();
  const outOfSet = new Set<string>();
  for (const row of Array.from(container.querySelectorAll(layout.rows))) {
    if (isHiddenWithin(row, container)) continue;
    const nameEl = layout.name ? row.querySelector(layout.name) : row;
    const name = nameEl ? textOf(nameEl) : '';
    if (!nameEl || !name || /\{\{/.test(name)) continue;
    const marks: ReadMark[] = [];
    for (const loc of layout.marks) {
      const got = readLocator(row, loc);
      if (!got) continue;
      const own = got.label ? ownDate(got.label, ctx.ref) : null;
      const date = own?.date ?? ctx.date;
      if (!date) throw new Error('the page does not say which day this register is for');
      const session: Session = own?.session ?? ctx.session ?? layout.session ?? 'AM';
      const raw = own ? own.rest : got.raw;
      const mapped = mapMark(raw, session, { site: mapping });
      if (mapped.code === null && !mapped.unmarked) unmapped.add(raw);
      if (mapped.code && codeOutOfSet(mapped.code, date)) outOfSet.add(`${mapped.code} on ${date}`);
      marks.push({ date, session, raw, code: mapped.code, editable: got.editable });
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
  const first = pupils.find((p) => p.marks.length)?.marks[0];
  return {
    adapter: 'taught',
    group: ctx.group,
    date: first?.date ?? ctx.date,
    session: first?.session ?? ctx.session,
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
