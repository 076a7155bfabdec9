import type { SchoolCalendar } from '../attendance/calendar';
import type { PriorInput, PriorSummary, PriorYear } from '../attendance/prior';
import type { Thresholds } from '../attendance/thresholds';
import type { Timeline } from '../attendance/timeline';
import type { Figures, Flag, MarkRecord } from '../attendance/types';
import { mapInSlices } from '../tasks';
import { pupilYearRange, timelineOfRecords } from './packed';
import { saveFigures } from './queries';
import {
  db,
  type FiguresRecord,
  type PriorSummaryRecord,
  type PupilRecord,
  type TimelineRecord,
} from './schema';

/**
 * The engine's per-pupil entry point, as `utils/attendance` exports it (`analysePupil`). The
 * store hands it compiled timelines read straight from the packed years.
 */
export type AnalysePupil = (
  marks: readonly MarkRecord[] | Timeline,
  options: {
    asOf: string;
    from?: string;
    thresholds?: Thresholds;
    calendar?: SchoolCalendar;
    prior?: PriorInput;
  },
) => { figures: Figures; flags: Flag[]; priorYear?: PriorYear | null };

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

/** Pupils analysed and written per round: small writes between time-boxed slices. */
const CHUNK = 100;

/**
 * Above this many pupils, the store is read once, whole, instead of one range per pupil. Packed
 * (one record per pupil per year), a school year is a few megabytes in memory, not 570,000
 * objects.
 */
const WHOLE_READ_FROM = 200;

function figuresOf(
  pupilId: string,
  t: Timeline,
  summaries: readonly PriorSummary[],
  options: RecomputeOptions,
): FiguresRecord {
  // Last year's evidence: the stored marks of that year (in the timeline), else a prior
  // school's summary.
  const { figures, flags, priorYear } = options.analyse(t, {
    asOf: options.asOf,
    ...(options.from ? { from: options.from } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.calendar ? { calendar: options.calendar } : {}),
    prior: { summaries },
  });
  return {
    pupilId,
    asOf: options.asOf,
    figures,
    flags,
    computedAt: options.at,
    priorYear: priorYear ?? null,
  };
}

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

/** The stored years of these pupils, in one read transaction. */
async function readYears(pupilIds: readonly string[]): Promise<Map<string, TimelineRecord[]>> {
  const store = db();
  return store.transaction('r', store.timelines, async () => {
    if (pupilIds.length > WHOLE_READ_FROM) {
      const wanted = new Set(pupilIds);
      // `toArray` of the table is one getAll; a Dexie filter would walk a cursor.
      const all = await store.timelines.toArray();
      return groupByPupil(all.filter((r) => wanted.has(r.pupilId)));
    }
    const lists = await Promise.all(
      pupilIds.map((pupilId) =>
        store.timelines
          .where('[pupilId+year]')
          .between(...pupilYearRange(pupilId), true, true)
          .toArray(),
      ),
    );
    return new Map(pupilIds.map((pupilId, i) => [pupilId, lists[i]!]));
  });
}

/**
 * These pupils' records: a whole school in one read of the table (one request, where a `bulkGet`
 * is one per pupil), a few by key.
 */
async function readPupils(pupilIds: readonly string[]): Promise<Array<PupilRecord | undefined>> {
  const store = db();
  if (pupilIds.length <= WHOLE_READ_FROM) return store.pupils.bulkGet([...pupilIds]);
  const byId = new Map((await store.pupils.toArray()).map((p) => [p.id, p]));
  return pupilIds.map((id) => byId.get(id));
}

/**
 * Prior schools' summaries of these pupils, in one read of a small table (at most a row per
 * pupil and year), matched to pupils by site and MIS id as `pupilPriorSummaries` matches them.
 */
async function readSummaries(
  pupilIds: readonly string[],
): Promise<Map<string, PriorSummaryRecord[]>> {
  const store = db();
  // Most stores hold no prior school's summary: then no pupil needs reading at all.
  const [pupils, rows] = await store.transaction(
    'r',
    store.pupils,
    store.priorSummaries,
    async () => {
      const rows = await store.priorSummaries.toArray();
      return [rows.length ? await readPupils(pupilIds) : [], rows] as const;
    },
  );
  const out = new Map<string, PriorSummaryRecord[]>();
  if (!rows.length) return out;
  const bySiteMis = new Map<string, PriorSummaryRecord[]>();
  for (const r of rows.sort((a, b) => a.academicYear - b.academicYear)) {
    const k = `${r.siteId}|${r.misId}`;
    const list = bySiteMis.get(k);
    if (list) list.push(r);
    else bySiteMis.set(k, [r]);
  }
  pupils.forEach((p, i) => {
    const list = p?.misId ? bySiteMis.get(`${p.siteId}|${p.misId}`) : undefined;
    if (list) out.set(pupilIds[i]!, list);
  });
  return out;
}

/**
 * Recomputes and caches the figures of these pupils from their stored marks. Always from the
 * store, never from what a message carried, so a worker stopped halfway simply recomputes on the
 * next reading or the daily run. The store is read once; each pupil's timeline is compiled
 * straight from the packed years (marks after `asOf` left out); the analysis runs in time-boxed
 * slices between the writes (utils/tasks): a whole school in one task is what Firefox stops in
 * the background.
 */
export async function recomputeFigures(
  pupilIds: readonly string[],
  options: RecomputeOptions,
): Promise<FiguresRecord[]> {
  const unique = [...new Set(pupilIds)];
  const [years, summaries] = await Promise.all([readYears(unique), readSummaries(unique)]);
  const out: FiguresRecord[] = [];
  // Each round's figures are written while the next round is analysed: IndexedDB stores them
  // off this thread, so waiting for each write would leave both idle in turn.
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const ids = unique.slice(i, i + CHUNK);
    const records = await mapInSlices(ids, (pupilId) =>
      figuresOf(
        pupilId,
        timelineOfRecords(years.get(pupilId) ?? [], { to: options.asOf }),
        summaries.get(pupilId) ?? [],
        options,
      ),
    );
    writes.push(saveFigures(records));
    out.push(...records);
  }
  await Promise.all(writes);
  return out;
}

/**
 * Every pupil's figures, recomputed (the daily run, after an import, a purge, a settings
 * change): the store is read once, then every pupil analysed in slices.
 */
export async function recomputeAll(options: RecomputeOptions): Promise<number> {
  const ids = (await db().pupils.toCollection().primaryKeys()) as string[];
  await recomputeFigures(ids, options);
  return ids.length;
}
