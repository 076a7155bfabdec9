#!/usr/bin/env node
// `npm test`: everything `npm run check` runs, then the e2e tests in Chromium, then the smoke suite
// in Firefox ESR, then one summary of how many unit, e2e and Firefox tests ran. Exactly what CI
// runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const step = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    summary();
    process.exit(result.status ?? 1);
  }
};

const counts = (file) => {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
};

function summary() {
  const unit = counts('test-results/unit.json');
  const e2e = counts('test-results/e2e.json');
  const firefox = counts('test-results/firefox.json');
  const parts = [];
  if (unit) parts.push(`unit ${unit.passed} passed, ${unit.failed} failed`);
  if (e2e) parts.push(`e2e (Chromium) ${e2e.passed} passed, ${e2e.failed} failed`);
  if (firefox) parts.push(`smoke (Firefox ESR) ${firefox.passed} passed, ${firefox.failed} failed`);
  if (!parts.length) return;
  console.log(`\nTests run: ${parts.join('; ')}`);
  const all = [unit, e2e, firefox].filter(Boolean);
  const sum = (key) => all.reduce((n, c) => n + c[key], 0);
  console.log(`${sum('passed')} passed, ${sum('failed')} failed`);
}

rmSync('test-results/unit.json', { force: true });
rmSync('test-results/e2e.json', { force: true });
rmSync('test-results/firefox.json', { force: true });
step('typecheck', 'npx', ['tsc', '--noEmit']);
step('lint', 'npx', ['eslint', '.']);
step('format check', 'npx', ['prettier', '--check', '.']);
step('unit tests (Vitest, happy-dom)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
step('e2e tests (Chromium, built extension)', 'node', [
  'scripts/e2e.mjs',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/e2e.json',
]);
step('smoke tests (Firefox ESR, built extension)', 'node', [
  'scripts/firefox.mjs',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/firefox.json',
]);
summary();
