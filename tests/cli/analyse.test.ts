import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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

describe('npm run analyse', () => {
  it('should print the contract JSON for the sample as of a date, with steps', async () => {
    const want = JSON.parse(
      readFileSync(
        join(ROOT, '../shared/fixtures/marks/autumn-2025.asof-2025-10-17.expected.json'),
        'utf8',
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'analyse-'));
    const context = join(dir, 'context.csv');
    writeFileSync(context, 'pupil_id,tag\nS16332,fsm\n');

    const { code, stdout } = await analyse(
      SAMPLE,
      '--as-of',
      '2025-10-17',
      '--steps',
      '--context',
      context,
    );
    const got = JSON.parse(stdout);

    expect(code).toBe(0);
    expect(got.asOf).toBe('2025-10-17');
    expect(
      got.pupils.map(({ flags: _f, steps: _s, ...rest }: Record<string, unknown>) => rest),
    ).toEqual(want.pupils);
    for (const p of got.pupils) {
      expect(Array.isArray(p.flags)).toBe(true);
      expect(p.steps.map((s: { id: string }) => s.id)).not.toContain('consider-penalty-framework');
    }
  }, 60_000);

  it('should fail on a broken file with one line naming the line number and print nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyse-'));
    const file = join(dir, 'broken.csv');
    writeFileSync(file, 'pupil_id,date,session,mark\nA,2025-09-04,AM,/\nA,2025-09-31,PM,/\n');

    const { code, stdout, stderr } = await analyse(file);

    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    // This machine's npm prints config warnings into any child's stderr; they are not ours.
    const ours = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('line 3');
  }, 60_000);
});
