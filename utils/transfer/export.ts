import { NATIONAL_LATEST, nationalSource } from '../attendance/national';
import type { Band, Figures, Flag } from '../attendance/types';
import { toExcelCsv, type CsvCell } from './csv-out';
import type { Pseudonymiser } from './pseudonym';
import { suppressTable, SUPPRESSED, WITHHELD, type Cell } from './suppression';

/**
 * Export builders: data in, text out. Nothing here reads the store or the clock; the caller
 * passes the figures, the date they are as of and the moment the export was made. Every export
 * is pseudonymised: names and MIS ids appear only when the caller asks for them explicitly.
 * The JSON shapes are documented in docs/EXPORTS.md; change a shape only with a new version.
 */

export const FIGURES_SCHEMA = 'register-lens/pupil-figures@1';
export const WEEKLY_SCHEMA = 'register-lens/weekly-series@1';
export const COHORT_SCHEMA = 'register-lens/cohort-summary@2';

export interface PupilExportInput {
  /** The store's pupil id: what the pseudonym is made from. */
  pupilId: string;
  /** The id the MIS knows (UPN, admission number); defaults to `pupilId`. */
  misId?: string;
  name?: string;
  group?: string;
  figures: Figures;
  flags: readonly Flag[];
}

export interface WeeklyPoint {
  /** The Monday of the week. */
  weekStart: string;
  possible: number;
  /** Authorised plus unauthorised absence sessions. */
  absent: number;
}

export interface PupilSeriesInput {
  pupilId: string;
  misId?: string;
  name?: string;
  group?: string;
  weeks: readonly WeeklyPoint[];
}

export interface IdentityOptions {
  pseudonymiser: Pseudonymiser;
  /** Adds a `name` column. Only by the user's explicit choice. */
  includeNames?: boolean;
  /** Adds an `mis_id` column. Only by the user's explicit choice. */
  includeMisIds?: boolean;
}

export interface ExportMeta {
  asOf: string;
  /** ISO timestamp of the export, passed in (the builders have no clock). */
  generatedAt: string;
}

const FIGURE_FIELDS = [
  'possible',
  'present',
  'authorised',
  'unauthorised',
  'lateBeforeClose',
  'lateAfterClose',
  'notPossible',
  'unmarked',
  'unknown',
  'attendancePct',
  'absencePct',
  'band',
  'sessionsUntilPersistent',
  'presentSessionsToRecover',
  'maxUnauthorisedIn10Weeks',
] as const satisfies readonly (keyof Figures)[];

