import { beforeEach, describe, expect, it } from 'vitest';
import { analyseFigures, analysePupil } from '../../utils/attendance/analyse';
import type { MarkRecord } from '../../utils/attendance/types';
import {
  db,
  importPriorSummaries,
  importRows,
  recomputeAll,
  recomputeFigures,
  type CanonicalRow,
} from '../../utils/store';
import { yearRows } from '../../utils/store/bench-hook';
import { AT, freshStore } from './helpers';

// The store's recompute reads the packed years and compiles timelines from them in place: what
// it caches must be exactly what the engine gives on the same marks from memory.

const SITE = 'import:csv';
const ASOF = '2025-09-26';

/** A few weeks of 2025/26, with a late correction (the later row wins) and odd marks. */
function schoolRows(pupils: number): CanonicalRow[] {
  const rows = yearRows(pupils, 40);
  const first = rows[0]!;
  return [
    ...rows,
    { ...first, line: rows.length + 2, mark: 'N' },
    { ...first, line: rows.length + 3, date: '2025-09-29', mark: 'I' },
    { ...rows[1]!, line: rows.length + 4, mark: 'C1' },
    { ...rows[2]!, line: rows.length + 5, mark: '-' },
  ];
}

/** What the engine makes of the same rows from memory, per stored pupil id. */
function fromMemory(rows: readonly CanonicalRow[]) {
  const byPupil = new Map<string, MarkRecord[]>();
  for (const r of rows) {
    const pupilId = `${SITE}|${r.pupilId}`;
    let list = byPupil.get(pupilId);
    if (!list) byPupil.set(pupilId, (list = []));
    list.push({ pupilId, date: r.date, session: r.session, mark: r.mark });
  }
  return new Map(
    [...byPupil].map(([pupilId, marks]) => {
      const { figures, flags, priorYear } = analysePupil(marks, {
        asOf: ASOF,
        from: '2025-09-01',
        prior: { summaries: [] },
      });
      return [pupilId, { figures, flags, priorYear }];
    }),
  );
}

const options = { analyse: analyseFigures, asOf: ASOF, from: '2025-09-01', at: AT };

describe('recomputing figures from the store', () => {
  beforeEach(freshStore);

  it.each([
    ['a whole school, read in one request', 260],
    ['a small school, read pupil by pupil', 12],
  ])('should cache, for %s, exactly what the engine gives from memory', async (_what, pupils) => {
    const rows = schoolRows(pupils);
    await importRows(rows, { batchLabel: 'school.csv', at: AT });

    const count = await recomputeAll(options);
    const cached = await db().figures.toArray();

    expect(count).toBe(pupils);
    expect(
      new Map(
        cached.map((r) => [
          r.pupilId,
          { figures: r.figures, flags: r.flags, priorYear: r.priorYear },
        ]),
      ),
    ).toEqual(fromMemory(rows));
    expect(cached.every((r) => r.asOf === ASOF && r.computedAt === AT)).toBe(true);
  });

  it('should keep each pupil whole when their years arrive in two parts of the read', async () => {
    // 1 + 2 × 160 year records: the first part of 300 ends between a pupil's two years.
    const thisYear = yearRows(160, 12);
    const lastYear = thisYear.map((r) => ({ ...r, date: r.date.replace('2025-', '2024-') }));
    const rows = [{ ...thisYear[0]!, pupilId: 'P0000' }, ...lastYear, ...thisYear];
    await importRows(rows, { batchLabel: 'two-years.csv', at: AT });
    await db().pupils.put({
      id: `${SITE}|P99999`,
      siteId: SITE,
      key: 'P99999',
      name: 'No marks yet',
      group: null,
      tags: [],
      misId: 'P99999',
    });
    const expected = fromMemory(rows);

    const count = await recomputeAll(options);
    const cached = await db().figures.toArray();

    expect(count).toBe(162);
    expect(cached.find((r) => r.pupilId === `${SITE}|P99999`)?.figures.possible).toBe(0);
    expect(
      new Map(
        cached
          .filter((r) => expected.has(r.pupilId))
          .map((r) => [r.pupilId, { figures: r.figures, flags: r.flags, priorYear: r.priorYear }]),
      ),
    ).toEqual(expected);
    expect([...expected.values()].filter((e) => e.priorYear !== null)).toHaveLength(160);
  });

  it.each([
    ['a few pupils', 3],
    ['more pupils than are read one by one', 230],
  ])('should recompute %s and no one else', async (_what, asked) => {
    const rows = schoolRows(240);
    await importRows(rows, { batchLabel: 'school.csv', at: AT });
    const expected = fromMemory(rows);
    const ids = [...expected.keys()].slice(0, asked);

    const records = await recomputeFigures([...ids, ids[0]!], options);

    expect(records.map((r) => r.pupilId)).toEqual(ids);
    expect(records.map((r) => r.flags)).toEqual(ids.map((id) => expected.get(id)!.flags));
    expect(await db().figures.count()).toBe(asked);
  });

  it('should match a prior school summary to its pupil when the whole school is read', async () => {
    await importRows(schoolRows(220), { batchLabel: 'school.csv', at: AT });
    await importPriorSummaries(
      [
        {
          pupilId: 'P00007',
          academicYear: 2024,
          possible: 342,
          present: 294,
          authorised: 48,
          unauthorised: 0,
          school: 'Oak Primary',
        },
      ],
      { siteId: SITE, batchLabel: 'year6.csv', at: AT },
    );

    await recomputeAll(options);
    const withPrior = (await db().figures.toArray()).filter((r) => r.priorYear);

    expect(withPrior.map((r) => [r.pupilId, r.priorYear?.absencePct])).toEqual([
      [`${SITE}|P00007`, 14.04],
    ]);
    expect(withPrior[0]!.flags.map((f) => f.id)).toContain('prior-year-persistent');
  });
});

describe('analyseFigures', () => {
  it('should give the figures, flags and last year that analysePupil gives', () => {
    const rows = schoolRows(30);
    const marks = rows.map((r): MarkRecord => ({
      pupilId: r.pupilId,
      date: r.date,
      session: r.session,
      mark: r.mark,
    }));
    const opts = { asOf: ASOF, prior: { summaries: [] } };

    const lean = analyseFigures(marks, opts);
    const full = analysePupil(marks, opts);

    expect(lean).toEqual({ figures: full.figures, flags: full.flags, priorYear: full.priorYear });
  });
});
