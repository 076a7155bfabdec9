import { codeOutOfSet, mapMark, type MarkMapping } from '../mapping';
import type { ReadMark, ReadPupil, Reading, Session } from '../schema';
import { byTag, findDates, norm, textOf } from '../text';
import { NotARegister, type Adapter } from '../types';

/**
 * Gibbon (GibbonEdu/core), from v13's tables to v30's cards: the three "take attendance" screens
 * (by form group, called "roll group" before v22; by class; by person) and the student attendance
 * history. Gibbon keeps one record a day per pupil (reported as AM); a class register holds one
 * mark per lesson and names no session. Marks are a type and a reason in two selects; past days
 * under each pupil link to "take attendance by person" with the date in the link and the mark in
 * the link's `title` (`x-tooltip` in v30).
 */

// Selectors. Every one is anchored on what Gibbon's own code names: form ids (v16 on), the
// process script each form posts to (every version), field names, and module addresses.
/** The forms of a page, the one question `matches` asks of every page it is not meant for. */
const SEL_FORMS = 'form';
type Screen = 'group' | 'class' | 'person';
/**
 * Each register form, by its id (v16 on) or, in every version, the process script it posts to.
 * The form-group register was the "roll group" register until v22; the person register had no
 * id before v16.
 */
const SCREENS: readonly { screen: Screen; ids: string[]; posts: string[] }[] = [
  {
    screen: 'group',
    ids: ['attendanceByFormGroup', 'attendanceByRollGroup'],
    posts: ['attendance_take_byFormGroupProcess.php', 'attendance_take_byRollGroupProcess.php'],
  },
  {
    screen: 'class',
    ids: ['attendanceByClass', 'attendanceByCourseClass'],
    posts: ['attendance_take_byCourseClassProcess.php'],
  },
  { screen: 'person', ids: ['attendanceByPerson'], posts: ['attendance_take_byPersonProcess.php'] },
];
/** The register's date and pupil count: hidden inputs every version's form posts. */
const SEL_DATE = 'input[name="currentDate"]';
const SEL_COUNT = 'input[name="count"]';
/** Pupil i's id, mark select and reason select: `${i}-gibbonPersonID`, `${i}-type`, `${i}-reason`. */
const selPerson = (i: number) => `input[name="${i}-gibbonPersonID"]`;
const selType = (i: number) => `select[name="${i}-type"]`;
const selReason = (i: number) => `select[name="${i}-reason"]`;
/** Any pupil's mark select (a pupil's card holds exactly one), not the "change all" select. */
const SEL_ANY_TYPE = 'select[name$="-type"]:not([name^="set-all"])';
/** Links to a pupil's profile or history carry their id. */
const selPersonLink = (id: string) => `a[href*="gibbonPersonID=${id}"]`;
/** Before v16 a card shows the name in bold, with no link. */
const SEL_BOLD_NAME = 'b, strong';
/** Past days link to "take attendance by person" for that date. */
const SEL_HISTORY_DAY = 'a[href*="attendance_take_byPerson.php"]';
/** The one-pupil screen's mark and reason selects. */
const SEL_PERSON_TYPE = 'select[name="type"]';
const SEL_PERSON_REASON = 'select[name="reason"]';
/** The one-pupil screen's student picker (the filter form's select of every pupil). */
const SEL_STUDENT_PICKER = 'select#gibbonPersonID, select[name="gibbonPersonID"]';
/** The student history report. */
const SEL_STUDENT_HISTORY = '#studentHistory';
/** The filter form's group or class selector, whose selected option names the register. */
const SEL_GROUP_SELECT = [
  'select#gibbonFormGroupID',
  'select[name="gibbonFormGroupID"]',
  'select#gibbonRollGroupID',
  'select[name="gibbonRollGroupID"]',
  'select#gibbonCourseClassID',
  'select[name="gibbonCourseClassID"]',
].join(', ');
/** The form's heading, "Take Attendance: 08.1" (v14 on); older headings name no group. */
const TAKE_HEADING = /Take Attendance\s*:\s*(.+)$/i;

// What Gibbon prints above a register about whether this day's record exists. Every version
// words it one of these ways (checked from v13 to v30); not-taken first, since "has not been
// taken" contains "been taken".
const NOT_TAKEN =
  /has not been taken|not actual data|best[- ]guess|no attendance data today|not been recorded/i;
