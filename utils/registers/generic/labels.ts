import type { Session } from '../schema';
import { byTag, findDates, findSession, norm, textOf } from '../text';

export const LABEL_ATTRS = [
  'aria-label',
  'title',
  'data-original-title',
  'data-bs-original-title',
  'data-tooltip-content',
  'x-tooltip',
  'data-title',
  'data-mark',
  'data-code',
  'alt',
];
export const REASON_RE = /\breason\b|\bcomment\b|\bnote\b/i;

export function accessibleText(el: Element): string {
  return norm(el.getAttribute('aria-label')) || textOf(el) || norm(el.getAttribute('title'));
}

export function labelOfControl(
  el: Element,
  labels?: Map<string, string> | (() => Map<string, string>),
): string {
  const id = el.getAttribute('id');
  if (id) {
    const map =
      typeof labels === 'function' ? labels() : (labels ?? labelMap(el.ownerDocument ?? el));
    const l = map.get(id);
    if (l) return l;
  }
  const wrap = el.closest('label');
  if (wrap) return textOf(wrap);
  return norm(el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '');
}

/** Every `<label for>` of the page by the id it names, built once per read. */
export function labelMap(root: ParentNode): Map<string, string> {
  const map = new Map<string, string>();
  const all = byTag(root, 'label');
  for (let i = 0; i < all.length; i++) {
    const l = all[i]!;
    const id = l.getAttribute('for');
    if (id && !map.has(id)) map.set(id, textOf(l));
  }
  return map;
}

/** The date and session an element's own label or text states ("Thu 15 Jan PM: Absent"). */
export function ownDate(
  label: string,
  ref: string | null,
): { date: string; session: Session | null; rest: string } | null {
  const found = findDates(label, ref);
  if (found.length !== 1) return null;
  const f = found[0]!;
  const after = label.slice(f.end);
  const sessionMatch = /^\s*(AM|PM|am|pm|a\.m\.|p\.m\.)\b/.exec(after);
  let session = sessionMatch ? findSession(sessionMatch[1]!) : null;
  const before = label.slice(0, f.index);
  let rest = after.slice(sessionMatch ? sessionMatch[0].length : 0).replace(/^\s*[:\-–,]\s*/, '');
  if (!rest.trim() && before.trim()) rest = before.replace(/[\s:,\-–]+$/, '');
  session ??= findSession(label.slice(f.index, f.end + (sessionMatch?.[0].length ?? 0)));
  return { date: f.date, session, rest: norm(rest) };
}

export function dateFromHref(el: Element, ref: string | null): string | null {
  const a = el.closest('a[href]') ?? el.querySelector('a[href]');
  const href = a?.getAttribute('href');
  if (!href) return null;
  const m = /[?&](?:date|currentdate|day|d)=([^&#]+)/i.exec(href);
  if (!m) return null;
  return findDates(decodeURIComponent(m[1]!), ref)[0]?.date ?? null;
}
