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
// The store builds (Chrome and Firefox zips) are built and linted here too, so the manifest audit
// tests read what would ship.
const run = (args) => execFileSync('npx', args, { stdio: 'inherit' });
run(['wxt', 'zip']);
// The content script every MIS page loads, as it would ship: over its ceiling fails the run.
execFileSync('node', ['scripts/content-size.mjs'], { stdio: 'inherit' });
run(['wxt', 'zip', '-b', 'firefox']);
run(['web-ext', 'lint', '--source-dir', '.output/firefox-mv3-production', '--output', 'text']);
run(['wxt', 'build', '--mode', 'demo']);
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, REGISTER_LENS_SKIP_BUILD: '1' } },
);
process.exit(result.status ?? 1);
