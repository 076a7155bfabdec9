import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { assertFirefox } from '../../scripts/lib/firefox';

// Fails loudly (never skips) when Firefox is missing, and builds the Firefox demo extension unless
// the caller already built it (scripts/firefox.mjs does).
export default function setup(): void {
  assertFirefox();
  if (process.env.REGISTER_LENS_SKIP_BUILD !== '1') {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mode', 'demo'], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: 'inherit',
    });
  }
}
