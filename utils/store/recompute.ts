import type { SchoolCalendar } from '../attendance/calendar';
import type { PriorInput, PriorSummary, PriorYear } from '../attendance/prior';
import type { Thresholds } from '../attendance/thresholds';
import type { Figures, Flag, MarkRecord } from '../attendance/types';
import { mapInSlices } from '../tasks';
import { pupilPriorSummaries } from './prior';
import { pupilMarks, saveFigures, toMarkRecords } from './queries';
import { db, type FiguresRecord } from './schema';

/** The engine's per-pupil entry point, as `utils/attendance` exports it. */
export type AnalysePupil = (
  marks: MarkRecord[],
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

/** Pupils read, analysed and written per round: small writes, and reads that never hold a school. */
const CHUNK = 100;

function figuresOf(
  pupilId: string,
  marks: MarkRecord[],
  summaries: readonly PriorSummary[],
  options: RecomputeOptions,
): FiguresRecord {
  // Last year's evidence: the stored marks of that year, else a prior school's summary.
  const { figures, flags, priorYear } = options.analyse(marks, {
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

/**
 * Recomputes and caches the figures of these pupils from their stored marks. Always from the
 * store, never from what a message carried, so a worker stopped halfway simply recomputes on the
 * next reading or the daily run. The analysis runs in time-boxed slices between the reads and
 * the writes (utils/tasks): a whole school in one task is what Firefox stops in the background.
 */
export async function recomputeFigures(
  pupilIds: readonly string[],
  options: RecomputeOptions,
): Promise<FiguresRecord[]> {
  const unique = [...new Set(pupilIds)];
  const out: FiguresRecord[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const ids = unique.slice(i, i + CHUNK);
    const [marks, summaries] = await Promise.all([
      Promise.all(ids.map((pupilId) => pupilMarks(pupilId))),
      db()
        .pupils.bulkGet(ids)
        .then((pupils) => Promise.all(pupils.map((p) => (p ? pupilPriorSummaries(p) : [])))),
    ]);
    const records = await mapInSlices(ids, (pupilId, j) =>
      figuresOf(
        pupilId,
        toMarkRecords(marks[j]!).filter((m) => m.date <= options.asOf),
        summaries[j]!,
        options,
      ),
    );
    await saveFigures(records);
    out.push(...records);
  }
  return out;
}

/** Every pupil's figures, recomputed (the daily run, after a purge, after settings change). */
export async function recomputeAll(options: RecomputeOptions): Promise<number> {
  const ids = (await db().pupils.toCollection().primaryKeys()) as string[];
  await recomputeFigures(ids, options);
  return ids.length;
}
