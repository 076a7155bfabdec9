import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../utils/attendance/calendar';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, '../shared/fixtures/marks/autumn-2025.csv');

async function analyse(...args: string[]) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/analyse.ts', ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The sample moved back 52 weeks (weekdays kept): the same school's autumn of 2024/25. */
function lastYearOf(csv: string): string {
  const { data } = Papa.parse<string[]>(csv.trim(), { newline: '\n' });
  const at = data[0]!.map((c) => c.trim().toLowerCase()).indexOf('date');
  return Papa.unparse(
    data.map((cells, i) =>
      i === 0 ? cells : cells.map((c, j) => (j === at ? addDays(c, -364) : c)),
    ),
    { newline: '\n' },
  );
}

interface Pupil {
  pupilId: string;
  possible: number;
  absencePct: number | null;
  band: string | null;
  flags: { id: string; reason: string }[];
  priorYear?: {
    academicYear: number;
    possible: number;
    absencePct: number | null;
    band: string | null;
  } | null;
}

describe('npm run analyse -- --prior', () => {
  it('should give from a two-year marks file the same prior-year figures as analyse on last year alone', async () => {
    const sample = readFileSync(SAMPLE, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'analyse-prior-'));
    const lastYear = join(dir, 'last-year.csv');
    const twoYears = join(dir, 'two-years.csv');
    writeFileSync(lastYear, `${lastYearOf(sample)}\n`);
    writeFileSync(
      twoYears,
      `${lastYearOf(sample)}\n${sample.trimEnd().split('\n').slice(1).join('\n')}\n`,
    );

    const [alone, withPrior] = await Promise.all([
      analyse(lastYear),
      analyse(SAMPLE, '--prior', twoYears),
    ]);
    const want = JSON.parse(alone.stdout).pupils as Pupil[];
    const got = JSON.parse(withPrior.stdout).pupils as Pupil[];

    expect(withPrior.code).toBe(0);
    expect(got.length).toBe(want.length);
    const byId = new Map(want.map((p) => [p.pupilId, p]));
    for (const p of got) {
      const w = byId.get(p.pupilId)!;
      expect(p.priorYear, p.pupilId).toEqual({
        academicYear: 2024,
        possible: w.possible,
        absencePct: w.absencePct,
        band: w.band,
      });
      const priorFlags = p.flags.map((f) => f.id).filter((id) => id.startsWith('prior-year'));
      expect(priorFlags, p.pupilId).toEqual(
        w.band === 'severe'
          ? ['prior-year-severe']
          : w.band === 'persistent'
            ? ['prior-year-persistent']
            : [],
      );
    }
    expect(got.some((p) => p.priorYear?.band === 'persistent')).toBe(true);
  }, 60_000);

  it('should keep every other field as analyse gives it from the main file alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyse-prior-'));
    const lastYear = join(dir, 'last-year.csv');
    writeFileSync(lastYear, `${lastYearOf(readFileSync(SAMPLE, 'utf8'))}\n`);

    const [plain, withPrior] = await Promise.all([
      analyse(SAMPLE),
      analyse(SAMPLE, '--prior', lastYear),
    ]);
    const strip = (p: Pupil) => {
      const { flags, priorYear: _py, ...rest } = p;
      return { ...rest, flags: flags.filter((f) => !f.id.startsWith('prior-year')) };
    };

    expect(JSON.parse(withPrior.stdout).pupils.map(strip)).toEqual(
      JSON.parse(plain.stdout).pupils.map(strip),
    );
  }, 60_000);

  it('should read a prior-summary file and give null to pupils it does not name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyse-prior-'));
    const marks = join(dir, 'marks.csv');
    const summary = join(dir, 'summary.csv');
    writeFileSync(marks, 'pupil_id,date,session,mark\nA1,2025-09-04,AM,/\nB2,2025-09-04,AM,/\n');
    writeFileSync(
      summary,
      'pupil_id,academic_year,possible,present,authorised,unauthorised,school\nA1,2024/25,342,294,40,8,Oak Primary\nB2,2023/24,300,100,100,100,\n',
    );

    const { code, stdout } = await analyse(marks, '--prior', summary);
    const [a, b] = JSON.parse(stdout).pupils as Pupil[];

    expect(code).toBe(0);
    expect(a!.priorYear).toEqual({
      academicYear: 2024,
      possible: 342,
      absencePct: 14.04,
      band: 'persistent',
    });
    expect(a!.flags.find((f) => f.id === 'prior-year-persistent')?.reason).toMatch(
      /^Persistently absent last year: 14% of 342 sessions/,
    );
    expect(b!.priorYear).toBeNull();
  }, 60_000);

  it('should fail with the line number when the prior file is broken, printing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyse-prior-'));
    const summary = join(dir, 'summary.csv');
    writeFileSync(
      summary,
      'pupil_id,academic_year,possible,present,authorised,unauthorised\nA1,2024,100,90,5,4\n',
    );

    const { code, stdout, stderr } = await analyse(SAMPLE, '--prior', summary);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `analyse: ${summary}: line 2: present + authorised + unauthorised is 99, not the 100 possible sessions`,
    );
  }, 60_000);
});
