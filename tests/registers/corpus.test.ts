import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { categorise } from '../../utils/attendance/codes';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import { loadPage } from '../../scripts/read-register';
import type { Expected, ExpectedMark } from './helpers';

/**
 * The corpus: register pages written for this project in layouts unlike the shared fixtures, each
 * with a hand-written expected reading. Read through the same path as `read-register` (scripts
 * run, the page settles), and scored mark by mark.
 */
const CORPUS = resolve(import.meta.dirname, 'corpus');
const pages = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, 'page.html')))
  .map((d) => d.name)
  .sort();

interface Score {
  /** Of group, date, session and taken: how many the reading states as the page does. */
  header: number;
  exact: number;
  total: number;
  extraPupils: string[];
  wrongCategory: string[];
  misses: string[];
}

// Present is `/` in the morning and `\\` in the afternoon; the fixture conventions let a test
// treat the two as one (a page may print "/ Present" in an afternoon register).
const sameCode = (a: string | null, b: string | null): boolean =>
  a === b || ((a === '/' || a === '\\') && (b === '/' || b === '\\'));

const categoryOf = (code: string | null, date: string): string =>
  code === null ? 'unmarked' : categorise(code, date);

/** Marks compared by (date, session) within each pupil, pupils by name in page order. */
export function score(reading: Reading, want: Expected): Score {
  const s: Score = {
    header: 0,
    exact: 0,
    total: 0,
    extraPupils: [],
    wrongCategory: [],
    misses: [],
  };
  for (const f of ['group', 'date', 'session', 'taken'] as const) {
    if (reading[f] === want[f]) s.header++;
    else s.misses.push(`${f}: read ${String(reading[f])}, expected ${String(want[f])}`);
  }
  const wantPupils = want.pupils ?? [];
  const byName = new Map(reading.pupils.map((p) => [p.name, p]));
  const wanted = new Set(wantPupils.map((p) => p.name));
  s.extraPupils = reading.pupils.filter((p) => !wanted.has(p.name)).map((p) => p.name);
  for (const wp of wantPupils) {
    const got = byName.get(wp.name);
    const marks = new Map((got?.marks ?? []).map((m) => [`${m.date} ${m.session}`, m]));
    for (const wm of wp.marks as ExpectedMark[]) {
      s.total++;
      const where = `${wp.name} ${wm.date} ${wm.session}`;
      const gm = marks.get(`${wm.date} ${wm.session}`);
      marks.delete(`${wm.date} ${wm.session}`);
      if (!gm) {
        s.misses.push(`${where}: not read`);
        continue;
      }
      const cat = categoryOf(gm.code, gm.date);
      const ok = Array.isArray(wm.category)
        ? gm.code === null || wm.category.includes(cat)
        : sameCode(gm.code, wm.code) && cat === wm.category && gm.editable === wm.editable;
      if (ok) s.exact++;
      else s.misses.push(`${where}: read ${gm.code} (${gm.raw}), expected ${wm.code}`);
      const wantCats = Array.isArray(wm.category) ? wm.category : [wm.category];
      if (gm.code !== null && !wantCats.includes(cat)) s.wrongCategory.push(where);
    }
    // A mark the page does not show is a wrong reading too.
    for (const extra of marks.values()) {
      s.total++;
      s.misses.push(`${wp.name} ${extra.date} ${extra.session}: extra mark ${extra.raw}`);
    }
  }
  return s;
}

const results = new Map<string, Score>();
const EMPTY: Reading = {
  adapter: 'none',
  group: null,
  date: null,
  session: null,
  taken: null,
  pupils: [],
  warnings: [],
};

describe('reading the corpus of new register pages', () => {
  it.each(pages)('should read %s with no extra pupil and no wrong category', async (name) => {
    const want = JSON.parse(
      readFileSync(join(CORPUS, name, 'expected.json'), 'utf8'),
    ) as Expected & { url?: string };
    const url = want.url ?? `https://mis.example/${name}`;
    const page = await loadPage(readFileSync(join(CORPUS, name, 'page.html'), 'utf8'), url);
    try {
      const result = readRegister(page.document, url);
      const none: Reading = { ...EMPTY, pupils: [] };
      // A page read as "no register" scores nothing: every expected mark counts as missed.
      const s = score(result.ok ? result.reading : none, want);
      results.set(name, s);
      expect(result.ok, result.ok ? '' : result.reason).toBe(true);
      expect(s.extraPupils).toEqual([]);
      expect(s.wrongCategory).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('should read at least 97% of the corpus marks exactly', () => {
    let exact = 0;
    let total = 0;
    for (const s of results.values()) {
      exact += s.exact;
      total += s.total;
    }
    expect(results.size).toBe(pages.length);
    expect(exact / total).toBeGreaterThanOrEqual(0.97);
  });

  afterAll(() => {
    const lines = [...results].map(
      ([n, s]) =>
        `${n}: ${s.exact}/${s.total} marks, ${s.header}/4 header fields${s.misses.length ? `\n    ${s.misses.slice(0, 6).join('\n    ')}` : ''}`,
    );
    const exact = [...results.values()].reduce((a, s) => a + s.exact, 0);
    const total = [...results.values()].reduce((a, s) => a + s.total, 0);
    const header = [...results.values()].reduce((a, s) => a + s.header, 0);
    console.info(
      `Corpus accuracy\n${lines.join('\n')}\nTotal: ${exact}/${total} marks, ${header}/${4 * results.size} header fields`,
    );
  });
});
