import { categorise } from '../../../utils/attendance/codes';
import { englishSchoolYear, schoolDaysBetween } from '../../../utils/attendance/calendar';
import { createEngine } from '../../../utils/attendance/engine';
import type { MarkRecord } from '../../../utils/attendance/types';
import { loadavg } from 'node:os';
import { median, time, type BenchSuite, type CaseResult } from '../harness';

/**
 * The engine against CONTRACTS.md §4: every figure and flag for a synthetic school of 1,500
 * pupils × 380 sessions, and the incremental update after one 30-pupil register, each beside a
 * baseline that only sums the same marks by category in one pass.
 */

const PUPILS = 1500;
const DAYS = 190;
const FORM = 30;

/** mulberry32: a small deterministic generator, so every run measures the same school. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUTHORISED = ['I', 'I', 'I', 'M', 'C', 'R'];
const UNAUTHORISED = ['N', 'O', 'G', 'U'];

export function syntheticSchool(): { dates: string[]; byPupil: Map<string, MarkRecord[]> } {
  const calendar = englishSchoolYear(2025);
  const dates = schoolDaysBetween(calendar, '2025-09-01', '2026-07-31').slice(0, DAYS);
  const random = rng(20251123);
  const resolvedBefore = dates[dates.length - 8]!;
  const byPupil = new Map<string, MarkRecord[]>();
  for (let p = 0; p < PUPILS; p++) {
    const pupilId = `P${String(p).padStart(5, '0')}`;
    // A spread of propensities: most pupils near 95%, a tail of persistent and severe absence.
    const r = random();
    const rate = r < 0.7 ? 0.03 : r < 0.9 ? 0.1 : r < 0.98 ? 0.2 : 0.55;
    const marks: MarkRecord[] = [];
    let spell = 0;
    for (const date of dates) {
      for (const session of ['AM', 'PM'] as const) {
        let mark: string;
        if (spell > 0) {
          spell--;
          mark = 'I';
        } else {
          const x = random();
          if (x < rate * 0.1) {
            spell = 1 + Math.floor(random() * 5);
            mark = 'I';
          } else if (x < rate * 0.6) mark = AUTHORISED[Math.floor(random() * AUTHORISED.length)]!;
          else if (x < rate) {
            mark = UNAUTHORISED[Math.floor(random() * UNAUTHORISED.length)]!;
            // Schools resolve N within days: older ones have become O (or a reason).
            if (mark === 'N' && date < resolvedBefore) mark = 'O';
          } else if (x < rate + 0.02) mark = 'L';
          else if (x < rate + 0.025) mark = 'V';
          else if (x < rate + 0.027) mark = '#';
          else mark = session === 'AM' ? '/' : '\\';
        }
        marks.push({ pupilId, date, session, mark });
      }
    }
    byPupil.set(pupilId, marks);
  }
  return { dates, byPupil };
}

/** The baseline: one pass that only categorises and sums the same marks. */
function sumOnly(lists: Iterable<readonly MarkRecord[]>): number {
  let total = 0;
  const counts: Record<string, number> = {};
  for (const marks of lists) {
    for (const m of marks) {
      const c = categorise(m.mark, m.date);
      counts[c] = (counts[c] ?? 0) + 1;
      total++;
    }
  }
  return total;
}

const suite: BenchSuite = {
  id: 'engine',
  async run(): Promise<CaseResult[]> {
    const { dates, byPupil } = syntheticSchool();
    const asOf = dates[dates.length - 1]!;
    const sessions = [...byPupil.values()].reduce((n, m) => n + m.length, 0);

    const engine = createEngine({ asOf });
    // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
    const cpuMs: number[] = [];
    const recompute = await time(
      () => {
        const before = process.cpuUsage();
        engine.setAll(byPupil);
        const used = process.cpuUsage(before);
        cpuMs.push((used.user + used.system) / 1000);
      },
      { runs: 15, warmup: 3 },
    );
    const recomputeBase = await time(() => sumOnly(byPupil.values()), { runs: 15, warmup: 3 });
    let flagged = 0;
    for (const a of engine.all().values()) if (a.needsAttention) flagged++;

    // One form's register for the last session, re-saved with alternating marks each run: the
    // path a tutor takes when the page is saved and the background re-analyses that form.
    const form = [...byPupil.keys()].slice(0, FORM);
    const last = dates[dates.length - 1]!;
    let flip = 0;
    const register = () => {
      flip ^= 1;
      return form.map((pupilId, i): MarkRecord => ({
        pupilId,
        date: last,
        session: 'PM',
        mark: (i + flip) % 7 === 0 ? 'N' : '\\',
      }));
    };
    const updateCpuMs: number[] = [];
    const update = await time(
      () => {
        const before = process.cpuUsage();
        engine.applyMarks(register());
        const used = process.cpuUsage(before);
        updateCpuMs.push((used.user + used.system) / 1000);
      },
      { runs: 25, warmup: 5 },
    );
    const formMarks = form.map((id) => byPupil.get(id)!);
    const updateBase = await time(() => sumOnly(formMarks), { runs: 25, warmup: 5 });

    return [
      {
        name: 'engine.recompute.school',
        samplesMs: recompute,
        baseline: 'engine.sum-only.school',
        baselineSamplesMs: recomputeBase,
        extra: {
          pupils: PUPILS,
          sessions,
          flagged,
          cpuMedianMs: Math.round(median(cpuMs.slice(3))),
          loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
        },
      },
      {
        name: 'engine.update.register',
        samplesMs: update,
        baseline: 'engine.sum-only.register',
        baselineSamplesMs: updateBase,
        extra: {
          pupils: FORM,
          sessionsPerPupil: DAYS * 2,
          cpuMedianMs: Number(median(updateCpuMs.slice(5)).toFixed(2)),
        },
      },
    ];
  },
};

export default suite;
