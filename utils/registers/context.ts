import { takenFrom } from './generic/taken';
import type { Session } from './schema';
import { findDates, findSession, isHiddenByNames, norm, textOf, upperTag } from './text';

/**
 * What the page says around a register: its date, session, group and whether it was saved.
 * Text nearest the register wins (its own heading before the page's banner), and live regions
 * (toasts such as "AM register for 10A saved") are left out: they report the past.
 */

export interface ContextItem {
  text: string;
  kind: 'text' | 'heading' | 'time' | 'date-input' | 'select';
  /** For inputs and selects: their label text. */
  label: string;
  level: number;
  /**
   * Inside a table, aside or footer that is not the register's own: reference matter (notices,
   * keys, other groups' summaries), never the register's status.
   */
  remote: boolean;
}

export interface PageContext {
  /** A full date the page states, for years missing from headers. */
  ref: string | null;
  date: string | null;
  session: Session | null;
  group: string | null;
  taken: boolean | null;
}

const BLOCKS = new Set([
  'DIV',
  'P',
  'LI',
  'TD',
  'TH',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'TABLE',
  'TR',
  'TBODY',
  'THEAD',
  'TFOOT',
  'FORM',
  'MAIN',
  'ASIDE',
  'DL',
  'DD',
  'DT',
  'FIELDSET',
  'CAPTION',
  'LABEL',
  'BLOCKQUOTE',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'NAV', 'SVG', 'OPTION', 'BUTTON']);

// What `roleUnlessSkipped` answers for an element to leave out.
const LEAVE_OUT = false;

/**
 * The element's role (null without one), or LEAVE_OUT: the role is handed back so no one asks
 * for it twice, and no object is made per element of the page's context.
 */
function roleUnlessSkipped(el: Element, tag: string): string | null | typeof LEAVE_OUT {
  if (SKIP.has(tag)) return LEAVE_OUT;
  if (!el.hasAttributes()) return el.tagName === 'TEMPLATE' ? LEAVE_OUT : null;
  const names = el.getAttributeNames();
  if (isHiddenByNames(el, names)) return LEAVE_OUT;
  const role = names.includes('role') ? el.getAttribute('role') : null;
  if (role === 'status' || role === 'alert' || role === 'log' || role === 'navigation') {
    return LEAVE_OUT;
  }
  return names.includes('aria-live') ? LEAVE_OUT : role;
}

function labelFor(el: Element): string {
  const doc = el.ownerDocument;
  const id = el.getAttribute('id');
  if (id && doc) {
    for (const l of Array.from(doc.getElementsByTagName('label'))) {
      if (l.getAttribute('for') === id) return textOf(l);
    }
  }
  const wrap = el.closest('label');
  if (wrap) return textOf(wrap);
  // A form framework's field: its label just before it, tied by neither `for` nor nesting.
  const prev = el.previousElementSibling;
  if (prev && upperTag(prev) === 'LABEL' && !prev.hasAttribute('for')) return textOf(prev);
  return norm(el.getAttribute('aria-label') ?? el.getAttribute('name') ?? id ?? '');
}

/** A scripted select's label: `aria-label`, or the other elements it is labelled by. */
function comboLabel(el: Element): string {
  const own = el.getAttribute('aria-label');
  if (own) return norm(own);
  const doc = el.ownerDocument;
  const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/);
  const parts: string[] = [];
  for (const id of ids) {
    const l = id && id !== el.id ? doc?.getElementById(id) : null;
    if (l) parts.push(textOf(l));
  }
  return parts.join(' ');
}

function hasBlockChild(el: Element): boolean {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    if (BLOCKS.has(upperTag(c))) return true;
  }
  return false;
}

