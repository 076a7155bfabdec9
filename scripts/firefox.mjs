#!/usr/bin/env node
// `npm run test:firefox`: builds the Firefox demo extension, then runs the Firefox smoke suite in
// Debian's Firefox ESR. A missing Firefox is a failure with instructions, never a silent skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
if (!existsSync(firefox)) {
  console.error(
    `firefox: Firefox was not found at ${firefox}.\n` +
      'Install it with "sudo apt-get install firefox-esr" (Debian/Ubuntu), or set FIREFOX_PATH.',
  );
  process.exit(1);
}
execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mode', 'demo'], { stdio: 'inherit' });
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.firefox.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, REGISTER_LENS_SKIP_BUILD: '1' } },
);
process.exit(result.status ?? 1);
