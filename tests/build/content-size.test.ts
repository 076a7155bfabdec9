// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The e2e run checks the real build with this script (scripts/e2e.mjs); here it is given builds
// of a known size, so the check is seen to fail as well as pass.
const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

// Base64 of random bytes gzips back to about the bytes' own length.
const textOf = (kb: number) => `var s="${randomBytes(Math.round(kb * 1024)).toString('base64')}";`;

/**
 * A build folder whose content script and injected overlay gzip to about `kb` and `overlayKb`
 * kilobytes (random text barely shrinks).
 */
function buildOf(kb: number, overlayKb = 20): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-size-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'register.js'), textOf(kb));
  writeFileSync(join(dir, 'register-overlay.js'), textOf(overlayKb));
  return dir;
}

const check = (dir: string) =>
  spawnSync('node', ['scripts/content-size.mjs', '--dir', dir], { cwd: ROOT, encoding: 'utf8' });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the content script size check', () => {
  it('should pass a content script within its goal and say so', () => {
    const result = check(buildOf(30));

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/gzipped .*within the 40\.0 KB goal/);
  });

  it.each([41, 70])('should fail a content script of %s KB, past the 40 KB goal', (kb) => {
    const result = check(buildOf(kb));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/register\.js grew past its ceiling of 40960 bytes/);
  });

  it('should fail an injected overlay grown past its own ceiling', () => {
    const result = check(buildOf(30, 40));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/register-overlay\.js grew past its ceiling/);
  });

  it('should fail when there is no build to measure', () => {
    const result = check(join(tmpdir(), 'no-such-build'));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing; build first/);
  });
});
