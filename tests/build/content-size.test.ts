// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The e2e run checks the real build with this script (scripts/e2e.mjs); here it is given builds
// of a known size, so the check is seen to fail as well as pass.
const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

/** A build folder whose content script gzips to about `kb` kilobytes (random text barely shrinks). */
function buildOf(kb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-size-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'content-scripts'));
  // Base64 of random bytes gzips back to about the bytes' own length.
  const text = randomBytes(Math.round(kb * 1024)).toString('base64');
  writeFileSync(join(dir, 'content-scripts', 'register.js'), `var s="${text}";`);
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

  it('should fail a content script grown past its ceiling', () => {
    const result = check(buildOf(70));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/grew past its ceiling/);
  });

  it('should fail when there is no build to measure', () => {
    const result = check(join(tmpdir(), 'no-such-build'));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing; build first/);
  });
});
