import { analysePupil, type PupilAnalysis } from './analyse';
import type { CanonicalPupil, MarksCsvResult } from '../transfer/marks-csv';
import type { SchoolCalendar } from './calendar';
import type { PriorSummary } from './prior';
import type { Thresholds } from './thresholds';
import type { Band, Flag, MarkRecord } from './types';

/**
 * The `analyse` command's report (CONTRACTS.md §2), built from a parsed marks CSV by the same
 * engine the extension runs. Pure, so tests call it without spawning a process.
 */

export interface ReportPupil {
  pupilId: string;
  name: string | null;
  group: string | null;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  lateBeforeClose: number;
  lateAfterClose: number;
  notPossible: number;
  unmarked: number;
  unknown: number;
  attendancePct: number | null;
  absencePct: number | null;
  band: Band | null;
  sessionsUntilPersistent: number | null;
  presentSessionsToRecover: number | null;
  maxUnauthorisedIn10Weeks: number;
  flags: Flag[];
  /** Only with `--prior`: the previous academic year's figures from that file alone. */
  priorYear?: ReportPriorYear | null;
}

/** `priorYear` of `analyse --prior` (CONTRACTS.md §2, addition). */
export interface ReportPriorYear {
  academicYear: number;
  possible: number;
  absencePct: number | null;
  band: Band | null;
}

/**
 * What `--prior` read: the previous year as marks (a marks CSV) or as summaries (a prior-school
 * summary CSV), per pupil id. Only this file speaks for last year, not the main file's marks.
 */
export type ReportPrior =
  | { kind: 'marks'; byPupil: ReadonlyMap<string, MarkRecord[]> }
  | { kind: 'summaries'; byPupil: ReadonlyMap<string, PriorSummary[]> };

interface ReportOptions {
  asOf?: string;
  thresholds?: Thresholds;
  calendar?: SchoolCalendar;
  prior?: ReportPrior;
}

export interface AnalyseReport {
  asOf: string | null;
  pupils: ReportPupil[];
}

/** One pupil's entry with the engine's analysis beside it, for callers that add to the output. */
export interface ReportEntry {
  pupil: CanonicalPupil;
  /** The pupil's marks up to `asOf`, in file order (a later row already replaced an earlier). */
  marks: MarkRecord[];
  analysis: PupilAnalysis | null;
  json: ReportPupil;
}

export function latestDate(parsed: MarksCsvResult): string | null {
  let latest: string | null = null;
  for (const row of parsed.rows) if (latest === null || row.date > latest) latest = row.date;
  return latest;
}

export function buildReportEntries(
  parsed: MarksCsvResult,
  opts: ReportOptions = {},
): { asOf: string | null; entries: ReportEntry[] } {
  const asOf = opts.asOf ?? latestDate(parsed);
  const byPupil = new Map<string, MarkRecord[]>();
  for (const p of parsed.pupils) byPupil.set(p.pupilId, []);
  for (const row of parsed.rows) {
    if (asOf !== null && row.date > asOf) continue;
    byPupil
      .get(row.pupilId)!
      .push({ pupilId: row.pupilId, date: row.date, session: row.session, mark: row.mark });
  }
  const entries = parsed.pupils.map((pupil): ReportEntry => {
    const marks = byPupil.get(pupil.pupilId)!;
    const analysis =
      asOf === null
        ? null
        : analysePupil(marks, {
            asOf,
            ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
            ...(opts.calendar ? { calendar: opts.calendar } : {}),
            ...(opts.prior
              ? {
                  prior:
                    opts.prior.kind === 'marks'
                      ? { marks: opts.prior.byPupil.get(pupil.pupilId) ?? [] }
                      : { marks: [], summaries: opts.prior.byPupil.get(pupil.pupilId) ?? [] },
                }
              : {}),
          });
    const f = analysis?.figures;
    const json: ReportPupil = {
      pupilId: pupil.pupilId,
      name: pupil.name ?? null,
      group: pupil.group ?? null,
      possible: f?.possible ?? 0,
      present: f?.present ?? 0,
      authorised: f?.authorised ?? 0,
      unauthorised: f?.unauthorised ?? 0,
      lateBeforeClose: f?.lateBeforeClose ?? 0,
      lateAfterClose: f?.lateAfterClose ?? 0,
      notPossible: f?.notPossible ?? 0,
      unmarked: f?.unmarked ?? 0,
      unknown: f?.unknown ?? 0,
      attendancePct: f?.attendancePct ?? null,
      absencePct: f?.absencePct ?? null,
      band: f?.band ?? null,
      sessionsUntilPersistent: f?.sessionsUntilPersistent ?? null,
      presentSessionsToRecover: f?.presentSessionsToRecover ?? null,
      maxUnauthorisedIn10Weeks: f?.maxUnauthorisedIn10Weeks ?? 0,
      flags: analysis?.flags ?? [],
    };
    if (opts.prior) {
      const py = analysis?.priorYear ?? null;
      json.priorYear = py
        ? {
            academicYear: py.academicYear,
            possible: py.possible,
            absencePct: py.absencePct,
            band: py.band,
          }
        : null;
    }
    return { pupil, marks, analysis, json };
  });
  return { asOf, entries };
}

export function buildReport(parsed: MarksCsvResult, opts: ReportOptions = {}): AnalyseReport {
  const { asOf, entries } = buildReportEntries(parsed, opts);
  return { asOf, pupils: entries.map((e) => e.json) };
}
