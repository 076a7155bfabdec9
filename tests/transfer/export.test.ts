import { describe, expect, it } from 'vitest';
import {
  cohortSeriesCsv,
  cohortSummary,
  cohortSummaryCsv,
  FIGURES_SCHEMA,
  figuresCsv,
  figuresJson,
  weeklySeriesCsv,
  weeklySeriesJson,
  withCumulative,
  type FiguresJson,
} from '../../utils/transfer/export';
import { createPseudonymiser, PSEUDONYM_PATTERN } from '../../utils/transfer/pseudonym';
import { isHidden, SUPPRESSED } from '../../utils/transfer/suppression';
import { flag, pupil } from './fixtures';

const meta = { asOf: '2025-12-19', generatedAt: '2025-12-20T09:00:00.000Z' };
const pupils = [
  pupil('S16332', 'Turner, Grace', '10X', 'persistent', [
    flag('persistent-absence', 'Turner, Grace has missed 14 of 100 sessions (14%).'),
  ]),
  pupil('S12843', 'Singh, Jacob', '10X', 'none'),
  pupil('S99001', '=HYPERLINK("x")', '10Y', 'at-risk'),
];
const pseudonymiser = await createPseudonymiser(new Uint8Array(32).fill(3));

describe('per-pupil figures export', () => {
  it('should contain no pupil name or MIS id when pseudonymised', async () => {
    const csv = await figuresCsv(pupils, meta, { pseudonymiser });
    const json = await figuresJson(pupils, meta, { pseudonymiser });

    for (const text of [csv, json]) {
      for (const p of pupils) {
        expect(text).not.toContain(p.pupilId);
        expect(text).not.toContain(p.name!.slice(0, 6));
      }
    }
  });

  it('should give each pupil the same pseudonym in CSV and JSON', async () => {
    const csv = await figuresCsv(pupils, meta, { pseudonymiser });
    const json = JSON.parse(await figuresJson(pupils, meta, { pseudonymiser })) as FiguresJson;

    const csvPseudonyms = csv
      .split('\r\n')
      .slice(1, 4)
      .map((line) => line.split(',')[0]);
    expect(csvPseudonyms).toEqual(json.pupils.map((p) => p.pseudonym));
    expect(json.pupils[0]!.pseudonym).toMatch(PSEUDONYM_PATTERN);
  });

  it('should add names and MIS ids only when asked explicitly', async () => {
    const csv = await figuresCsv(pupils, meta, {
      pseudonymiser,
      includeNames: true,
      includeMisIds: true,
    });

    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFpseudonym,mis_id,name,group,as_of,possible,/);
    expect(csv).toContain('S16332,"Turner, Grace",10X,2025-12-19,100,86,');
  });

  it('should guard a name that looks like a formula', async () => {
    const csv = await figuresCsv(pupils, meta, { pseudonymiser, includeNames: true });

    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('should write ISO dates, the band and the flags in the CSV', async () => {
    const csv = await figuresCsv(pupils, meta, { pseudonymiser });

    const first = csv.split('\r\n')[1]!;
    expect(first).toContain(',2025-12-19,');
    expect(first).toContain(',persistent,');
    expect(first.endsWith('persistent-absence (medium)')).toBe(true);
  });

  it('should write the versioned JSON schema with the figures of the contract', async () => {
    const json = JSON.parse(await figuresJson(pupils, meta, { pseudonymiser })) as FiguresJson;

    expect(json.schema).toBe(FIGURES_SCHEMA);
    expect(json.identity).toEqual({ pseudonymised: true, names: false, misIds: false });
    expect(json.pupils[0]!.figures).toMatchObject({
      possible: 100,
      absencePct: 14,
      band: 'persistent',
    });
    expect(json.pupils[0]).not.toHaveProperty('name');
  });

  it('should replace a name quoted in a flag reason by the pseudonym', async () => {
    const json = JSON.parse(await figuresJson(pupils, meta, { pseudonymiser })) as FiguresJson;

    const p = json.pupils[0]!;
    expect(p.flags[0]!.reason).toBe(`${p.pseudonym} has missed 14 of 100 sessions (14%).`);
  });
});

describe('weekly trend series', () => {
  const weeks = [
    { weekStart: '2025-09-08', possible: 10, absent: 2 },
    { weekStart: '2025-09-01', possible: 4, absent: 0 },
  ];

  it('should put weeks in order with a running absence rate', () => {
    expect(withCumulative(weeks)).toEqual([
      {
        weekStart: '2025-09-01',
        possible: 4,
        absent: 0,
        absencePct: 0,
        cumulativePossible: 4,
        cumulativeAbsent: 0,
        cumulativeAbsencePct: 0,
      },
      {
        weekStart: '2025-09-08',
        possible: 10,
        absent: 2,
        absencePct: 20,
        cumulativePossible: 14,
        cumulativeAbsent: 2,
        cumulativeAbsencePct: 14.29,
      },
    ]);
  });

  it('should write one pseudonymised row per pupil per week', async () => {
    const csv = await weeklySeriesCsv([{ pupilId: 'S1', name: 'Ada', group: '7B', weeks }], {
      pseudonymiser,
    });

    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^P-[0-9A-Z]{10},7B,2025-09-08,10,2,20,14,2,14.29$/);
    expect(csv).not.toContain('Ada');
  });

  it('should add up sessions, not rates, for the cohort series', () => {
    const csv = cohortSeriesCsv([
      { pupilId: 'a', weeks: [{ weekStart: '2025-09-01', possible: 10, absent: 5 }] },
      { pupilId: 'b', weeks: [{ weekStart: '2025-09-01', possible: 30, absent: 0 }] },
    ]);

    expect(csv.slice(1).split('\r\n')[1]).toBe('2025-09-01,40,5,12.5,40,5,12.5');
  });

  it('should carry the schema name in the JSON series', async () => {
    const json = JSON.parse(
      await weeklySeriesJson([{ pupilId: 'S1', weeks }], meta, { pseudonymiser }),
    ) as { schema: string; cohort: unknown[] };

    expect(json.schema).toBe('register-lens/weekly-series@1');
    expect(json.cohort).toHaveLength(2);
  });
});

