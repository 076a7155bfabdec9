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
 * The engine's per-pupil entry point, as `utils/attendance` exports it: `analyseFigures` (what
 * the store caches, and no more), or `analysePupil`. The store hands it compiled timelines read
 * straight from the packed years.
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
function groupByPupil(
  records: readonly TimelineRecord[],
  wanted: ReadonlySet<string> | null,
): Map<string, TimelineRecord[]> {
  const out = new Map<string, TimelineRecord[]>();
  for (const r of records) {
    if (wanted !== null && !wanted.has(r.pupilId)) continue;
    const list = out.get(r.pupilId);
    if (list) list.push(r);
    else out.set(r.pupilId, [r]);
  }
  return out;
}

/** Prior schools' summaries by pupil, matched by site and MIS id as `pupilPriorSummaries` does. */
function summariesByPupil(
  rows: PriorSummaryRecord[],
  pupilIds: readonly string[],
  pupils: ReadonlyArray<PupilRecord | undefined>,
): Map<string, PriorSummaryRecord[]> {
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

/** What a recompute reads: the pupils, their stored years and any prior school's summaries. */
interface RecomputeInput {
  pupilIds: string[];
  years: Map<string, TimelineRecord[]>;
  summaries: Map<string, PriorSummaryRecord[]>;
}

/**
 * Reads what recomputing these pupils needs in one readonly transaction, its requests issued
 * together: many pupils are one getAll of the years (one request, where a range per pupil is
 * one each), a few are a range each. Pupil records are read only when a prior school's summary
 * is stored to match them against (most stores hold none). The whole school: `readSchool`.
 */
async function readInput(pupilIds: readonly string[]): Promise<RecomputeInput> {
  const store = db();
  const many = pupilIds.length > WHOLE_READ_FROM;
  return store.transaction('r', store.pupils, store.timelines, store.priorSummaries, async () => {
    const [years, rows] = await Promise.all([
      many
        ? store.timelines.toArray().then((all) => groupByPupil(all, new Set(pupilIds)))
        : Promise.all(
            pupilIds.map((pupilId) =>
              store.timelines
                .where('[pupilId+year]')
                .between(...pupilYearRange(pupilId), true, true)
                .toArray(),
            ),
          ).then((lists) => new Map(pupilIds.map((pupilId, i) => [pupilId, lists[i]!]))),
      store.priorSummaries.toArray(),
    ]);
    let pupils: Array<PupilRecord | undefined> = [];
    if (rows.length) {
      if (!many) pupils = await store.pupils.bulkGet([...pupilIds]);
      else {
        const byId = new Map((await store.pupils.toArray()).map((p) => [p.id, p]));
        pupils = pupilIds.map((id) => byId.get(id));
      }
    }
    return { pupilIds: [...pupilIds], years, summaries: summariesByPupil(rows, pupilIds, pupils) };
  });
}

/** Year records per request of a whole-school read: analysis starts while the rest arrive. */
const READ_PART = 300;

/** A whole school as `readSchool` delivers it. */
interface SchoolRead {
  /** Every pupil (the pupils table's keys, in key order) and their prior schools' summaries. */
  head: Promise<Omit<RecomputeInput, 'years'>>;
  /** The next part of the year records, in key order; an empty part after the last. */
  nextPart(): Promise<TimelineRecord[]>;
}

const requested = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * The whole school in one readonly transaction, read straight from IndexedDB beneath Dexie: the
 * pupils' keys, the prior summaries (and, only when some are stored, the pupils to match them
 * to) and the year records in parts of READ_PART, each part asked for the moment the last one
 * arrives. The database reads the next part while this thread analyses the last, instead of
 * one waiting for the other; asking from the request's own callback keeps the one transaction
 * alive to the end, so every part is of the same moment.
 */
