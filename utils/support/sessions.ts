import { categorise, type MarkCategory } from '../attendance/codes';
import type { MarkRecord } from '../attendance/types';

export interface Session {
  date: string;
  session: string;
  /** The mark trimmed, as the code sets match it. */
  mark: string;
  category: MarkCategory;
}

const order = (a: MarkRecord, b: MarkRecord): number =>
  a.date < b.date
    ? -1
    : a.date > b.date
      ? 1
      : a.session < b.session
        ? -1
        : a.session > b.session
          ? 1
          : 0;

/**
 * One pupil's marks up to `asOf`, one per session (a later record for the same session wins),
 * oldest first. Marks usually arrive sorted and unique, so that case skips the sort entirely: this
 * runs for every pupil of a school when the panel ranks its queue.
 */
export function sessionsUpTo(
  marks: readonly MarkRecord[],
  asOf: string,
  pupilId?: string,
): Session[] {
  let list = marks.filter(
    (m) => m.date <= asOf && (pupilId === undefined || m.pupilId === pupilId),
  );
  let sortedUnique = true;
  for (let i = 1; i < list.length; i++) {
    if (order(list[i - 1] as MarkRecord, list[i] as MarkRecord) >= 0) {
      sortedUnique = false;
      break;
    }
  }
  if (!sortedUnique) {
    // Array sort is stable, so among records of one session the last in arrival order ends last.
    const sorted = [...list].sort(order);
    list = sorted.filter((m, i) => {
      const next = sorted[i + 1];
      return next === undefined || order(m, next) !== 0;
    });
  }
  return list.map((m) => {
    const mark = m.mark.trim();
    return { date: m.date, session: m.session, mark, category: categorise(mark, m.date) };
  });
}
