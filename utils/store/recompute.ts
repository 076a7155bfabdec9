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
 * Reads what a recompute needs in one readonly transaction, its requests issued together: every
 * pupil (`pupilIds` null: the keys of the pupils table) or the ones given. A whole school is one
 * getAll of the years (one request, where a range per pupil is one each); a few pupils are a
 * range each. Pupil records are read only when a prior school's summary is stored to match them
 * against (most stores hold none).
 */
async function readInput(pupilIds: readonly string[] | null): Promise<RecomputeInput> {
  const store = db();
  return store.transaction('r', store.pupils, store.timelines, store.priorSummaries, async () => {
    const whole = pupilIds === null || pupilIds.length > WHOLE_READ_FROM;
    const [ids, years, rows] = await Promise.all([
      pupilIds === null
        ? (store.pupils.toCollection().primaryKeys() as Promise<string[]>)
        : Promise.resolve([...pupilIds]),
      whole
        ? store.timelines.toArray()
        : Promise.all(
            pupilIds.map((pupilId) =>
              store.timelines
                .where('[pupilId+year]')
                .between(...pupilYearRange(pupilId), true, true)
                .toArray(),
            ),
          ),
      store.priorSummaries.toArray(),
    ]);
    const byPupil = whole
      ? groupByPupil(
          years as TimelineRecord[],
          pupilIds === null ? null : new Set<string>(pupilIds),
        )
      : new Map(ids.map((pupilId, i) => [pupilId, (years as TimelineRecord[][])[i]!]));
    let pupils: Array<PupilRecord | undefined> = [];
    if (rows.length) {
      if (ids.length <= WHOLE_READ_FROM) pupils = await store.pupils.bulkGet(ids);
      else {
        const byId = new Map((await store.pupils.toArray()).map((p) => [p.id, p]));
        pupils = ids.map((id) => byId.get(id));
      }
    }
    return { pupilIds: ids, years: byPupil, summaries: summariesByPupil(rows, ids, pupils) };
  });
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
  const input = await readInput(null);
  await analyseAndSave(input, options);
  return input.pupilIds.length;
}