async function readSchool(): Promise<SchoolRead> {
  const store = db();
  if (!store.isOpen()) await store.open();
  const tx = store.backendDB().transaction(['pupils', 'timelines', 'priorSummaries'], 'readonly');
  const timelines = tx.objectStore('timelines');
  const arrived: Array<TimelineRecord[] | Error> = [];
  const waiting: Array<(part: TimelineRecord[] | Error) => void> = [];
  const deliver = (part: TimelineRecord[] | Error) => {
    const next = waiting.shift();
    if (next) next(part);
    else arrived.push(part);
  };
  const askFrom = (after: IDBValidKey | null) => {
    const request = timelines.getAll(
      after === null ? null : IDBKeyRange.lowerBound(after, true),
      READ_PART,
    );
    request.onsuccess = () => {
      const part = request.result as TimelineRecord[];
      const last = part[part.length - 1];
      if (part.length === READ_PART && last) askFrom([last.pupilId, last.year]);
      deliver(part);
      if (part.length < READ_PART && part.length > 0) deliver([]);
    };
    request.onerror = () => deliver(request.error ?? new Error('The marks could not be read.'));
  };
  askFrom(null);
  const head = (async () => {
    const rows = await requested(tx.objectStore('priorSummaries').getAll());
    const typed = rows as PriorSummaryRecord[];
    if (!typed.length) {
      const ids = (await requested(tx.objectStore('pupils').getAllKeys())) as string[];
      return { pupilIds: ids, summaries: new Map<string, PriorSummaryRecord[]>() };
    }
    const pupils = (await requested(tx.objectStore('pupils').getAll())) as PupilRecord[];
    const ids = pupils.map((p) => p.id);
    return { pupilIds: ids, summaries: summariesByPupil(typed, ids, pupils) };
  })();
  return {
    head,
    nextPart: async () => {
      const ready = arrived.shift();
      const part = ready ?? (await new Promise<TimelineRecord[] | Error>((r) => waiting.push(r)));
      if (part instanceof Error) throw part;
      return part;
    },
  };
}

/**
 * Analyses every pupil of the input in time-boxed slices (utils/tasks: a whole school in one
 * task is what Firefox stops in the background) and caches the figures. Each round's figures
 * are written while the next round is analysed: IndexedDB stores them off this thread, so
 * waiting for each write would leave both idle in turn.
 */
async function analyseAndSave(
  input: RecomputeInput,
  options: RecomputeOptions,
): Promise<FiguresRecord[]> {
  const { pupilIds, years, summaries } = input;
  const out: FiguresRecord[] = [];
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < pupilIds.length; i += CHUNK) {
    const ids = pupilIds.slice(i, i + CHUNK);
    const records = await analyseRound(ids, years, summaries, options);
    writes.push(saveFigures(records));
    out.push(...records);
  }
  await Promise.all(writes);
  return out;
}

/** One round of pupils analysed, in slices. */
const analyseRound = (
  ids: readonly string[],
  years: ReadonlyMap<string, TimelineRecord[]>,
  summaries: ReadonlyMap<string, PriorSummaryRecord[]>,
  options: RecomputeOptions,
): Promise<FiguresRecord[]> =>
  mapInSlices(ids, (pupilId) =>
    figuresOf(
      pupilId,
      timelineOfRecords(years.get(pupilId) ?? [], { to: options.asOf }),
      summaries.get(pupilId) ?? [],
      options,
    ),
  );

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
  return analyseAndSave(await readInput([...new Set(pupilIds)]), options);
}

/**
 * Every pupil's figures, recomputed (the daily run, after an import, a purge, a settings
 * change): the pupils, their years and the prior summaries are read in one transaction, then
 * every pupil analysed in slices.
 */
export async function recomputeAll(options: RecomputeOptions): Promise<number> {
  const school = await readSchool();
  const { pupilIds, summaries } = await school.head;
  const wanted = new Set(pupilIds);
  const writes: Array<Promise<void>> = [];
  const analyse = async (years: Map<string, TimelineRecord[]>) => {
    const ids = [...years.keys()].filter((id) => wanted.delete(id));
    for (let i = 0; i < ids.length; i += CHUNK) {
      writes.push(
        saveFigures(await analyseRound(ids.slice(i, i + CHUNK), years, summaries, options)),
      );
    }
  };
  // A pupil's years can straddle two parts: the last pupil of a part waits for the next one.
  let carried: TimelineRecord[] = [];
  for (;;) {
    const part = await school.nextPart();
    const records = carried.length ? carried.concat(part) : part;
    if (!part.length) {
      await analyse(groupByPupil(records, null));
      break;
    }
    const lastPupil = records[records.length - 1]!.pupilId;
    let cut = records.length;
    while (cut > 0 && records[cut - 1]!.pupilId === lastPupil) cut--;
    carried = records.slice(cut);
    await analyse(groupByPupil(records.slice(0, cut), null));
  }
  // Pupils with no stored year still get their (empty) figures.
  await analyse(new Map([...wanted].map((id) => [id, []])));
  await Promise.all(writes);
  return pupilIds.length;
}