function collect(
  el: Element,
  level: number,
  out: ContextItem[],
  budget: { n: number },
  outer = false,
): void {
  if (budget.n <= 0) return;
  const tag = upperTag(el);
  const role = roleUnlessSkipped(el, tag);
  if (role === LEAVE_OUT) return;
  budget.n--;
  const remote = outer || REMOTE.has(tag) || role === 'complementary' || role === 'contentinfo';
  if (tag === 'SELECT') {
    const s = el as HTMLSelectElement;
    const opt = s.options[s.selectedIndex];
    if (opt) {
      out.push({ text: norm(opt.text), kind: 'select', label: labelFor(el), level, remote });
    }
    return;
  }
  if (tag === 'INPUT') {
    const i = el as HTMLInputElement;
    if (i.type === 'date' && i.value) {
      out.push({ text: i.value, kind: 'date-input', label: labelFor(el), level, remote });
    } else if (i.type === 'text' && i.value && i.value.length <= 40) {
      // A date picker is often a text box labelled "Date" holding "12/03/2026": the register's
      // date, read like a select's chosen option (its label must say it is a date).
      const label = `${labelFor(el)} ${i.getAttribute('placeholder') ?? ''}`;
      if (REGISTER_LABEL.test(label) && !RANGE_LABEL.test(label))
        out.push({ text: norm(i.value), kind: 'select', label, level, remote });
    }
    return;
  }
  if (role === 'combobox' && tag !== 'INPUT') {
    // A scripted select (a listbox button) shows its chosen option as its text.
    const text = textOf(el);
    if (text) out.push({ text, kind: 'select', label: comboLabel(el), level, remote });
    return;
  }
  if (tag === 'TIME') {
    const dt = el.getAttribute('datetime');
    if (dt) out.push({ text: dt, kind: 'time', label: '', level, remote });
  }
  const heading = HEADING_TAG.test(tag) || role === 'heading';
  let hasText = false;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3 && (c as Text).data.trim()) {
      hasText = true;
      break;
    }
  }
  const blockChild = hasBlockChild(el);
  if (heading || (hasText && !blockChild)) {
    const text = textOf(el);
    if (text) out.push({ text, kind: heading ? 'heading' : 'text', label: '', level, remote });
    if (!blockChild) {
      // Form controls inside an inline run still count.
      if (el.firstElementChild) {
        for (const sub of Array.from(el.querySelectorAll('select,input[type=date],time'))) {
          collect(sub, level, out, budget, remote);
        }
      }
      return;
    }
  }
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    collect(c, level, out, budget, remote);
  }
}

const REMOTE = new Set(['TABLE', 'ASIDE', 'FOOTER']);

const HEADING_TAG = /^H[1-6]$/;

/** Context items from the register outwards, nearest level first, never inside the register. */
export function contextItems(container: Element, root: ParentNode, budget = 4000): ContextItem[] {
  const out: ContextItem[] = [];
  const b = { n: budget };
  // The register's own title is nearest of all: a table's caption ("Wednesday, 4 March 2026,
  // 8:40 AM (Morning registration)"), or the name a grid or list is given for assistive tech.
  for (const text of ownTitles(container)) {
    // "9R week beginning 19 January 2026" names the week a grid shows, not the register's day.
    if (RANGE_LABEL.test(text)) continue;
    out.push({ text, kind: 'heading', label: '', level: 0, remote: false });
  }
  let inner: Element = container;
  let level = 0;
  for (let a = container.parentElement; a && b.n > 0; a = a.parentElement) {
    level++;
    for (let c = a.firstChild; c; c = c.nextSibling) {
      if (c === inner) continue;
      if (c.nodeType === 1) collect(c as Element, level, out, b);
      else if (c.nodeType === 3) {
        // A sentence straight in the form or body ("Attendance for PRJ301 … on 2026-03-18"),
        // in no element of its own.
        const text = norm((c as Text).data);
        if (text.length > 3) out.push({ text, kind: 'text', label: '', level, remote: false });
      }
    }
    if (a === root) break;
    inner = a;
  }
  // The document title states the register in many SPAs; it is the farthest context of all.
  const doc = (root as Node).nodeType === 9 ? (root as Document) : (root as Node).ownerDocument;
  const title = doc?.title ? norm(doc.title) : '';
  if (title) out.push({ text: title, kind: 'text', label: '', level: level + 1, remote: true });
  return out;
}

