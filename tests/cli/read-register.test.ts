import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../registers/helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/read-register.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );

describe('npm run read-register', () => {
  it('should print the reading with the contract key order', () => {
    const out = run(
      join(FIXTURES, 'week-table-codes/page.html'),
      '--url',
      'https://mis.example/TakeRegister.aspx',
    );
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual([
      'adapter',
      'group',
      'date',
      'session',
      'taken',
      'pupils',
      'warnings',
    ]);
    expect(Object.keys(json.pupils[0].marks[0])).toEqual([
      'date',
      'session',
      'raw',
      'code',
      'editable',
    ]);
    expect([json.adapter, json.group, json.date, json.session]).toEqual([
      'generic',
      '9R',
      '2026-01-21',
      'AM',
    ]);
  }, 60_000);

  it('should exit 2 with adapter null and a message when the page holds no register', () => {
    const out = run(join(FIXTURES, 'gibbon-summary-not-a-register/page.html'));
    expect(out.status).toBe(2);
    expect(JSON.parse(out.stdout).adapter).toBeNull();
    expect(out.stderr).toMatch(/no register/i);
  }, 60_000);

  it('should exit 1 with a one-line message for a missing file', () => {
    const out = run('no-such-page.html');
    expect(out.status).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
