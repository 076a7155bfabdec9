/**
 * Small UTC-safe ISO date helpers for the support rules' hot loops. Unlike the calendar's
 * (utils/attendance/calendar.ts), these do not validate: every date here has already passed a
 * Zod boundary, and they run once per mark per pupil, where the calendar's `Date` round trip
 * made suggestions about three times slower.
 * TODO(2026-11-23): give calendar.ts this civil-date arithmetic behind its validation and keep
 * one set of helpers.
 */

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/**
 * Days since 1970-01-01 for an ISO date, by the proleptic Gregorian civil-date arithmetic rather
 * than `Date`: no time zone can shift a day, and it runs on every mark, so it must be cheap.
 */
export function dayNumber(iso: string): number {
  let y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** 0 = Monday … 6 = Sunday, the school's way of counting a week. */
export function weekdayIndex(iso: string): number {
  return (dayNumber(iso) + 3) % 7;
}

/** A number for the Monday-to-Sunday week holding the date; consecutive weeks differ by 1. */
export function weekIndex(iso: string): number {
  return Math.floor((dayNumber(iso) + 3) / 7);
}

/** The Monday of the Monday-to-Sunday week holding the date. */
export function weekStart(iso: string): string {
  return fromDayNumber(dayNumber(iso) - weekdayIndex(iso));
}

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Monday 16 March": what a tutor reads aloud, without the year that only adds noise. */
export function formatDate(iso: string): string {
  const [, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${WEEKDAYS[weekdayIndex(iso)]} ${d ?? ''} ${MONTHS[(m ?? 1) - 1] ?? ''}`;
}
