import { analysePupil, type PupilAnalysis } from './analyse';
import type { SchoolCalendar } from './calendar';
import type { Thresholds } from './thresholds';
import { buildTimeline, timelineRecords, upsertMark, type Timeline } from './timeline';
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

export function createEngine(initial: EngineOptions): Engine {
  let options: EngineOptions = { ...initial };
  // The timeline is each pupil's source of truth; a register updates it in place.
  const timelines = new Map<string, Timeline>();
  const results = new Map<string, PupilAnalysis>();

  const analyse = (pupilId: string, timeline: Timeline): PupilAnalysis => {
    timelines.set(pupilId, timeline);
    const analysis = analysePupil(timeline, options);
    results.set(pupilId, analysis);
    return analysis;
  };
  const rebuild = (pupilId: string, records: readonly MarkRecord[]): PupilAnalysis =>
    analyse(pupilId, buildTimeline(records));

  return {
    get options() {
      return options;
    },
    setPupilMarks: rebuild,
    setAll(byPupil) {
      timelines.clear();
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
        const t = timelines.get(id);
        if (!t) rebuild(id, added);
        else if (added.every((r) => upsertMark(t, r))) analyse(id, t);
        // A session inside the history (an import) needs a rebuild; later records still win.
        // Records already applied in place above are in the timeline, and re-applying is harmless.
        else rebuild(id, timelineRecords(t, id).concat(added));
      }
      return [...byPupil.keys()];
    },
    removePupil(pupilId) {
      timelines.delete(pupilId);
      results.delete(pupilId);
    },
    configure(opts) {
      options = { ...options, ...opts };
      for (const [id, t] of timelines) results.set(id, analysePupil(t, options));
    },
    get: (pupilId) => results.get(pupilId),
    all: () => results,
    timeline: (pupilId) => timelines.get(pupilId),
  };
}