describe('cohort summary', () => {
  const many = (group: string, band: Parameters<typeof pupil>[3], n: number) =>
    Array.from({ length: n }, (_, i) => pupil(`${group}-${band}-${i}`, `Name ${i}`, group, band));
  const cohort = [
    ...many('7A', 'none', 20),
    ...many('7A', 'persistent', 5),
    ...many('7A', 'severe', 1),
    ...many('7B', 'none', 22),
    ...many('7B', 'persistent', 4),
    ...many('7B', 'at-risk', 3),
  ];

  it('should hide a count of 1 and a partner cell so it cannot be recovered from the totals', () => {
    const summary = cohortSummary(cohort, { ...meta, audience: 'hub' });

    const [a, b] = summary.groups;
    expect(a!.bands.severe).toBe(SUPPRESSED);
    expect(b!.bands.severe).toBe(0);
    const hiddenInA = Object.values(a!.bands).filter(isHidden).length;
    expect(hiddenInA).toBeGreaterThanOrEqual(2);
    expect(summary.total.bands.severe).toBe(SUPPRESSED);
  });

  it('should show aggregate counts and rates only, with no pupil identity', () => {
    const summary = cohortSummary(cohort, { ...meta, audience: 'governors' });
    const csv = cohortSummaryCsv(summary);

    expect(summary.total.pupils).toBe(55);
    expect(csv).not.toMatch(/Name \d|7A-none/);
    expect(csv).toContain('""<3"" marks a count of 1 or 2');
  });

  it('should name the national reference with its period and source in the JSON and the CSV', () => {
    const summary = cohortSummary(cohort, { ...meta, audience: 'governors' });
    const csv = cohortSummaryCsv(summary);

    expect(summary.national).toMatchObject({
      period: 'autumn and spring terms 2024/25',
      persistentPct: 17.63,
    });
    expect(csv).toContain(
      'National reference: England, state-funded primary, secondary and special schools, autumn and spring terms 2024/25: overall absence 6.63%',
    );
    expect(csv).toContain('published 23 October 2025');
  });

  it('should suppress the absence rate of a group under 3 pupils', () => {
    const summary = cohortSummary([...cohort, ...many('7C', 'none', 2)], {
      ...meta,
      audience: 'local-authority',
    });

    expect(summary.groups[2]!.absenceRatePct).toBe(SUPPRESSED);
    expect(summary.groups[0]!.absenceRatePct).toBeTypeOf('number');
  });
});
