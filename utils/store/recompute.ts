import type { SchoolCalendar } from '../attendance/calendar';
import type { Thresholds } from '../attendance/thresholds';
import type { Timeline } from '../attendance/timeline';
import type { Figures, Flag, MarkRecord } from '../attendance/types';
import { pupilYearRange, timelineOfRecords } from './packed';
import { saveFigures } from './queries';
import { db, type FiguresRecord, type TimelineRecord } from './schema';

/**
 * The engine's per-pupil entry point, as `utils/attendance` exports it (`analysePupil`). The
 * store hands it compiled timelines read straight from the packed years.
 */
export type AnalysePupil = (
  marks: readonly MarkRecord[] | Timeline,
  options: { asOf: string; from?: string; thresholds?: Thresholds; calendar?: SchoolCalendar },
) => { figures: Figures; flags: Flag[] };

export interface RecomputeOptions {
  analyse: AnalysePupil;
  asOf: string;
  /** First day the figures cover (the academic year's start); omitted = the first mark. */
  from?: string;
  /** ISO timestamp of this computation. */
  at: string;
  thresholds?: Thresholds;
  calendar?: SchoolCalendar;
}

function figuresOf(pupilId: string, t: Timeline, options: RecomputeOptions): FiguresRecord {
  const { figures, flags } = options.analyse(t, {
    asOf: options.asOf,
    ...(options.from ? { from: options.from } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.calendar ? { calendar: options.calendar } : {}),
  });
  return { pupilId, asOf: options.asOf, figures, flags, computedAt: options.at };
}

/** Above this many pupils, `recomputeFigures` reads the store once instead of per pupil. */
const WHOLE_READ_FROM = 200;

/** Each pupil's records, in year order, from one key-ordered read. */
function groupByPupil(records: readonly TimelineRecord[]): Map<string, TimelineRecord[]> {
  const out = new Map<string, TimelineRecord[]>();
  for (const r of records) {
    const list = out.get(r.pupilId);
    if (list) list.push(r);
    else out.set(r.pupilId, [r]);
  }
  return out;
}

/**
 * Recomputes and caches the figures of these pupils from their stored marks. Always from the
 * store, never from what a message carried, so a worker stopped halfway simply recomputes on the
 * next reading or the daily run. Marks after `asOf` are left out of the timeline.
 */
export async function recomputeFigures(
  pupilIds: readonly string[],
  options: RecomputeOptions,
): Promise<FiguresRecord[]> {
  const unique = [...new Set(pupilIds)];
  const store = db();
  const records = await store.transaction('r', store.timelines, async () => {
    // Many pupils (a whole school after an import): one read of every record beats a range read
    // per pupil; a register's few pupils: their own ranges.
    if (unique.length > WHOLE_READ_FROM) {
      const wanted = new Set(unique);
      // `toArray` of the table is one getAll; a Dexie filter would walk a cursor.
      const all = await store.timelines.toArray();
      const byPupil = groupByPupil(all.filter((r) => wanted.has(r.pupilId)));
      return unique.map((pupilId) => byPupil.get(pupilId) ?? []);
    }
    return Promise.all(
      unique.map((pupilId) =>
        store.timelines
          .where('[pupilId+year]')
          .between(...pupilYearRange(pupilId), true, true)
          .toArray(),
      ),
    );
  });
  const out = unique.map((pupilId, i) =>
    figuresOf(pupilId, timelineOfRecords(records[i]!, { to: options.asOf }), options),
  );
  await saveFigures(out);
  return out;
}

/**
 * Every pupil's figures, recomputed (the daily run, after an import, a purge, a settings
 * change): the store is read once, every pupil's years in one pass, then each pupil analysed.
 */
export async function recomputeAll(options: RecomputeOptions): Promise<number> {
  const store = db();
  const [ids, records] = await store.transaction('r', [store.pupils, store.timelines], () =>
    Promise.all([
      store.pupils.toCollection().primaryKeys() as Promise<string[]>,
      store.timelines.toArray(),
    ]),
  );
  const byPupil = groupByPupil(records);
  const out = ids.map((pupilId) =>
    figuresOf(
      pupilId,
      timelineOfRecords(byPupil.get(pupilId) ?? [], { to: options.asOf }),
      options,
    ),
  );
  await saveFigures(out);
  return ids.length;
}
