/**
 * Small UTC-safe ISO date helpers for the support rules. Kept local so the support module does not
 * depend on the engine's calendar landing first; ISO dates compare correctly as strings.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date, computed in UTC so time zones never shift a day. */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** 0 = Monday … 6 = Sunday, the school's way of counting a week. */
export function weekdayIndex(iso: string): number {
  return (dayNumber(iso) + 3) % 7;
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

const MONTHS = [
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
