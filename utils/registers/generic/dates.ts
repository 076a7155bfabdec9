import type { ContextItem } from '../context';
import type { Session } from '../schema';
import { addDays, findDates, findSession, isoOf, monthNumber, norm, WEEKDAY_NAMES } from '../text';

/**
 * Dates wherever a page keeps them, beyond the plain forms `findDates` knows: headers without a
 * year or with spaced slashes ("16 / Mar"), a month heading over bare days ("March 2026" over
 * "Mon 2"), weekday-only headers under a "w/c" heading, three selects (day, month, year), hidden
 * inputs and a link's query (`currentDate=19/03/2021`). A year the page leaves out comes from the
 * nearest full date on the page (`ref`).
 */

const monthOf = (word: string): number | null => monthNumber(word) || null;

const DIGIT = /\d/;

/** The dates in one header's text, "16 / Mar" and "16-Mar" read as "16 Mar". */
export function headerDates(text: string, ref: string | null) {
  const found = findDates(text, ref);
  // Every form below starts with a day number; most headers ("Name", "AM") have no digit.
  if (found.length || !DIGIT.test(text)) return found;
  const spaced = text.replace(/\b(\d{1,2})\s*[/-]\s*(\p{L}{3,9})\b/gu, '$1 $2');
  return spaced === text ? found : findDates(spaced, ref);
}

/** The first day of a month named with its year ("March 2026", "Mar 2026"), else null. */
export function monthStart(text: string): string | null {
  const m = /^(\p{L}{3,9})\.?,?\s+(\d{4})$/u.exec(norm(text));
  if (!m) return null;
  const month = monthOf(m[1]!);
  return month ? isoOf(Number(m[2]), month, 1) : null;
}

/** A header that names only a weekday ("Mon", "Tuesday", "Wed AM"): 0 (Sunday) to 6, else null. */
export function weekdayOnly(text: string): number | null {
  const t = norm(text)
    .replace(/\b(?:am|pm|a\.m\.|p\.m\.)$/i, '')
    .trim();
  const m = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?$/i.exec(t);
  return m ? WEEKDAY_NAMES.indexOf(m[1]!.slice(0, 3).toLowerCase()) : null;
}

/** The date of `weekday` in the week starting `start`. */
export function dateInWeek(start: string, weekday: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(start, (weekday - from + 7) % 7);
}

const WEEK_OF = /\b(?:w\/c|w\.c\.|wc|week\s+(?:commencing|beginning|starting|of))\b/i;

/** The week a page's heading states ("w/c 9 March 2026", "Week beginning Monday 2nd March"). */
export function weekStartFrom(items: readonly ContextItem[], ref: string | null): string | null {
  for (const it of items) {
    if (it.kind !== 'text' && it.kind !== 'heading') continue;
    const m = WEEK_OF.exec(it.text);
    if (!m) continue;
    const d = headerDates(it.text.slice(m.index), ref)[0];
    if (d) return d.date;
  }
  return null;
}

const DAY_NAME = /\b(?:day|dd)\b/i;
const MONTH_NAME = /\b(?:month|mm)\b/i;
const YEAR_NAME = /\b(?:year|yyyy|yy)\b/i;
const DATE_NAME = /date|day/i;
const SESSION_NAME = /session|period|am\s*\/\s*pm/i;

/** How a form control names itself: its label, aria-label, name and id. */
function naming(el: Element, labels: () => Map<string, string>): string {
  const id = el.getAttribute('id');
  return (
    [id ? labels().get(id) : '', el.getAttribute('aria-label'), el.getAttribute('name'), id]
      .filter(Boolean)
      .join(' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      // `month_date`, `date[day]`, `att-year`: the parts of a name are words.
      .replace(/[_[\].-]+/g, ' ')
  );
}

export interface PageDate {
  date: string | null;
  session: Session | null;
}

/**
 * The register's date where no sentence states it: a day/month/year trio of selects, a hidden
 * date input, the address's `date=` query. Read only when the page's text says nothing.
 */
export function formDate(
  root: ParentNode,
  url: string,
  labels: () => Map<string, string>,
  ref: string | null,
): PageDate {
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  let date: string | null = null;
  let session: Session | null = null;
  for (const sel of Array.from(root.querySelectorAll('select'))) {
    const name = naming(sel, labels);
    const chosen = norm(sel.options[sel.selectedIndex]?.text);
    if (!chosen) continue;
    if (SESSION_NAME.test(name)) session ??= findSession(chosen);
    else if (MONTH_NAME.test(name)) month ??= monthOf(chosen) ?? (Number(chosen) || null);
    else if (YEAR_NAME.test(name)) year ??= /^\d{4}$/.test(chosen) ? Number(chosen) : null;
    else if (DAY_NAME.test(name)) day ??= /^\d{1,2}$/.test(chosen) ? Number(chosen) : null;
  }
  if (day && month && year) {
    const d = findDates(isoOf(year, month, day))[0];
    if (d) date = d.date;
  }
  if (!date) {
    for (const input of Array.from(root.querySelectorAll('input[type=hidden]'))) {
      const name = naming(input, labels);
      const value = (input as HTMLInputElement).value;
      if (SESSION_NAME.test(name)) session ??= findSession(value);
      else if (!date && DATE_NAME.test(name)) date = findDates(value, ref)[0]?.date ?? null;
    }
  }
  if (!date) {
    const m = /[?&](?:current_?|register_?|selected_?)?date=([^&#]+)/i.exec(url);
    if (m) date = findDates(decodeURIComponent(m[1]!), ref)[0]?.date ?? null;
  }
  if (!date) {
    // A route that names the day: "/register/2026-03-13/8H". Only a whole ISO path segment.
    const path = /^[a-z]+:\/\/[^/]*(\/[^?#]*)/i.exec(url)?.[1] ?? '';
    const m = /\/(\d{4}-\d{2}-\d{2})(?=\/|$)/.exec(path);
    if (m) date = findDates(m[1]!)[0]?.date ?? null;
  }
  return { date, session };
}
