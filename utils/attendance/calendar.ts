import type { SchoolCalendar, Term } from './calendar-schema';

/**
 * School calendars and UTC-safe ISO date arithmetic. Dates are `YYYY-MM-DD` strings throughout:
 * they compare correctly as strings and never meet a time zone. No clock: "today" is passed in.
 * The calendar's schema is in calendar-schema.ts, so the date arithmetic carries no Zod into the
 * scripts that load on a school's pages.
 */

export type { SchoolCalendar, Term } from './calendar-schema';

const DAY_MS = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date; NaN for a malformed or impossible one (2025-02-30). */
export function dayNumber(date: string): number {
  const m = ISO_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return NaN;
  }
  return ms / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const isValidIsoDate = (date: string): boolean => !Number.isNaN(dayNumber(date));

export const addDays = (date: string, days: number): string =>
  fromDayNumber(dayNumber(date) + days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (date: string): number => (((dayNumber(date) + 3) % 7) + 7) % 7;

/** The Monday of the Monday-to-Sunday week holding `date`. */
export const weekStart = (date: string): string => addDays(date, -weekdayOf(date));

export const isWeekend = (date: string): boolean => weekdayOf(date) >= 5;

/** The first year of the English academic year (1 September to 31 August) holding `date`. */
export function academicYearStart(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? year : year - 1;
}

const iso = (y: number, m: number, d: number): string =>
  fromDayNumber(Date.UTC(y, m - 1, d) / DAY_MS);

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h - 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

const nextWeekday = (date: string): string => {
  let d = date;
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
};
const prevWeekday = (date: string): string => {
  let d = date;
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
};
/** The Monday on or before `date`. */
const mondayOnOrBefore = weekStart;
const mondayOnOrAfter = (date: string): string =>
  weekdayOf(date) === 0 ? date : addDays(weekStart(date), 7);

/** England and Wales bank holidays falling in the academic year starting in `startYear`. */
export function englishBankHolidays(startYear: number): string[] {
  const y = startYear + 1;
  const christmas = iso(startYear, 12, 25);
  const boxing = iso(startYear, 12, 26);
  // Substitute days: a holiday on a weekend moves to the next weekday not already a holiday.
  const xmasDays: string[] = [];
  for (const day of [christmas, boxing]) {
    let d = nextWeekday(day);
    while (xmasDays.includes(d)) d = nextWeekday(addDays(d, 1));
    xmasDays.push(d);
  }
  const easter = easterSunday(y);
  const lastMonday = (month: number) => mondayOnOrBefore(addDays(iso(y, month + 1, 1), -1));
  return [
    ...xmasDays,
    nextWeekday(iso(y, 1, 1)),
    addDays(easter, -2),
    addDays(easter, 1),
    mondayOnOrAfter(iso(y, 5, 1)),
    lastMonday(5),
    lastMonday(8),
  ];
}

/**
 * A default English school year: the pattern most local authorities follow, for schools that have
 * not entered their own dates. Six half terms: autumn from the first weekday of September, half
 * term in the last week of October, two weeks at Christmas (from the Monday on or before 25
 * December), February half term (the week from the Monday on or after 12 February), two weeks at
 * Easter (Holy Week and Easter week), May half term (the week of the late May bank holiday), and the
 * year ending on the last weekday on or before 22 July. Five INSET days: the first two days of
 * autumn, the first day of spring and of summer, and the last day of the year.
 */
export function englishSchoolYear(startYear: number): SchoolCalendar {
  const y = startYear + 1;
  const autumnStart = nextWeekday(iso(startYear, 9, 1));
  const octHalf = mondayOnOrBefore(iso(startYear, 10, 31));
  const xmas = mondayOnOrBefore(iso(startYear, 12, 25));
  const springStart = addDays(xmas, 14);
  const febHalf = mondayOnOrAfter(iso(y, 2, 12));
  const easter = easterSunday(y);
  const easterHols = addDays(easter, -6);
  const summerStart = addDays(easterHols, 14);
  const mayHalf = mondayOnOrBefore(addDays(iso(y, 6, 1), -1));
  const yearEnd = prevWeekday(iso(y, 7, 22));
  const terms: Term[] = [
    { name: 'Autumn 1', start: autumnStart, end: addDays(octHalf, -3) },
    { name: 'Autumn 2', start: addDays(octHalf, 7), end: addDays(xmas, -3) },
    { name: 'Spring 1', start: springStart, end: addDays(febHalf, -3) },
    { name: 'Spring 2', start: addDays(febHalf, 7), end: addDays(easterHols, -3) },
    { name: 'Summer 1', start: summerStart, end: addDays(mayHalf, -3) },
    { name: 'Summer 2', start: addDays(mayHalf, 7), end: yearEnd },
  ];
  const inset = [
    autumnStart,
    nextWeekday(addDays(autumnStart, 1)),
    nextWeekday(springStart),
    nextWeekday(summerStart),
    yearEnd,
  ];
  const bank = englishBankHolidays(startYear);
  const closures = [...new Set([...inset, ...bank])].sort();
  return { terms, closures };
}

/** Pupils are expected in: a weekday inside a term that is not a closure. */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (isWeekend(date)) return false;
  if (!calendar.terms.some((t) => t.start <= date && date <= t.end)) return false;
  return !calendar.closures.includes(date);
}

/** The school days from `from` to `to`, both inclusive, in order. */
export function schoolDaysBetween(calendar: SchoolCalendar, from: string, to: string): string[] {
  const days: string[] = [];
  const closures = new Set(calendar.closures);
  const end = dayNumber(to);
  for (let n = dayNumber(from); n <= end; n++) {
    const date = fromDayNumber(n);
    const weekday = (((n + 3) % 7) + 7) % 7;
    if (weekday >= 5 || closures.has(date)) continue;
    if (calendar.terms.some((t) => t.start <= date && date <= t.end)) days.push(date);
  }
  return days;
}

/** The last day of the calendar's school year (the end of its last term), or null when empty. */
export function yearEnd(calendar: SchoolCalendar): string | null {
  let end: string | null = null;
  for (const t of calendar.terms) if (end === null || t.end > end) end = t.end;
  return end;
}

/** What is left of the academic year after a date: the school year a recovery has to fit in. */
export interface YearLeft {
  /** Possible sessions after `asOf` to the end of the year (two a school day: AM and PM). */
  sessionsLeft: number;
  /** The last day of the year (the end of the last term). */
  yearEnd: string;
}

/**
 * Sessions left in the calendar's year after `asOf` (today's own sessions are not counted: they
 * are being marked, or already are). Null when the calendar has no terms.
 */
export function yearLeft(calendar: SchoolCalendar, asOf: string): YearLeft | null {
  const end = yearEnd(calendar);
  if (end === null) return null;
  const days = end > asOf ? schoolDaysBetween(calendar, addDays(asOf, 1), end).length : 0;
  return { sessionsLeft: 2 * days, yearEnd: end };
}
