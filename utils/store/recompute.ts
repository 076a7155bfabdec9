import type { SchoolCalendar } from '../attendance/calendar';
import type { PriorInput, PriorYear } from '../attendance/prior';
import type { Thresholds } from '../attendance/thresholds';
import type { Figures, Flag, MarkRecord } from '../attendance/types';
import { pupilPriorSummaries } from './prior';
import { getPupil, pupilMarks, saveFigures, toMarkRecords } from './queries';
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

/**
 * Recomputes and caches the figures of these pupils from their stored marks. Always from the
 * store, never from what a message carried, so a worker stopped halfway simply recomputes on the
 * next reading or the daily run.
 */
export async function recomputeFigures(
  pupilIds: readonly string[],
  options: RecomputeOptions,
): Promise<FiguresRecord[]> {
  const unique = [...new Set(pupilIds)];
  const records = await Promise.all(
    unique.map(async (pupilId): Promise<FiguresRecord> => {
      const marks = toMarkRecords(await pupilMarks(pupilId)).filter((m) => m.date <= options.asOf);
      // Last year's evidence: the stored marks of that year, else a prior school's summary.
      const pupil = await getPupil(pupilId);
      const summaries = pupil ? await pupilPriorSummaries(pupil) : [];
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
    }),
  );
  await saveFigures(records);
  return records;
}

/** Every pupil's figures, recomputed (the daily run, after a purge, after settings change). */
export async function recomputeAll(options: RecomputeOptions): Promise<number> {
  const ids = (await db().pupils.toCollection().primaryKeys()) as string[];
  const chunk = 200;
  for (let i = 0; i < ids.length; i += chunk) {
    await recomputeFigures(ids.slice(i, i + chunk), options);
  }
  return ids.length;
}
