import { contextItems, pageContext } from '../context';
import { isUnmarkedLabel, looksLikeMark, type MapOptions } from '../mapping';
import type { ReadMark, Reading, Session } from '../schema';
import { findDates, findSession, looksLikePersonName, norm, textOf } from '../text';
import { readingConfidence } from './confidence';
import { selectMark } from './controls';
import { formDate } from './dates';
import { REASON_RE } from './labels';
import type { PageLegend } from './legend';
import { meanMark } from './meaning';
import type { RawMark } from './marks';

/**
 * One-pupil screens ("take attendance by person"): no list of pupils, the pupil is the chosen
 * option of a student picker, today's mark is a control of the form, and tables of recent days
 * are a log of the same record: each day once, today's editable mark winning over its log row.
 */

const PICKER = /student|pupil|person|learner|child/i;
// A picker's own name, id or aria-label ("student_id", "pupilSelect", "Choose a learner").
const PICKER_NAMED = /student|pupil|person|learner/i;
// "Ibrahim, Layla (10B)": the group in brackets after the name.
const WITH_GROUP = /^(.*?)\s*\(([^()]{1,12})\)\s*$/;

interface Picked {
  select: HTMLSelectElement;
  name: string;
  id: string;
  group: string | null;
}

function naming(el: Element): string {
  return `${el.getAttribute('name') ?? ''} ${el.id} ${el.getAttribute('aria-label') ?? ''}`;
}

/** The pupil a student picker has chosen, or null when the page has no such picker. */
export function pickedPupil(root: ParentNode, labels: () => Map<string, string>): Picked | null {
  // Named as a picker by its own attributes, or by a label: "Student". One plain query for the
  // selects, then three attributes each: a list of substring selectors would have the browser
  // test a dozen of them against every element of the page, on every read.
  const named: Element[] = [];
  const selects = (root as Element | Document).getElementsByTagName('select');
  for (let i = 0; i < selects.length && named.length < 5; i++) {
    const sel = selects[i]!;
    if (
      PICKER_NAMED.test(sel.getAttribute('name') ?? '') ||
      PICKER_NAMED.test(sel.id) ||
      PICKER_NAMED.test(sel.getAttribute('aria-label') ?? '')
    ) {
      named.push(sel);
    }
  }
  for (const [id, text] of labels()) {
    if (text.length < 40 && PICKER.test(text)) {
      const el = root.querySelector(`select[id="${id.replace(/["\\]/g, '')}"]`);
      if (el && !named.includes(el)) named.push(el);
    }
    if (named.length >= 8) break;
  }
  for (const sel of named as HTMLSelectElement[]) {
    const opt = sel.options[sel.selectedIndex];
    if (!opt || !opt.value || sel.options.length < 2) continue;
    const text = norm(opt.text);
    const m = WITH_GROUP.exec(text);
    const name = m ? m[1]! : text;
    if (!looksLikePersonName(name)) continue;
    return { select: sel, name, id: opt.value, group: m ? m[2]! : null };
  }
  return null;
}

/** Rows of log tables: a full date in one cell and a mark in another. */
function logMarks(root: ParentNode, map: MapOptions, legend: PageLegend): RawMark[] {
  const out: RawMark[] = [];
  for (const tr of Array.from(root.querySelectorAll('tbody tr'))) {
    const cells = Array.from(tr.children);
    let date: string | null = null;
    let session: Session | null = null;
    let raw: string | null = null;
    for (const c of cells) {
      const text = textOf(c);
      if (!date) {
        const d = findDates(text).filter((f) => f.hasYear);
        if (d.length === 1) {
          date = d[0]!.date;
          session = findSession(text.slice(d[0]!.end));
          continue;
        }
      }
      if (raw === null && text && (looksLikeMark(text, map) || legend.byLabel.has(text))) {
        raw = text;
      }
    }
    if (date && raw !== null) {
      out.push({ date, session, raw, editable: false, control: false });
    }
  }
  return out;
}

export function readPerson(
  root: ParentNode,
  url: string,
  map: MapOptions,
  legend: PageLegend,
  labels: () => Map<string, string>,
): { reading: Reading; confidence: number } | null {
  const picked = pickedPupil(root, labels);
  if (!picked) return null;
  const form = picked.select.form ?? picked.select.parentElement!;
  const ctx = pageContext(contextItems(picked.select, root), url, picked.select);
  if (!ctx.date) {
    const f = formDate(root, url, labels, ctx.ref);
    ctx.date = f.date;
    ctx.session ??= f.session;
  }
  const raws: RawMark[] = [];
  // Today's mark: a mark select of the pupil's form (a reason select beside it adds its reason).
  let reason: string | undefined;
  for (const sel of Array.from(form.querySelectorAll('select'))) {
    if (sel === picked.select) continue;
    if (REASON_RE.test(naming(sel))) {
      const r = norm(sel.options[sel.selectedIndex]?.text);
      if (r && !isUnmarkedLabel(r)) reason ??= r;
      continue;
    }
    const raw = selectMark(sel, map, new Map());
    if (raw !== null && ctx.date) {
      raws.push({
        date: ctx.date,
        session: ctx.session,
        raw,
        editable: !sel.disabled,
        control: true,
      });
    }
  }
  const today = raws[0];
  if (today && reason) today.reason = reason;
  raws.push(...logMarks(root, map, legend));
  if (!raws.length) return null;

  const slots = new Map<string, ReadMark>();
  const warnings: string[] = [];
  let mapped = 0;
  for (const m of raws) {
    const session = m.session ?? 'AM';
    const mm = meanMark(m, session, map, legend);
    if (mm.code) mapped++;
    else if (!mm.unmarked) warnings.push(`No code mapping for "${m.raw}" on ${m.date}.`);
    const mark: ReadMark = {
      date: m.date!,
      session,
      raw: m.raw,
      code: mm.code,
      ...(m.reason ? { reason: m.reason } : {}),
      editable: m.editable,
    };
    const key = `${mark.date}|${session}`;
    const prev = slots.get(key);
    // The log repeats the day being taken: one record, the control's reading first.
    if (!prev || (mark.editable && !prev.editable)) slots.set(key, mark);
  }
  const marks = [...slots.values()].sort((a, b) =>
    a.date === b.date ? (a.session < b.session ? -1 : 1) : a.date < b.date ? -1 : 1,
  );
  const hasToday = !!today;
  return {
    reading: {
      adapter: 'generic',
      group: picked.group ?? ctx.group,
      date: hasToday ? ctx.date : null,
      session: hasToday ? (ctx.session ?? 'AM') : null,
      taken: ctx.taken,
      pupils: [{ key: `id:${picked.id}`, name: picked.name, marks }],
      warnings,
    },
    confidence: readingConfidence({ pupils: 1, marked: 1, total: marks.length, mapped }),
  };
}
