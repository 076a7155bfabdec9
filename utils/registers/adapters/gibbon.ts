import { codeOutOfSet, mapMark, type MarkMapping } from '../mapping';
import type { ReadMark, ReadPupil, Reading } from '../schema';
import { findDates, norm, textOf } from '../text';
import { NotARegister, type Adapter } from '../types';

/**
 * Gibbon (GibbonEdu/core v30): "Take Attendance by Form Group" and the student attendance
 * history. One register a day (reported as AM), descriptive marks ("Present - Late", "Absent"
 * with a reason select), and the previous five school days under each pupil card.
 */

// Selectors, anchored on Gibbon's ids, field names and module addresses.
/** The register form, named by its id and by the process script it posts to. */
const SEL_PROCESS_FORM = 'form[action*="attendance_take_byFormGroupProcess.php"]';
const SEL_REGISTER_FORM = `form#attendanceByFormGroup, ${SEL_PROCESS_FORM}`;
/** The register's date and pupil count: hidden inputs the form posts. */
const SEL_DATE = 'input[name="currentDate"]';
const SEL_COUNT = 'input[name="count"]';
/** Pupil i's id, mark select and reason select: `${i}-gibbonPersonID`, `${i}-type`, `${i}-reason`. */
const selPerson = (i: number) => `input[name="${i}-gibbonPersonID"]`;
const selType = (i: number) => `select[name="${i}-type"]`;
const selReason = (i: number) => `select[name="${i}-reason"]`;
/** Links to a pupil's profile or history carry their id. */
const selPersonLink = (id: string) => `a[href*="gibbonPersonID=${id}"]`;
/** Past days under a card link to "take attendance by person" for that date. */
const SEL_HISTORY_DAY = 'a[href*="attendance_take_byPerson.php"]';
/** The student history report. */
const SEL_STUDENT_HISTORY = '#studentHistory';
/** The group selector of the filter form. */
const SEL_GROUP_SELECT = 'select#gibbonFormGroupID';

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

