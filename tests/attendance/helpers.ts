import { addDays, weekdayOf } from '../../utils/attendance/calendar';
import type { MarkRecord } from '../../utils/attendance/types';

/**
 * Marks for consecutive weekday sessions from `start` (AM then PM), one code per session, so a
 * table can say "16 present then 4 absent" as `[...rep('/', 16), ...rep('N', 4)]`.
 */
export function sessions(start: string, codes: readonly string[], pupilId = 'P1'): MarkRecord[] {
  const out: MarkRecord[] = [];
  let date = start;
  while (weekdayOf(date) >= 5) date = addDays(date, 1);
  for (let i = 0; i < codes.length; i++) {
    out.push({ pupilId, date, session: i % 2 === 0 ? 'AM' : 'PM', mark: codes[i]! });
    if (i % 2 === 1) {
      date = addDays(date, 1);
      while (weekdayOf(date) >= 5) date = addDays(date, 1);
    }
  }
  return out;
}

export const rep = (code: string, n: number): string[] => Array.from({ length: n }, () => code);

/** The date of the last mark, for `asOf`. */
export const lastDate = (marks: readonly MarkRecord[]): string => marks[marks.length - 1]!.date;
