// @vitest-environment node
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../../scripts/demo/cli';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('should read its options with the documented defaults', () => {
    const options = parseDemoArgs(['--today', '2026-01-21']);

    expect(options).toMatchObject({
      headless: false,
      serveOnly: false,
      port: 5177,
      pupils: 1200,
      seed: 1,
      today: '2026-01-21',
      layout: 'table',
      build: true,
    });
  });

  it.each([
    [['--pupils', 'many']],
    [['--port', '-1']],
    [['--today', '21/01/2026']],
    [['--layout', 'cards']],
  ])('should refuse %j', (args) => {
    expect(() => parseDemoArgs(args)).toThrow();
  });

  it('should print the address on its first line with --serve-only and stop on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo/cli.ts', '--serve-only', '--port', '0', '--pupils', '60'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines = createInterface({ input: child.stdout! });
    const [first] = (await once(lines, 'line')) as [string];

    const res = await fetch(first);
    const html = await res.text();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');

    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(res.status).toBe(200);
    expect(html).toContain('/register/table/7A');
    expect(code).toBe(0);
  }, 30_000);
});