const snake = (field: string) => field.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`);

interface Identity {
  pseudonym: string;
  misId?: string;
  name?: string;
}

async function identities(
  pupils: readonly { pupilId: string; misId?: string; name?: string }[],
  options: IdentityOptions,
): Promise<Identity[]> {
  const map = await options.pseudonymiser.pseudonyms(pupils.map((p) => p.pupilId));
  return pupils.map((p) => ({
    pseudonym: map.get(p.pupilId)!,
    ...(options.includeMisIds ? { misId: p.misId ?? p.pupilId } : {}),
    ...(options.includeNames ? { name: p.name ?? '' } : {}),
  }));
}

function identityHeader(options: IdentityOptions): string[] {
  return [
    'pseudonym',
    ...(options.includeMisIds ? ['mis_id'] : []),
    ...(options.includeNames ? ['name'] : []),
  ];
}

function identityCells(identity: Identity, options: IdentityOptions): CsvCell[] {
  return [
    identity.pseudonym,
    ...(options.includeMisIds ? [identity.misId] : []),
    ...(options.includeNames ? [identity.name] : []),
  ];
}

/**
 * Flag reasons are the engine's words and should carry numbers only; if one ever quotes a name
 * or an id, a pseudonymised export must not carry it out, so it is replaced by the pseudonym.
 */
function scrub(
  text: string,
  pupil: { pupilId: string; misId?: string; name?: string },
  identity: Identity,
  options: IdentityOptions,
): string {
  let out = text;
  const secrets = [
    ...(options.includeNames ? [] : [pupil.name]),
    ...(options.includeMisIds ? [] : [pupil.misId, pupil.pupilId]),
  ];
  for (const secret of secrets) {
    if (secret && secret.trim().length > 1) out = out.replaceAll(secret, identity.pseudonym);
  }
  return out;
}

/** Per-pupil figures and flags as Excel-ready CSV (one row per pupil). */
export async function figuresCsv(
  pupils: readonly PupilExportInput[],
  meta: ExportMeta,
  options: IdentityOptions,
): Promise<string> {
  const ids = await identities(pupils, options);
  const header = [
    ...identityHeader(options),
    'group',
    'as_of',
    ...FIGURE_FIELDS.map(snake),
    'flags',
  ];
  const rows = pupils.map((pupil, i) => [
    ...identityCells(ids[i]!, options),
    pupil.group ?? '',
    meta.asOf,
    ...FIGURE_FIELDS.map((field) => pupil.figures[field]),
    pupil.flags.map((flag) => `${flag.id} (${flag.severity})`).join('; '),
  ]);
  return toExcelCsv(header, rows);
}

export interface FiguresJson {
  schema: typeof FIGURES_SCHEMA;
  generatedAt: string;
  asOf: string;
  identity: { pseudonymised: true; names: boolean; misIds: boolean };
  pupils: {
    pseudonym: string;
    misId?: string;
    name?: string;
    group: string | null;
    figures: Pick<Figures, (typeof FIGURE_FIELDS)[number]>;
    flags: Flag[];
  }[];
}

/** What an export says about the identities it carries: always pseudonyms, the rest by choice. */
const identityDeclaration = (options: IdentityOptions) => ({
  pseudonymised: true as const,
  names: !!options.includeNames,
  misIds: !!options.includeMisIds,
});

/** Per-pupil figures and flags as versioned JSON (docs/EXPORTS.md). */
export async function figuresJson(
  pupils: readonly PupilExportInput[],
  meta: ExportMeta,
  options: IdentityOptions,
): Promise<string> {
  const ids = await identities(pupils, options);
  const doc: FiguresJson = {
    schema: FIGURES_SCHEMA,
    generatedAt: meta.generatedAt,
    asOf: meta.asOf,
    identity: identityDeclaration(options),
    pupils: pupils.map((pupil, i) => {
      const identity = ids[i]!;
      const figures = Object.fromEntries(FIGURE_FIELDS.map((f) => [f, pupil.figures[f]]));
      return {
        ...identity,
        group: pupil.group ?? null,
        figures: figures as FiguresJson['pupils'][number]['figures'],
        flags: pupil.flags.map((flag) => ({
          id: flag.id,
          severity: flag.severity,
          reason: scrub(flag.reason, pupil, identity, options),
          evidence: [...flag.evidence],
        })),
      };
    }),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const pct = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null;

export interface SeriesRow {
  weekStart: string;
  possible: number;
  absent: number;
  absencePct: number | null;
  cumulativePossible: number;
  cumulativeAbsent: number;
  cumulativeAbsencePct: number | null;
}

/** A week-by-week series with the running (year-to-date) absence rate beside each week's own. */
export function withCumulative(weeks: readonly WeeklyPoint[]): SeriesRow[] {
  let possible = 0;
  let absent = 0;
  return [...weeks]
    .sort((a, b) => (a.weekStart < b.weekStart ? -1 : a.weekStart > b.weekStart ? 1 : 0))
    .map((week) => {
      possible += week.possible;
      absent += week.absent;
      return {
        weekStart: week.weekStart,
        possible: week.possible,
        absent: week.absent,
        absencePct: pct(week.absent, week.possible),
        cumulativePossible: possible,
        cumulativeAbsent: absent,
        cumulativeAbsencePct: pct(absent, possible),
      };
    });
}

/** Adds up pupils' weeks into one cohort series (sessions, not pupils' rates, are summed). */
export function cohortWeeks(pupils: readonly PupilSeriesInput[]): WeeklyPoint[] {
  const byWeek = new Map<string, WeeklyPoint>();
  for (const pupil of pupils) {
    for (const week of pupil.weeks) {
      const sum = byWeek.get(week.weekStart) ?? {
        weekStart: week.weekStart,
        possible: 0,
        absent: 0,
      };
      sum.possible += week.possible;
      sum.absent += week.absent;
      byWeek.set(week.weekStart, sum);
    }
  }
  return [...byWeek.values()];
}

const SERIES_HEADER = [
  'week_start',
  'possible',
  'absent',
  'absence_pct',
  'cumulative_possible',
  'cumulative_absent',
  'cumulative_absence_pct',
];
const seriesCells = (row: SeriesRow): CsvCell[] => [
  row.weekStart,
  row.possible,
  row.absent,
  row.absencePct,
  row.cumulativePossible,
  row.cumulativeAbsent,
  row.cumulativeAbsencePct,
];

/** Weekly trend series, one row per pupil per week, as Excel-ready CSV. */
export async function weeklySeriesCsv(
  pupils: readonly PupilSeriesInput[],
  options: IdentityOptions,
): Promise<string> {
  const ids = await identities(pupils, options);
  const rows: CsvCell[][] = [];
  pupils.forEach((pupil, i) => {
    for (const row of withCumulative(pupil.weeks)) {
      rows.push([...identityCells(ids[i]!, options), pupil.group ?? '', ...seriesCells(row)]);
    }
  });
  return toExcelCsv([...identityHeader(options), 'group', ...SERIES_HEADER], rows);
}

/** The whole cohort's weekly series (aggregates only: no pupil column at all). */
export function cohortSeriesCsv(pupils: readonly PupilSeriesInput[]): string {
  return toExcelCsv(SERIES_HEADER, withCumulative(cohortWeeks(pupils)).map(seriesCells));
}

export interface WeeklyJson {
  schema: typeof WEEKLY_SCHEMA;
  generatedAt: string;
  asOf: string;
  identity: { pseudonymised: true; names: boolean; misIds: boolean };
  cohort: SeriesRow[];
  pupils: {
    pseudonym: string;
    misId?: string;
    name?: string;
    group: string | null;
    weeks: SeriesRow[];
  }[];
}

export async function weeklySeriesJson(
  pupils: readonly PupilSeriesInput[],
  meta: ExportMeta,
  options: IdentityOptions,
): Promise<string> {
  const ids = await identities(pupils, options);
  const doc: WeeklyJson = {
    schema: WEEKLY_SCHEMA,
    generatedAt: meta.generatedAt,
    asOf: meta.asOf,
    identity: identityDeclaration(options),
    cohort: withCumulative(cohortWeeks(pupils)),
    pupils: pupils.map((pupil, i) => ({
      ...ids[i]!,
      group: pupil.group ?? null,
      weeks: withCumulative(pupil.weeks),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

// ——— Cohort summary ———

export type Audience = 'hub' | 'local-authority' | 'governors';
export const AUDIENCE_LABELS: Record<Audience, string> = {
  hub: 'Attendance hub meeting',
  'local-authority': 'Local authority termly conversation',
  governors: 'Governors',
};

export const BAND_COLUMNS = ['none', 'at-risk', 'persistent', 'severe', 'no-sessions'] as const;
export type BandColumn = (typeof BAND_COLUMNS)[number];
export const BAND_LABELS: Record<BandColumn, string> = {
  none: 'Below 5% absence',
  'at-risk': 'At risk (5% to under 10%)',
  persistent: 'Persistent (10% to under 50%)',
  severe: 'Severe (50% or more)',
  'no-sessions': 'No possible sessions yet',
};
const columnOf = (band: Band | null): BandColumn => band ?? 'no-sessions';

export interface CohortRow {
  group: string;
  pupils: Cell;
  bands: Record<BandColumn, Cell>;
  /** Sessions absent over sessions possible, as a percentage; suppressed under 3 pupils. */
  absenceRatePct: number | null | typeof SUPPRESSED;
}

export interface CohortSummary {
  schema: typeof COHORT_SCHEMA;
  audience: Audience;
  generatedAt: string;
  asOf: string;
  suppression: {
    threshold: 3;
    marker: typeof SUPPRESSED;
    secondaryMarker: typeof WITHHELD;
  };
  /** The national reference beside the school's figures, with its period and source. */
  national: {
    coverage: string;
    period: string;
    overallAbsencePct: number;
    persistentPct: number;
    severePct: number;
    source: string;
    url: string;
  };
  groups: CohortRow[];
  total: CohortRow & {
    /** Persistent or severe, as a percentage of pupils with possible sessions. */
    persistentOrSeverePct: number | null | typeof WITHHELD;
  };
}

export const NO_GROUP = 'No group';

/** Aggregates only, counts under 3 suppressed with secondary suppression (see suppression.ts). */
export function cohortSummary(
  pupils: readonly Pick<PupilExportInput, 'group' | 'figures'>[],
  meta: ExportMeta & { audience: Audience },
): CohortSummary {
  const groups = [...new Set(pupils.map((p) => p.group || NO_GROUP))].sort((a, b) =>
    a.localeCompare(b, 'en-GB', { numeric: true }),
  );
  const index = new Map(groups.map((g, i) => [g, i]));
  const counts = groups.map(() => BAND_COLUMNS.map(() => 0));
  const sessions = groups.map(() => ({ possible: 0, absent: 0, pupils: 0 }));
  for (const pupil of pupils) {
    const i = index.get(pupil.group || NO_GROUP)!;
    counts[i]![BAND_COLUMNS.indexOf(columnOf(pupil.figures.band))]! += 1;
    sessions[i]!.possible += pupil.figures.possible;
    sessions[i]!.absent += pupil.figures.authorised + pupil.figures.unauthorised;
    sessions[i]!.pupils += 1;
  }
  const table = suppressTable(counts);
  const rate = (s: { possible: number; absent: number; pupils: number }) =>
    s.pupils < 3 ? SUPPRESSED : pct(s.absent, s.possible);
  const bandsOf = (cells: Cell[]) =>
    Object.fromEntries(BAND_COLUMNS.map((c, j) => [c, cells[j]!])) as Record<BandColumn, Cell>;
  const all = sessions.reduce(
    (a, s) => ({
      possible: a.possible + s.possible,
      absent: a.absent + s.absent,
      pupils: a.pupils + s.pupils,
    }),
    { possible: 0, absent: 0, pupils: 0 },
  );
  const colTotals = bandsOf(table.columnTotals);
  const noSessions = BAND_COLUMNS.indexOf('no-sessions');
  const withSessions = all.pupils - counts.reduce((a, row) => a + row[noSessions]!, 0);
  const paCount =
    typeof colTotals.persistent === 'number' && typeof colTotals.severe === 'number'
      ? colTotals.persistent + colTotals.severe
      : null;
  return {
    schema: COHORT_SCHEMA,
    audience: meta.audience,
    generatedAt: meta.generatedAt,
    asOf: meta.asOf,
    suppression: { threshold: 3, marker: SUPPRESSED, secondaryMarker: WITHHELD },
    national: {
      coverage: NATIONAL_LATEST.coverage,
      period: NATIONAL_LATEST.period,
      overallAbsencePct: NATIONAL_LATEST.overallAbsencePct,
      persistentPct: NATIONAL_LATEST.persistentPct,
      severePct: NATIONAL_LATEST.severePct,
      source: nationalSource(NATIONAL_LATEST),
      url: NATIONAL_LATEST.url,
    },
    groups: groups.map((group, i) => ({
      group,
      pupils: table.rowTotals[i]!,
      bands: bandsOf(table.cells[i]!),
      absenceRatePct: rate(sessions[i]!),
    })),
    total: {
      group: 'All pupils',
      pupils: table.total,
      bands: colTotals,
      absenceRatePct: rate(all),
      // The rate's denominator leaves out pupils with no sessions, so it would give that count
      // back if it were hidden.
      persistentOrSeverePct:
        paCount === null || typeof colTotals['no-sessions'] !== 'number'
          ? WITHHELD
          : pct(paCount, withSessions),
    },
  };
}

export function cohortSummaryJson(summary: CohortSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** The summary as a table a governor can open in Excel; a note row states the rules used. */
export function cohortSummaryCsv(summary: CohortSummary): string {
  const header = [
    'group',
    'pupils',
    ...BAND_COLUMNS.map((c) => BAND_LABELS[c]),
    'absence_rate_pct',
  ];
  const line = (row: CohortRow): CsvCell[] => [
    row.group,
    row.pupils,
    ...BAND_COLUMNS.map((c) => row.bands[c]),
    row.absenceRatePct,
  ];
  return toExcelCsv(header, [
    ...summary.groups.map(line),
    line(summary.total),
    [],
    [
      'persistent_or_severe_pct',
      summary.total.persistentOrSeverePct === null ? 'n/a' : summary.total.persistentOrSeverePct,
    ],
    [`${AUDIENCE_LABELS[summary.audience]}. Figures as of ${summary.asOf}.`],
    [
      `National reference: ${summary.national.coverage}, ${summary.national.period}: overall absence ${summary.national.overallAbsencePct}%, persistent absence ${summary.national.persistentPct}% of pupils, severe absence ${summary.national.severePct}% (${summary.national.source}).`,
    ],
    ['"<3" marks a count of 1 or 2, hidden to protect individual pupils.'],
    ['"c" marks a count hidden so that a "<3" cannot be worked out from a total.'],
  ]);
}
