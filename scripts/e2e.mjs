#!/usr/bin/env node
// `npm run test:e2e`: builds the demo extension once, then runs the Chromium end-to-end tests.
// A missing Chromium is a failure with instructions, never a silent skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `e2e: Chromium was not found at ${chromium}.\n` +
      'Install it with "sudo apt-get install chromium" (Debian/Ubuntu), or set CHROME_PATH.',
  );
  process.exit(1);
}
execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], { stdio: 'inherit' });
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, REGISTER_LENS_SKIP_BUILD: '1' } },
);
process.exit(result.status ?? 1);