const TAKEN =
  /Attendance has been taken|already (?:have )?taken attendance|has been recorded for the selected student|Recorded at\b/i;

/** Labels Gibbon ships with, where the label decides the code on its own. */
export const GIBBON_DEFAULTS: MarkMapping = {
  entries: [
    { raw: 'Present', code: '/' },
    { raw: 'Present - Late', code: 'L' },
    { raw: 'Absent', code: 'N' },
    { raw: 'Absent: Pending', code: 'N' },
  ],
};

function required<T extends Element>(root: ParentNode, selector: string, what: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`Gibbon page without ${what} (${selector})`);
  return el;
}

/**
 * The date a history link points at. The link writes it in the school's own date format
 * (`currentDate=16/03/2021`, or `03/16/2021` where the school chose month first), and the cell
 * shows only the day and month ("16 Mar"): the day shown decides which number is the day.
 */
function dateOfDay(a: Element): string | null {
  const m = /[?&]currentDate=([^&#]+)/.exec(a.getAttribute('href') ?? '');
  if (!m) return null;
  const written = decodeURIComponent(m[1]!);
  const parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(written.trim());
  const shown = Number(/\d{1,2}/.exec(a.textContent ?? '')?.[0] ?? NaN);
  if (parts) {
    const [first, second, year] = [Number(parts[1]), Number(parts[2]), parts[3]!];
    const [day, month] =
      first === shown ? [first, second] : second === shown ? [second, first] : [];
    if (day && month && month <= 12) {
      return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
  }
  return findDates(written)[0]?.date ?? null;
}

const selectedText = (sel: HTMLSelectElement | null): string =>
  sel ? norm(sel.options[sel.selectedIndex]?.text ?? '') : '';

const byDate = (a: ReadMark, b: ReadMark) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

class Marks {
  readonly outOfSet = new Set<string>();
  constructor(private readonly site: MarkMapping | undefined) {}

  /** One day's record; Gibbon keeps one a day, reported as the AM session. */
  mark(date: string, raw: string, editable: boolean, reason?: string): ReadMark {
    const session: Session = 'AM';
    const mapped = mapMark(raw, session, { site: this.site, defaults: GIBBON_DEFAULTS }, reason);
    if (mapped.code && codeOutOfSet(mapped.code, date))
      this.outOfSet.add(`${mapped.code} on ${date}`);
    return {
      date,
      session,
      raw,
      code: mapped.code,
      ...(reason ? { reason } : {}),
      editable,
      ...(mapped.needsMapping ? { needsMapping: true as const } : {}),
    };
  }

  /** Past days in a history strip: a day with no `title` is one the pupil had no record. */
  history(scope: ParentNode, personId: string | null): ReadMark[] {
    const out: ReadMark[] = [];
    for (const a of Array.from(scope.querySelectorAll(SEL_HISTORY_DAY))) {
      const href = a.getAttribute('href') ?? '';
      if (personId && !href.includes(`gibbonPersonID=${personId}`)) continue;
      const date = dateOfDay(a);
      const label = norm(a.getAttribute('x-tooltip') || a.getAttribute('title') || '');
      if (date && label) out.push(this.mark(date, label, false));
    }
    return out;
  }

  warnings(): string[] {
    return this.outOfSet.size
      ? [`Codes not in the code set in force on their date: ${[...this.outOfSet].join(', ')}.`]
      : [];
  }
}

/**
 * An element's words without those of its tables: the day's log tables list each lesson's own
 * state ("Not Taken"), not the register's, while their caption or blank-slate line (v26 on puts
 * both inside the table's wrapper) does speak of the register.
 */
function textOutsideTables(el: Element): string {
  let out = '';
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += (c as Text).data;
      else if (c.nodeType === 1 && !SKIP_FOR_TAKEN.has((c as Element).tagName)) {
        out += ' ';
        walk(c);
      }
    }
  };
  if (!SKIP_FOR_TAKEN.has(el.tagName)) walk(el);
  return norm(out);
}
const SKIP_FOR_TAKEN = new Set(['TABLE', 'SCRIPT', 'STYLE', 'TEMPLATE', 'SELECT']);

/**
 * Whether the page says this day's register was saved: Gibbon prints it just above the register
 * form (a success or error box; on the person screen, the day's log before it), or as the form's
 * own description. Looks back from
 * the form, climbing a few wrappers, and stops at the filter form, which belongs to the page.
 */
function takenFromPage(form: Element): boolean | null {
  // A form description (an alert Gibbon may put inside the form, above the pupils) comes first.
  for (const el of Array.from(form.children)) {
    if (el.querySelector('select')) break;
    const t = textOutsideTables(el);
    if (NOT_TAKEN.test(t)) return false;
    if (TAKEN.test(t)) return true;
  }
  let at: Element | null = form;
  for (let depth = 0; at && depth < 4; depth++, at = at.parentElement) {
    for (let el = at.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.tagName === 'FORM') return null;
      const t = textOutsideTables(el);
      if (NOT_TAKEN.test(t)) return false;
      if (TAKEN.test(t)) return true;
    }
  }
  return null;
}

