import {
  academicYearStart,
  dayNumber,
  englishSchoolYear,
  schoolDaysBetween,
  type SchoolCalendar,
  yearEnd,
} from './calendar';

/**
 * A calendar's school days as sorted day numbers, compiled once per calendar object, so counting
 * the school days between two dates is two binary searches rather than a walk through dates.
 */
export interface CompiledCalendar {
  days: Int32Array;
  /** 1 for a school day, indexed from `days[0]`. */
  isDay: Uint8Array;
  /** Day number of the last day of the school year. */
  end: number;
}

const compiled = new WeakMap<SchoolCalendar, CompiledCalendar>();
const defaults = new Map<number, SchoolCalendar>();

export function compileCalendar(calendar: SchoolCalendar): CompiledCalendar {
  let c = compiled.get(calendar);
  if (!c) {
    const first = calendar.terms.reduce<string | null>(
      (m, t) => (m === null || t.start < m ? t.start : m),
      null,
    );
    const last = yearEnd(calendar);
    const days = first && last ? schoolDaysBetween(calendar, first, last).map(dayNumber) : [];
    const sorted = Int32Array.from(days);
    const isDay = new Uint8Array(sorted.length ? sorted[sorted.length - 1]! - sorted[0]! + 1 : 0);
    for (const d of sorted) isDay[d - sorted[0]!] = 1;
    c = { days: sorted, isDay, end: last ? dayNumber(last) : -Infinity };
    compiled.set(calendar, c);
  }
  return c;
}

/** The default English school year holding `date` (the same object each time, so it compiles once). */
export function defaultCalendarFor(date: string): SchoolCalendar {
  const year = academicYearStart(date);
  let cal = defaults.get(year);
  if (!cal) {
    cal = englishSchoolYear(year);
    defaults.set(year, cal);
  }
  return cal;
}

/** First index in a sorted Int32Array whose value is > `day`. */
export function upperBoundDay(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** School days d with after < d ≤ upTo. */
export function countSchoolDays(c: CompiledCalendar, after: number, upTo: number): number {
  if (upTo <= after) return 0;
  return upperBoundDay(c.days, upTo) - upperBoundDay(c.days, after);
}

export function isCompiledSchoolDay(c: CompiledCalendar, day: number): boolean {
  return c.days.length > 0 && c.isDay[day - c.days[0]!] === 1;
}
