import { describe, expect, it } from 'vitest';
import { categorise } from '../../utils/attendance/codes';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import { loadPage, settle } from '../../scripts/read-register';
import {
  expected,
  FIXTURES_GIBBON_V21,
  fixtureDirs,
  fixtureHtml,
  parsePage,
  type Expected,
} from './helpers';

const STATIC = fixtureDirs().filter((n) => n !== 'aria-grid-spa');
const MIS_STYLE = ['week-table-codes', 'officer-marks-grid'];

/** Compares a reading with expected.json: names, order, header fields, and every mark by (date, session). */
function expectMatches(reading: Reading, want: Expected): void {
  expect({
    group: reading.group,
    date: reading.date,
    session: reading.session,
    taken: reading.taken,
  }).toEqual({
    group: want.group,
    date: want.date,
    session: want.session,
    taken: want.taken,
  });
  const wantPupils = want.pupils ?? [];
  expect(reading.pupils.map((p) => p.name)).toEqual(wantPupils.map((p) => p.name));
  wantPupils.forEach((wp, i) => {
    const got = reading.pupils[i]!;
    const key = (m: { date: string; session: string }) => `${m.date} ${m.session}`;
    expect(got.marks.map(key).sort(), wp.name).toEqual(wp.marks.map(key).sort());
    const byKey = new Map(got.marks.map((m) => [key(m), m]));
    for (const wm of wp.marks) {
      const gm = byKey.get(key(wm))!;
      const where = `${wp.name} ${key(wm)}`;
      expect(gm.editable, where).toBe(wm.editable);
      if (Array.isArray(wm.category)) {
        // The page's label is ambiguous: unmapped, or any of the listed categories, is right.
        if (gm.code !== null) expect(wm.category, where).toContain(categorise(gm.code, gm.date));
      } else if (wm.code === null && wm.category !== 'unmarked') {
        // The page decides the category but not which code of it ("Absent: Medical" is
        // authorised, illness or appointment): any code of that category, never a dropped mark.
        expect(gm.code, where).not.toBeNull();
        expect(categorise(gm.code!, gm.date), where).toBe(wm.category);
      } else {
        expect(gm.code, where).toBe(wm.code);
        expect(gm.code === null ? 'unmarked' : categorise(gm.code, gm.date), where).toBe(
          wm.category,
        );
      }
      expect(gm.raw.toLowerCase(), where).toContain(wm.raw.toLowerCase().slice(0, 1));
    }
  });
}

describe('reading the shared register fixtures', () => {
  it.each(STATIC)('should read %s exactly as expected', (name) => {
    const want = expected(name);
    const result = readRegister(parsePage(fixtureHtml(name)), `https://mis.example/${name}`);
    if (want.register === false) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result.ok).toBe(true);
    if (result.ok) expectMatches(result.reading, want);
  });

  it.each(MIS_STYLE)('should read %s with the adapters switched off', (name) => {
    const result = readRegister(parsePage(fixtureHtml(name)), 'https://mis.example/', {
      adapters: false,
    });
    expect(result.ok && result.reading.adapter).toBe('generic');
    if (result.ok) expectMatches(result.reading, expected(name));
  });

  it('should read the Gibbon register with the Gibbon adapter and its pupil ids', () => {
    const result = readRegister(
      parsePage(fixtureHtml('gibbon-register-taken')),
      'https://school.example/index.php',
    );
    expect(result.ok && result.reading.adapter).toBe('gibbon');
    expect(result.ok && result.reading.pupils[0]!.key).toBe('gibbon:0000002216');
    const beau = result.ok
      ? result.reading.pupils.find((p) => p.name === 'Beau Horton')
      : undefined;
    expect(beau?.marks.at(-1)).toMatchObject({
      raw: 'Absent',
      reason: 'Pending',
      code: 'N',
      editable: true,
    });
  });

  it('should warn about ambiguous Gibbon labels, by label, instead of guessing them', () => {
    const result = readRegister(
      parsePage(fixtureHtml('gibbon-register-taken')),
      'https://school.example/',
    );
    expect(result.ok && result.reading.warnings.join(' ')).toContain('"Absent: Family"');
  });

  it('should say "no register" for the Gibbon summary page even with adapters off', () => {
    const result = readRegister(
      parsePage(fixtureHtml('gibbon-summary-not-a-register')),
      'https://x.example/',
      {
        adapters: false,
      },
    );
    expect(result.ok).toBe(false);
  });
});