function registerDate(form: ParentNode): string {
  const date = findDates(required<HTMLInputElement>(form, SEL_DATE, 'the register date').value)[0]
    ?.date;
  if (!date) throw new Error('Gibbon register date is not a date');
  return date;
}

function groupName(root: ParentNode, form: ParentNode): string | null {
  for (const h of Array.from(form.querySelectorAll('h1,h2,h3,h4'))) {
    const m = TAKE_HEADING.exec(textOf(h));
    if (m) return norm(m[1]);
  }
  const sel = root.querySelector<HTMLSelectElement>(SEL_GROUP_SELECT);
  const opt = sel?.options[sel.selectedIndex];
  return opt?.value && opt.value !== 'Please select...' ? norm(opt.text) : null;
}

/**
 * A pupil's card: the nearest ancestor of their mark select that links to them (v16 on), else
 * the widest ancestor that holds no other pupil's mark select (older tables of cells).
 */
function cardOf(type: Element, id: string): Element {
  let linked: Element | null = type.parentElement;
  while (linked && !linked.querySelector(selPersonLink(id))) linked = linked.parentElement;
  if (linked && linked.querySelectorAll(SEL_ANY_TYPE).length === 1) return linked;
  let own: Element = type.parentElement ?? type;
  while (own.parentElement && own.parentElement.querySelectorAll(SEL_ANY_TYPE).length === 1) {
    own = own.parentElement;
  }
  return own;
}

function nameIn(card: Element, id: string): string {
  const first = (sel: string) =>
    Array.from(card.querySelectorAll(sel))
      .map((el) => textOf(el))
      .find((t) => t.length > 0);
  const name = first(selPersonLink(id)) ?? first(SEL_BOLD_NAME);
  if (!name) throw new Error(`Gibbon card for pupil ${id} has no name`);
  return name;
}

/** The form-group and class registers: a card per pupil, `count` of them, in page order. */
function readGroupRegister(
  root: ParentNode,
  form: Element,
  kind: Exclude<Screen, 'person'>,
  site: MarkMapping | undefined,
): Reading {
  const date = registerDate(form);
  const count = Number(required<HTMLInputElement>(form, SEL_COUNT, 'the pupil count').value);
  if (!Number.isInteger(count) || count < 0) throw new Error('Gibbon pupil count is not a number');
  const marks = new Marks(site);
  const pupils: ReadPupil[] = [];
  for (let i = 0; i < count; i++) {
    const id = required<HTMLInputElement>(form, selPerson(i), `pupil ${i}'s id`).value.trim();
    const type = required<HTMLSelectElement>(form, selType(i), `pupil ${i}'s mark`);
    const card = cardOf(type, id);
    const list = marks.history(card, id);
    const reason = selectedText(form.querySelector<HTMLSelectElement>(selReason(i))) || undefined;
    // A register not yet taken shows Gibbon's best guess (copied from the form group's register,
    // or the default type) in the selects: read like any prefilled mark, editable, never stored.
    list.push(marks.mark(date, selectedText(type), !type.disabled, reason));
    pupils.push({ key: `gibbon:${id}`, name: nameIn(card, id), marks: list.sort(byDate) });
  }
  return {
    adapter: 'gibbon',
    group: groupName(root, form),
    date,
    // A class register is one mark per lesson and never says which period: no session.
    session: kind === 'group' ? 'AM' : null,
    taken: takenFromPage(form),
    pupils,
    warnings: marks.warnings(),
  };
}

