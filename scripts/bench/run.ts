import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarise, type BenchSuite, type CaseSummary } from './harness';

// `npm run bench [-- suiteId ...]`: runs every suite in cases/ (or the named ones), prints a
// table and writes bench-results.json at the project root (CONTRACTS.md §4).
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const casesDir = join(import.meta.dirname, 'cases');
const files = readdirSync(casesDir)
  .filter((file) => file.endsWith('.ts'))
  .sort();

const summaries: CaseSummary[] = [];
for (const file of files) {
  const suite = (await import(pathToFileURL(join(casesDir, file)).href)).default as BenchSuite;
  if (wanted.length && !wanted.includes(suite.id)) continue;
  process.stderr.write(`bench: ${suite.id} …\n`);
  for (const result of await suite.run()) summaries.push(summarise(result));
}

const fmt = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));
const rows = summaries.map((s) => [
  s.name,
  fmt(s.medianMs),
  `${fmt(s.minMs)}–${fmt(s.maxMs)}`,
  String(s.runs),
  s.baseline ?? '(none)',
  fmt(s.baselineMedianMs),
  s.baselineMedianMs ? `${(s.medianMs / s.baselineMedianMs).toFixed(2)}×` : '',
  s.extra
    ? Object.entries(s.extra)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '',
]);
const header = [
  'case',
  'median ms',
  'range ms',
  'runs',
  'baseline',
  'baseline ms',
  'ratio',
  'extra',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

// Running some suites keeps the other suites' last results, so one file always holds every case.
const resultsPath = join(import.meta.dirname, '../../bench-results.json');
let kept: CaseSummary[] = [];
if (wanted.length && existsSync(resultsPath)) {
  const fresh = new Set(summaries.map((s) => s.name));
  const previous = JSON.parse(readFileSync(resultsPath, 'utf8')) as { cases?: CaseSummary[] };
  kept = (previous.cases ?? []).filter((c) => !fresh.has(c.name));
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
writeFileSync(
  resultsPath,
  JSON.stringify(
    {
      machine: `${cpu}, ${cpus().length} cores, node ${process.version}`,
      when: new Date().toISOString(),
      cases: [...kept, ...summaries],
    },
    null,
    2,
  ) + '\n',
);
console.log(
  `\nWrote bench-results.json (${summaries.length} cases run, ${kept.length} kept from the last run).`,
);
