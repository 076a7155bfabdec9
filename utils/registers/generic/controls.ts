import {
  builtInCode,
  isUnmarkedLabel,
  labelKey,
  looksLikeMark,
  mapMark,
  type MapOptions,
} from '../mapping';
import type { Session } from '../schema';
import { findSession, norm, textOf } from '../text';
import type { Column } from './columns';
import { accessibleText, labelOfControl, ownDate, REASON_RE } from './labels';
import type { RawMark, RowReadContext } from './marks';
import type { RowScan } from './scan';

export interface SelectVerdict {
  first: string | null;
  second: string | null;
  last: string | null;
  ok: boolean;
}

/** The chosen option's text when the select offers marks ('' when none is chosen), else null. */
export function selectMark(
  sel: HTMLSelectElement,
  map: MapOptions,
  seen: Map<number, SelectVerdict[]>,
): string | null {
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
        return chosenText(options, sel.selectedIndex);
      }
    }
  }
  // A mark select offers mostly mark labels; stop as soon as that is certain either way.
  let real = 0;
  let marky = 0;
  for (let i = 0; i < options.length; i++) {
    const t = norm(options[i]!.textContent);
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
  return chosenText(options, sel.selectedIndex);
}

/**
 * An option's text as `text` gives it, spaces collapsed: from `textContent`, which hands back the
 * option's own text where `text` builds a new string on every call.
 */
const chosenText = (options: HTMLOptionsCollection, index: number): string => {
  const chosen = options[index];
  return chosen ? norm(chosen.textContent) : '';
};

// "Select a reason", "Please choose…", "--": no reason chosen yet.
const PLACEHOLDER = /^(?:-+|(?:please\s+)?(?:select|choose)\b.*)$/i;

function reasonText(candidates: Element[], exclude: Set<Element>): string | null {
  for (const el of candidates) {
    if (exclude.has(el)) continue;
    const naming = `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('name') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!REASON_RE.test(naming)) continue;
    // Read once: the reason belongs to this toggle, not to any other mark of the row.
    exclude.add(el);
    let text: string;
    if (el.tagName.toUpperCase() === 'SELECT') {
      const s = el as HTMLSelectElement;
      text = norm(s.options[s.selectedIndex]?.text);
    } else text = textOf(el);
    return text && !PLACEHOLDER.test(text) ? text : null;
  }
  return null;
}

/** Radios, grouped by name: the checked one's label (or its column header) is the mark. */
export function readRadios(
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  colOf: (el: Element) => Column | undefined,
  use: (el: Element) => void,
): void {
  const byName = new Map<string, HTMLInputElement[]>();
  for (const r of scan.radios) {
    const k = r.name || `#${byName.size}`;
    const group = byName.get(k);
    if (group) group.push(r);
    else byName.set(k, [r]);
  }
  for (const group of byName.values()) {
    // A radio's own label first; else its column's header, with the words the header gives.
    const ownLabel = (r: HTMLInputElement) => labelOfControl(r, ctx.labels);
    const labelOf = (r: HTMLInputElement) => ownLabel(r) || colOf(r)?.header || norm(r.value);
    const meaningOf = (r: HTMLInputElement) => (ownLabel(r) ? undefined : colOf(r)?.meaning);
    const labels = group.map(labelOf);
    const meanings = group.map(meaningOf);
    const markLike = labels.filter((l, i) => looksLikeMark(meanings[i] ?? l, ctx.map)).length;
    if (group.length < 2 || markLike < 2) continue;
    const checked = group.find((r) => r.checked);
    group.forEach(use);
    const first = group[0]!;
    const box = first.closest('[role=radiogroup],fieldset');
    const own = ownDate(norm(box?.getAttribute('aria-label') ?? ''), ctx.ref);
    const mark: RawMark = {
      date: own?.date ?? null,
      session: own?.session ?? null,
      raw: checked ? labelOf(checked) : '',
      editable: !first.disabled,
      control: true,
    };
    const meaning = checked ? meaningOf(checked) : undefined;
    if (meaning) mark.meaning = meaning;
    else if (foreignLetters(labels, ctx.map)) mark.foreignSet = true;
    marks.push(mark);
  }
}