const dateParam = (href: string): string | null => {
  const m = /[?&]currentDate=([^&#]+)/.exec(href);
  return m ? (findDates(decodeURIComponent(m[1]!))[0]?.date ?? null) : null;
};

function mark(
  date: string,
  raw: string,
  editable: boolean,
  site: MarkMapping | undefined,
  warnings: Set<string>,
  reason?: string,
): ReadMark {
  const mapped = mapMark(raw, 'AM', { site, defaults: GIBBON_DEFAULTS }, reason);
  if (mapped.code === null && !mapped.unmarked) warnings.add(reason ? `${raw}: ${reason}` : raw);
  if (mapped.code && codeOutOfSet(mapped.code, date)) warnings.add(`${mapped.code} on ${date}`);
  return { date, session: 'AM', raw, code: mapped.code, ...(reason ? { reason } : {}), editable };
}

const byDate = (a: ReadMark, b: ReadMark) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

function warningsOf(unmapped: Set<string>): string[] {
  return unmapped.size
    ? [
        `Marks with no code mapping (shown, not counted): ${[...unmapped].map((u) => `"${u}"`).join(', ')}.`,
      ]
    : [];
}

function readTakeByFormGroup(root: ParentNode, site: MarkMapping | undefined): Reading {
  const form = required<HTMLFormElement>(root, SEL_REGISTER_FORM, 'the register form');
  const date = findDates(required<HTMLInputElement>(form, SEL_DATE, 'the register date').value)[0]
    ?.date;
  if (!date) throw new Error('Gibbon register date is not a date');
  const count = Number(required<HTMLInputElement>(form, SEL_COUNT, 'the pupil count').value);
  if (!Number.isInteger(count) || count < 0) throw new Error('Gibbon pupil count is not a number');

  // "Take Attendance: 08.1" heads the form; the filter's selected group says the same.
  let group: string | null = null;
  for (const h of Array.from(form.querySelectorAll('h1,h2,h3,h4'))) {
    const m = /Take Attendance:\s*(.+)$/i.exec(textOf(h));
    if (m) group = norm(m[1]);
  }
  if (!group) {
    const sel = (root as ParentNode).querySelector<HTMLSelectElement>(SEL_GROUP_SELECT);
    const opt = sel?.options[sel.selectedIndex];
    if (opt?.value) group = norm(opt.text);
  }

  // Gibbon states above the form whether this date's register was saved.
  let taken: boolean | null = null;
  for (
    let el = form.previousElementSibling, n = 0;
    el && n < 6;
    el = el.previousElementSibling, n++
  ) {
    const t = textOf(el);
    if (/has not been taken/i.test(t)) taken = false;
    else if (/Attendance has been taken/i.test(t)) taken = true;
    if (taken !== null) break;
  }

  const unmapped = new Set<string>();
  const pupils: ReadPupil[] = [];
  for (let i = 0; i < count; i++) {
    const id = required<HTMLInputElement>(form, selPerson(i), `pupil ${i}'s id`).value.trim();
    const type = required<HTMLSelectElement>(form, selType(i), `pupil ${i}'s mark`);
    const reasonSel = form.querySelector<HTMLSelectElement>(selReason(i));
    // The pupil's card is the nearest ancestor of the mark that also links to the pupil.
    let card: Element | null = type.parentElement;
    while (card && !card.querySelector(selPersonLink(id))) card = card.parentElement;
    if (!card) throw new Error(`Gibbon card for pupil ${id} not found`);
    const name = Array.from(card.querySelectorAll(selPersonLink(id)))
      .map((a) => textOf(a))
      .find((t) => t.length > 0);
    if (!name) throw new Error(`Gibbon card for pupil ${id} has no name`);
    const marks: ReadMark[] = [];
    for (const a of Array.from(card.querySelectorAll(SEL_HISTORY_DAY))) {
      const d = dateParam(a.getAttribute('href') ?? '');
      const label = norm(a.getAttribute('x-tooltip') || a.getAttribute('title') || '');
      if (d && label) marks.push(mark(d, label, false, site, unmapped));
    }
    const raw = norm(type.options[type.selectedIndex]?.text ?? '');
    const reason = norm(reasonSel?.options[reasonSel.selectedIndex]?.text ?? '') || undefined;
    marks.push(mark(date, raw, !type.disabled, site, unmapped, reason));
    pupils.push({ key: `gibbon:${id}`, name, marks: marks.sort(byDate) });
  }
  return {
    adapter: 'gibbon',
    group,
    date,
    session: 'AM',
    taken,
    pupils,
    warnings: warningsOf(unmapped),
  };
}

function readStudentHistory(root: ParentNode, site: MarkMapping | undefined): Reading {
  const history = required<Element>(root, SEL_STUDENT_HISTORY, 'the history');
  let name: string | null = null;
  for (const h of Array.from((root as ParentNode).querySelectorAll('h2'))) {
    const m = /Attendance History for\s+(.+)$/i.exec(textOf(h));
    if (m) name = norm(m[1]);
  }
  if (!name) throw new Error('Gibbon history without the pupil name heading');
  const unmapped = new Set<string>();
  const marks: ReadMark[] = [];
  let id: string | null = null;
  for (const a of Array.from(history.querySelectorAll(SEL_HISTORY_DAY))) {
    const href = a.getAttribute('href') ?? '';
    id ??= /gibbonPersonID=(\d+)/.exec(href)?.[1] ?? null;
    const d = dateParam(href);
    // The day's cell shows its date, then its mark.
    const spans = Array.from(a.querySelectorAll('span'));
    const raw = spans.length > 1 ? textOf(spans[spans.length - 1]!) : '';
    if (d && raw) marks.push(mark(d, raw, false, site, unmapped));
  }
  if (!id) throw new NotARegister('Gibbon history without any recorded day');
  return {
    adapter: 'gibbon',
    group: null,
    date: null,
    session: null,
    taken: null,
    pupils: [{ key: `gibbon:${id}`, name, marks: marks.sort(byDate) }],
    warnings: warningsOf(unmapped),
  };
}

export const gibbon: Adapter = {
  id: 'gibbon',
  label: 'Gibbon',
  // Ids first: an id lookup is the cheapest question to ask every page that is not Gibbon.
  matches: (_url, root) =>
    !!root.querySelector('#attendanceByFormGroup') ||
    !!root.querySelector(SEL_STUDENT_HISTORY) ||
    !!root.querySelector(SEL_PROCESS_FORM),
  read(root, _url, mapping) {
    if (root.querySelector(SEL_REGISTER_FORM)) return readTakeByFormGroup(root, mapping);
    return readStudentHistory(root, mapping);
  },
};