// Each page's address, as ../shared/fixtures/registers-gibbon-v21/README.md gives it.
const GIBBON_V21: [string, string][] = [
  [
    'gibbon21-class-not-taken',
    'http://127.0.0.1:8081/index.php?q=/modules/Attendance/attendance_take_byCourseClass.php&gibbonCourseClassID=00002571&currentDate=19/03/2021',
  ],
  [
    'gibbon21-class-taken',
    'http://127.0.0.1:8081/index.php?q=/modules/Attendance/attendance_take_byCourseClass.php&gibbonCourseClassID=00002571&currentDate=19/03/2021',
  ],
  [
    'gibbon21-person-taken',
    'http://127.0.0.1:8081/index.php?q=/modules/Attendance/attendance_take_byPerson.php&gibbonPersonID=0000001617&currentDate=19/03/2021',
  ],
];

describe('reading the Gibbon v21 class and person registers', () => {
  it('should have a test for every v21 page in the shared folder', () => {
    expect(GIBBON_V21.map(([name]) => name).sort()).toEqual(fixtureDirs(FIXTURES_GIBBON_V21));
  });

  it.each(GIBBON_V21)('should read %s exactly as expected', (name, url) => {
    const result = readRegister(parsePage(fixtureHtml(name, FIXTURES_GIBBON_V21), url), url);
    expect(result.ok && result.reading.adapter).toBe('gibbon');
    if (result.ok)
      expectMatches(result.reading, expected(name, 'expected.json', FIXTURES_GIBBON_V21));
  });

  it('should take the pupil of the person screen from the student picker, with their id', () => {
    const [name, url] = GIBBON_V21[2]!;
    const result = readRegister(parsePage(fixtureHtml(name, FIXTURES_GIBBON_V21), url), url);
    expect(result.ok && result.reading.pupils.map((p) => p.key)).toEqual(['gibbon:0000001617']);
  });

  it('should count "Absent" with reason "Family" as N that needs a mapping, and say so', () => {
    const [name, url] = GIBBON_V21[1]!;
    const result = readRegister(parsePage(fixtureHtml(name, FIXTURES_GIBBON_V21), url), url);
    const family = result.ok
      ? result.reading.pupils
          .flatMap((p) => p.marks)
          .filter((m) => (m.reason ? `${m.raw}: ${m.reason}` : m.raw) === 'Absent: Family')
      : [];
    expect(family.length).toBeGreaterThan(0);
    for (const m of family) expect(m).toMatchObject({ code: 'N', needsMapping: true });
    expect(result.ok && result.reading.warnings.join(' ')).toContain(
      `"Absent: Family" (${family.length})`,
    );
  });
});

describe('reading the single-page app fixture', () => {
  it('should read the grid after it renders late, then again after the hash changes to 10B', async () => {
    const page = await loadPage(fixtureHtml('aria-grid-spa'), 'https://mis.example/registers');
    try {
      const first = readRegister(page.document, page.document.location.href, { adapters: false });
      expect(first.ok).toBe(true);
      if (first.ok) expectMatches(first.reading, expected('aria-grid-spa'));

      page.window.location.hash = '#group=10B';
      await settle(page.window);
      const second = readRegister(page.document, page.document.location.href, { adapters: false });
      expect(second.ok).toBe(true);
      if (second.ok) expectMatches(second.reading, expected('aria-grid-spa', 'expected-10B.json'));
    } finally {
      await page.close();
    }
  });

  it('should find no register while the app still shows its loading skeleton', () => {
    const result = readRegister(parsePage(fixtureHtml('aria-grid-spa')), 'https://mis.example/');
    expect(result.ok).toBe(false);
  });
});
