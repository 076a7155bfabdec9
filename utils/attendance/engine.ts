import { analysePupil, type AnalyseOptions, type PupilAnalysis } from './analyse';
import type { SchoolCalendar } from './calendar';
import type { Thresholds } from './thresholds';
import { buildTimeline, type Timeline } from './timeline';
import type { MarkRecord } from './types';

/**
 * The whole-school engine: every pupil's analysis, kept current as registers arrive. A register
 * touches only its own pupils, so an update re-analyses those and nobody else.
 */

export interface EngineOptions {
  asOf: string;
  from?: string;
  thresholds?: Thresholds;
  calendar?: SchoolCalendar;
}

export interface Engine {
  /** Replaces a pupil's marks (arrival order: a later record for a session wins). */
  setPupilMarks(pupilId: string, marks: readonly MarkRecord[]): PupilAnalysis;
  /** Replaces every pupil at once: the full recompute. */
  setAll(byPupil: ReadonlyMap<string, readonly MarkRecord[]>): void;
  /** Adds marks (a register, an import); returns the ids of the pupils it re-analysed. */
  applyMarks(records: readonly MarkRecord[]): string[];
  removePupil(pupilId: string): void;
  /** Moves "today" or changes settings; re-analyses everyone. */
  configure(opts: Partial<EngineOptions>): void;
  get(pupilId: string): PupilAnalysis | undefined;
  all(): ReadonlyMap<string, PupilAnalysis>;
  timeline(pupilId: string): Timeline | undefined;
  readonly options: Readonly<EngineOptions>;
}

interface PupilState {
  /** Deduplicated marks in date order; new records are appended and compacted on rebuild. */
  records: readonly MarkRecord[];
  timeline: Timeline;
}

/** Inserts or replaces a record in a date-ordered, deduplicated list (the later record wins). */
function mergeInto(records: MarkRecord[], r: MarkRecord): void {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = records[mid]!;
    if (m.date < r.date || (m.date === r.date && m.session < r.session)) lo = mid + 1;
    else hi = mid;
  }
  const at = records[lo];
  if (at && at.date === r.date && at.session === r.session) records[lo] = r;
  else records.splice(lo, 0, r);
}

export function createEngine(initial: EngineOptions): Engine {
  let options: EngineOptions = { ...initial };
  const state = new Map<string, PupilState>();
  const results = new Map<string, PupilAnalysis>();

  const analyseOpts = (): AnalyseOptions => options;

  const rebuild = (pupilId: string, records: readonly MarkRecord[]): PupilAnalysis => {
    const timeline = buildTimeline(records);
    // Keep the stored list as long as the timeline, so repeated registers do not pile up.
    const compact =
      timeline.length === records.length
        ? records
        : Array.from({ length: timeline.length }, (_, i) => ({
            pupilId,
            date: timeline.dates[i]!,
            session: timeline.sessions[i]!,
            mark: timeline.marks[i]!,
          }));
    state.set(pupilId, { records: compact, timeline });
    const analysis = analysePupil(timeline, analyseOpts());
    results.set(pupilId, analysis);
    return analysis;
  };

  const recomputeAll = () => {
    for (const [id, s] of state) results.set(id, analysePupil(s.timeline, analyseOpts()));
  };

  return {
    get options() {
      return options;
    },
    setPupilMarks: (pupilId, marks) => rebuild(pupilId, [...marks]),
    setAll(byPupil) {
      state.clear();
      results.clear();
      for (const [id, marks] of byPupil) rebuild(id, marks);
    },
    applyMarks(records) {
      const byPupil = new Map<string, MarkRecord[]>();
      for (const r of records) {
        let list = byPupil.get(r.pupilId);
        if (!list) byPupil.set(r.pupilId, (list = []));
        list.push(r);
      }
      for (const [id, added] of byPupil) {
        const records = state.get(id)?.records.slice() ?? [];
        for (const r of added) mergeInto(records, r);
        rebuild(id, records);
      }
      return [...byPupil.keys()];
    },
    removePupil(pupilId) {
      state.delete(pupilId);
      results.delete(pupilId);
    },
    configure(opts) {
      options = { ...options, ...opts };
      recomputeAll();
    },
    get: (pupilId) => results.get(pupilId),
    all: () => results,
    timeline: (pupilId) => state.get(pupilId)?.timeline,
  };
}
