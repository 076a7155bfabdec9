import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { assertChromium } from '../../scripts/lib/browser';

// Fails loudly (never skips) when Chromium is missing, and builds the demo extension once for
// every e2e file unless the caller already built it (scripts/e2e.mjs does).
export default function setup(): void {
  assertChromium();
  if (process.env.REGISTER_LENS_SKIP_BUILD !== '1') {
    execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: 'inherit',
    });
  }
}