/**
 * Tick boxes headed by a mark word. Several in a row are a set like radios: the ticked one is
 * the mark. One alone ("Present" ticked or not) says the opposite when unticked: an unticked
 * "Present" is read as the page's word "Absent" (counted as an absence with no reason yet, and
 * the user is asked to confirm), an unticked "Absent" as "Present"; an unticked "Late" says
 * nothing. Tick boxes that are no mark ("Select", "Medical note") are left alone.
 */
export function readCheckboxes(
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  colOf: (el: Element) => Column | undefined,
  use: (el: Element) => void,
): void {
  const boxes: { box: HTMLInputElement; label: string; word: string; meaning?: string }[] = [];
  for (const box of scan.checkboxes) {
    const own = labelOfControl(box, ctx.labels);
    const col = own ? undefined : colOf(box);
    const label = own || col?.header || '';
    const meaning = col?.meaning;
    let word = meaning ?? label;
    // A tick list's one box per pupil, labelled with the name: a tick means what the page says.
    if (label && !looksLikeMark(word, ctx.map) && ctx.tick && scan.checkboxes.length === 1) {
      word = ctx.tick;
      boxes.push({ box, label: word, word });
      continue;
    }
    if (!label || !looksLikeMark(word, ctx.map)) continue;
    boxes.push({ box, label, word, ...(meaning ? { meaning } : {}) });
  }
  if (boxes.length === 0) return;
  const first = boxes[0]!.box;
  // A tick box under a dated column ("30/03/2026 09:00", labelled "Present") is that date's.
  const at = colOf(first);
  const mark = (raw: string, meaning?: string): RawMark => ({
    date: at?.date ?? null,
    session: at?.session ?? null,
    raw,
    editable: !first.disabled,
    control: true,
    ...(meaning ? { meaning } : {}),
  });
  if (boxes.length > 1) {
    const ticked = boxes.filter((b) => b.box.checked);
    // Two ticks in one set ("Present" and "Late") is the page's business, not a mark to guess.
    if (ticked.length > 1) return;
    boxes.forEach((b) => use(b.box));
    const t = ticked[0];
    marks.push(t ? mark(t.label, t.meaning) : mark(''));
    return;
  }
  const only = boxes[0]!;
  use(only.box);
  if (only.box.checked) {
    marks.push(mark(only.label, only.meaning));
    return;
  }
  const code = mapMark(only.word, 'AM', ctx.map).code;
  const opposite = code === '/' ? 'Absent' : code === 'N' || code === 'O' ? 'Present' : null;
  if (opposite) marks.push(mark(`${only.label} (unticked)`, opposite));
}

// "Tick the students who are present", "Students checked will be marked as Absent".
const TICK_SAYS = /\b(?:tick|check)(?:ed)?\b[^.]{0,60}?\b(present|absent)\b/i;

/** What a tick means by the page's own instructions, once per page: "present", "absent" or none. */
export function tickWord(texts: readonly { text: string }[]): string | undefined {
  for (const { text } of texts) {
    const m = TICK_SAYS.exec(text);
    if (m) return m[1]!.toLowerCase();
  }
  return undefined;
}

/**
 * Whether a set of options is a code set of the page's own: short letters, one of which is no
 * English code ("P L E A": the A says P is not "approved sporting activity" here).
 */
export function foreignLetters(labels: readonly string[], map: MapOptions): boolean {
  const mapped = new Set((map.site?.entries ?? []).map((e) => labelKey(e.raw)));
  return labels.some((l) => {
    const t = l.trim();
    return (
      t.length > 0 &&
      t.length <= 2 &&
      /^\p{L}+$/u.test(t) &&
      builtInCode(t) === undefined &&
      !isUnmarkedLabel(t) &&
      !mapped.has(labelKey(t))
    );
  });
}