function ownTitles(container: Element): string[] {
  const titles: string[] = [];
  for (let c = container.firstElementChild; c; c = c.nextElementSibling) {
    if (upperTag(c) === 'CAPTION') {
      const text = textOf(c);
      if (text) titles.push(text);
    }
  }
  const label = norm(container.getAttribute('aria-label') ?? '');
  if (label) titles.push(label);
  const ids = (container.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
  const doc = container.ownerDocument;
  for (const id of ids) {
    const el = doc?.getElementById(id);
    const text = el && !container.contains(el) ? textOf(el) : '';
    if (text) titles.push(text);
  }
  return titles;
}

const RANGE_LABEL = /\b(from|to|start|end|week|beginning|between|until)\b/i;
const REGISTER_LABEL = /\b(register|session|date|day|taking|take|dd\/mm\/yyyy)\b/i;
const GROUP_LABEL = /\b(group|form|class|tutor|registration|reg)\b/i;

/** A group name as MIS write them: "9R", "10A", "08.1", "7B/Ma", "11C". */
const groupLike = (s: string): boolean =>
  s.length >= 1 && s.length <= 12 && /\d/.test(s) && /^[\p{L}\d][\p{L}\d./ -]*$/u.test(s);

// A group named after its kind: "Tutor group 9 Willow", "Form 9 Heron", "Class Oak", "Grade 7
// Blue", "Homeroom 6-2". A year number with a house or letter, or a single capitalised name.
const NAMED_GROUP =
  /\b(?:[Gg]roup|[Ff]orm|[Cc]lass|[Hh]omeroom|[Gg]rade)\s*[:–—-]?\s*(\d{1,2}(?:[A-Z]{1,3}\b|[-./]\d{1,2}\b|\s[A-Z][a-z]+\b)?|[A-Z][a-z]{2,}\b)/u;
const TEXT_GROUP =
  /\b(?:[Tt]utor [Gg]roup|[Gg]roup|[Ff]orm|[Cc]lass|[Hh]omeroom)\s*[:–—-]?\s*(\d{1,2}[A-Z]{1,3})\b/u;
// After a register's title: "Roll: 11 Kestrel", "Take Register - 7 Oak", "Registration: 8 Cedar".
const TITLED_GROUP = /[:–—-]\s*(\d{1,2}\s[A-Z][a-z]+)\s*(?:[:(]|$)/u;
// A group after the register's name with no colon: "Register 7 Maple", "Attendance for 10C".
const AFTER_REGISTER =
  /\b(?:[Rr]egistration|[Rr]egister|[Rr]oll|[Aa]ttendance)\s+(?:for\s+)?(\d{1,2}\s[A-Z][a-z]+|\d{1,2}[A-Z]{1,3})\s*$/u;
const NOT_GROUP = /^(?:form|class|group|year|registration|register|attendance)$/i;

// A group before the register's name: "7B Registration", "10A register", "11W: today's attendance".
const LEADING_GROUP =
  /^(\d{1,2}[A-Z]{1,3})(?:\s*:\s|\s+(?:[Rr]egistration|[Rr]egister|[Rr]eg|[Rr]oll)\b)/u;

// A group code as one part of a title: "Take register: 8R2 (PM)", "Register – 4M – Wednesday".
const PART_GROUP = /[:–—-]\s(\d{1,2}[A-Z]{1,3}\d?)(?=\s*(?:[:–—(-]|$))/u;

/** The text with its dates blanked: "Registration/2026-03-04" holds no group "03-04". */
function withoutDates(text: string): string {
  let out = text;
  for (const d of findDates(text).reverse()) {
    out = `${out.slice(0, d.index)} ${out.slice(d.end)}`;
  }
  return out.trim();
}

function headingGroup(heading: string): string | null {
  const text = withoutDates(heading);
  const lead = LEADING_GROUP.exec(text) ?? PART_GROUP.exec(text);
  if (lead) return lead[1]!;
  const m = /[:–—-]\s*([\p{L}\d][\p{L}\d./-]*)\s*$/u.exec(text);
  if (m && groupLike(m[1]!)) return m[1]!;
  const named = NAMED_GROUP.exec(text);
  if (named && !NOT_GROUP.test(named[1]!)) return named[1]!;
  const titled = TITLED_GROUP.exec(text);
  if (titled) return titled[1]!;
  const after = AFTER_REGISTER.exec(text);
  if (after) return after[1]!;
  return null;
}

/** Sentences with exactly one date: "You are taking the AM register for Wednesday 21 …". */
function sentenceDates(
  text: string,
  ref: string | null,
): { date: string; session: Session | null }[] {
  const out: { date: string; session: Session | null }[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+|\s+[·|•]\s+/)) {
    const dates = findDates(sentence, ref);
    const distinct = new Set(dates.map((d) => d.date));
    if (distinct.size === 1) out.push({ date: dates[0]!.date, session: findSession(sentence) });
  }
  return out;
}

export function pageContext(
  items: readonly ContextItem[],
  url: string,
  container: Element,
): PageContext {
  let ref: string | null = null;
  for (const kind of ['time', 'date-input', 'select', 'heading', 'text'] as const) {
    for (const it of items) {
      if (it.kind !== kind) continue;
      const found = findDates(it.text).find((d) => d.hasYear);
      if (found) {
        ref = found.date;
        break;
      }
    }
    if (ref) break;
  }

  let date: string | null = null;
  let session: Session | null = null;
  const levels = [...new Set(items.map((i) => i.level))].sort((a, b) => a - b);
  for (const level of levels) {
    const here = items.filter((i) => i.level === level);
    const candidates: { date: string; session: Session | null }[] = [];
    for (const it of here) {
      if (it.kind === 'time') {
        const d = findDates(it.text)[0];
        if (d) candidates.push({ date: d.date, session: null });
      } else if (it.kind === 'date-input') {
        if (!RANGE_LABEL.test(it.label)) candidates.push({ date: it.text, session: null });
      } else if (it.kind === 'select') {
        if (REGISTER_LABEL.test(it.label) && !RANGE_LABEL.test(it.label)) {
          const d = findDates(it.text, ref);
          if (d.length === 1) candidates.push({ date: d[0]!.date, session: findSession(it.text) });
        }
      } else {
        candidates.push(...sentenceDates(it.text, ref));
      }
    }
    if (candidates.length) {
      date = candidates[0]!.date;
      session = candidates.find((c) => c.date === date && c.session)?.session ?? null;
      if (!session) {
        for (const it of here) {
          if (it.kind !== 'text' && it.kind !== 'heading') continue;
          const s = findSession(it.text);
          if (s) {
            session = s;
            break;
          }
        }
      }
      break;
    }
  }

  let group: string | null = null;
  for (let a: Element | null = container; a && !group; a = a.parentElement) {
    const g = a.getAttribute('data-group');
    if (g && groupLike(norm(g))) group = norm(g);
  }
  for (const level of levels) {
    if (group) break;
    for (const it of items) {
      if (it.level !== level) continue;
      if (it.kind === 'heading') group = headingGroup(it.text);
      else if (it.kind === 'select' && GROUP_LABEL.test(it.label) && groupLike(it.text)) {
        group = it.text;
      }
      if (group) break;
    }
  }
  if (!group) {
    // A line of text beside the register ("Class 9B · Period 1 · Monday"): only the strict form,
    // a kind word then a year and letters, since prose says "Class teacher" and "Form tutor".
    for (const it of items) {
      if (it.kind !== 'text' || it.remote) continue;
      const m = TEXT_GROUP.exec(it.text);
      if (m) {
        group = m[1]!;
        break;
      }
    }
  }
  if (!group) {
    const m = /[#?&]group=([^&#]+)/i.exec(url);
    if (m) {
      const g = decodeURIComponent(m[1]!);
      if (groupLike(g)) group = g;
    }
  }

  const taken = takenFrom(items, { date, session, group, ref });
  return { ref, date, session, group, taken };
}

// Taken or not lives with the generic reader's other rules; callers of this module keep it here.
export { takenStatement } from './generic/taken';