/**
 * The one-pupil screen: no list of pupils, the pupil is the picker's selected option. The day's
 * log and per-lesson tables above the form are views of the same record, not further marks; only
 * the form's own history strip and its type and reason are read.
 */
function readPersonRegister(
  root: ParentNode,
  form: Element,
  site: MarkMapping | undefined,
): Reading {
  const date = registerDate(form);
  const picker = root.querySelector<HTMLSelectElement>(SEL_STUDENT_PICKER);
  const option = picker?.options[picker.selectedIndex];
  const fromAction = /gibbonPersonID=(\d+)/.exec(form.getAttribute('action') ?? '')?.[1];
  const id = (option && /^\d+$/.test(option.value) ? option.value : fromAction) ?? null;
  if (!id) throw new NotARegister('Gibbon person screen with no pupil chosen');
  // "Blackwell, Cara (10.2, 1617)": the brackets hold the form group and id, not the name.
  const name = option ? norm(option.text.replace(/\s*\([^()]*\)\s*$/, '')) : '';
  if (!name) throw new Error(`Gibbon person screen without the name of pupil ${id}`);
  const type = required<HTMLSelectElement>(form, SEL_PERSON_TYPE, 'the mark select');
  const marks = new Marks(site);
  const list = marks.history(form, id);
  const reason =
    selectedText(form.querySelector<HTMLSelectElement>(SEL_PERSON_REASON)) || undefined;
  list.push(marks.mark(date, selectedText(type), !type.disabled, reason));
  return {
    adapter: 'gibbon',
    group: null,
    date,
    session: null,
    taken: takenFromPage(form),
    pupils: [{ key: `gibbon:${id}`, name, marks: list.sort(byDate) }],
    warnings: marks.warnings(),
  };
}

function readStudentHistory(root: ParentNode, site: MarkMapping | undefined): Reading {
  const history = required<Element>(root, SEL_STUDENT_HISTORY, 'the history');
  let name: string | null = null;
  for (const h of Array.from(root.querySelectorAll('h2'))) {
    const m = /Attendance History for\s+(.+)$/i.exec(textOf(h));
    if (m) name = norm(m[1]);
  }
  if (!name) throw new Error('Gibbon history without the pupil name heading');
  const marks = new Marks(site);
  const list: ReadMark[] = [];
  let id: string | null = null;
  for (const a of Array.from(history.querySelectorAll(SEL_HISTORY_DAY))) {
    const href = a.getAttribute('href') ?? '';
    id ??= /gibbonPersonID=(\d+)/.exec(href)?.[1] ?? null;
    const d = dateOfDay(a);
    // The day's cell shows its date, then its mark.
    const spans = Array.from(a.querySelectorAll('span'));
    const raw = spans.length > 1 ? textOf(spans[spans.length - 1]!) : '';
    if (d && raw) list.push(marks.mark(d, raw, false));
  }
  if (!id) throw new NotARegister('Gibbon history without any recorded day');
  return {
    adapter: 'gibbon',
    group: null,
    date: null,
    session: null,
    taken: null,
    pupils: [{ key: `gibbon:${id}`, name, marks: list.sort(byDate) }],
    warnings: marks.warnings(),
  };
}

/** The register form on the page and which screen it is, or null. */
function findScreen(root: ParentNode): { screen: Screen; form: Element } | null {
  const forms = byTag(root, SEL_FORMS);
  for (let i = 0; i < forms.length; i++) {
    const form = forms[i]!;
    const action = form.getAttribute('action') ?? '';
    for (const { screen, ids, posts } of SCREENS) {
      if (ids.includes(form.id) || posts.some((p) => action.includes(p))) return { screen, form };
    }
  }
  return null;
}

export const gibbon: Adapter = {
  id: 'gibbon',
  label: 'Gibbon',
  // Forms and one id only: cheap questions to ask every page that is not Gibbon.
  matches: (_url, root) => !!findScreen(root) || !!root.querySelector(SEL_STUDENT_HISTORY),
  read(root, _url, mapping) {
    const found = findScreen(root);
    if (!found) return readStudentHistory(root, mapping);
    if (found.screen === 'person') return readPersonRegister(root, found.form, mapping);
    return readGroupRegister(root, found.form, found.screen, mapping);
  },
};