const TOGGLE_GROUP = '[role=group],[role=radiogroup],[role=toolbar],fieldset';

/** Toggle buttons (aria-pressed) and ARIA radios (aria-checked), grouped by their group. */
export function readToggles(
  row: Element,
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  controlDate: (el: Element, label: string) => { date: string | null; session: Session | null },
  use: (el: Element) => void,
  usedControls: Set<Element>,
): void {
  // A row holds one or two groups of toggles: two short lists in step, not a map per row.
  const groups: Element[] = [];
  const memberLists: Element[][] = [];
  // Toggles of one group are usually siblings: their parent's group is looked up once.
  let lastParent: Element | null = null;
  let lastGroup: Element = row;
  for (const t of scan.toggles) {
    const parent = t.parentElement;
    let g: Element;
    if (parent && parent === lastParent) g = lastGroup;
    else {
      g = t.closest(TOGGLE_GROUP) ?? parent ?? row;
      lastParent = parent;
      lastGroup = g;
    }
    const at = groups.indexOf(g);
    if (at >= 0) memberLists[at]!.push(t);
    else {
      groups.push(g);
      memberLists.push([t]);
    }
  }
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const members = memberLists[gi]!;
    const labels = members.map(accessibleText);
    if (members.length < 2 || !labels.some((l) => looksLikeMark(l, ctx.map))) continue;
    members.forEach((m) => {
      use(m);
      usedControls.add(m);
    });
    const onAt = members.findIndex(
      (m) => m.getAttribute('aria-pressed') === 'true' || m.getAttribute('aria-checked') === 'true',
    );
    const on = onAt < 0 ? undefined : members[onAt];
    let raw = on ? labels[onAt]! : '';
    let reason: string | undefined;
    if (on) {
      const r = reasonText(scan.reasons, usedControls);
      if (r && looksLikeMark(r, ctx.map)) raw = r;
      else if (r) reason = r;
    }
    const at = controlDate(g, norm(g.getAttribute('aria-label')));
    const mark: RawMark = {
      date: at.date,
      session: at.session,
      raw,
      editable: !members.some((m) => m.hasAttribute('disabled')),
      control: true,
    };
    if (reason) mark.reason = reason;
    marks.push(mark);
  }
}

/**
 * Code boxes: the typed code is the mark, dated by the box's own label ("AM mark for …") or its
 * column ("AM", "Wed 11/03"). An empty box is a mark not yet entered. A box of digits ("Year 8")
 * is no mark; a letter the code set does not know is read, unmapped, so the user is asked.
 */
export function readCodeBoxes(
  scan: RowScan,
  ctx: RowReadContext,
  marks: RawMark[],
  controlDate: (el: Element, label: string) => { date: string | null; session: Session | null },
  use: (el: Element) => void,
): void {
  const found: { box: HTMLInputElement; raw: string }[] = [];
  for (const box of scan.codeBoxes) {
    const raw = norm(box.value);
    // Digits ("8" in a Year box) are no mark; an unknown letter is, and is shown unmapped.
    if (/\d/.test(raw) && builtInCode(raw) === undefined && !looksLikeMark(raw, ctx.map)) return;
    found.push({ box, raw });
  }
  // All empty: a mark still to be given only where a box offers a list of codes (`list=`), not
  // a row of empty boxes that may be anything.
  if (!found.some((f) => f.raw || f.box.list)) return;
  for (const { box, raw } of found) {
    use(box);
    const label = labelOfControl(box, ctx.labels);
    const at = controlDate(box, label);
    marks.push({
      date: at.date,
      session: at.session ?? (label ? findSession(label) : null),
      raw,
      editable: !box.disabled && !box.readOnly,
      control: true,
    });
  }
}
