#!/usr/bin/env node
// The register content script runs on every page of every enabled MIS site: this check gzips
// (level 9) the built script and fails when it is over its ceiling. The overlay it has the worker
// inject once the page is read (register-overlay.js) has a ceiling of its own: it is loaded on
// every register page. `scripts/e2e.mjs` runs this after building the store builds. `--why`
// lists what a script is made of (the content script, or `--why overlay`), from the source map of
// a build made with REGISTER_LENS_SOURCEMAP=1 (see docs/ARCHITECTURE.md).
//
//   node scripts/content-size.mjs [--dir .output/chrome-mv3-production] [--why [overlay]]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
/** Issue 14's goal for the content script, gzipped; the check enforces it. */
export const GOAL_BYTES = 40 * KB;
export const CEILING_BYTES = GOAL_BYTES;
/**
 * The injected overlay (badges, bar, mapping notice, with its own Preact and the parts of the
 * reader and engine its badges use): measured 2026-12-07 at 29,894 bytes (30,772 after merging
 * main), plus about 2 KB so it cannot grow unnoticed.
 */
export const OVERLAY_CEILING_BYTES = 32 * KB;

const SCRIPTS = {
  content: {
    file: 'register.js',
    ceiling: CEILING_BYTES,
    goal: GOAL_BYTES,
  },
  overlay: { file: 'register-overlay.js', ceiling: OVERLAY_CEILING_BYTES, goal: null },
};

const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const dir = dirAt >= 0 ? args[dirAt + 1] : '.output/chrome-mv3-production';
const whyAt = args.indexOf('--why');
const explain = whyAt < 0 ? null : args[whyAt + 1] === 'overlay' ? 'overlay' : 'content';

const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
let failed = false;
for (const [name, script] of Object.entries(SCRIPTS)) {
  const file = join(dir, script.file);
  if (!existsSync(file)) {
    console.error(`content-size: ${file} is missing; build first (npx wxt build).`);
    process.exit(1);
  }
  const code = readFileSync(file, 'utf8');
  const bytes = gz(code);
  if (explain === name) why(file, code);
  const goal =
    script.goal === null
      ? ''
      : bytes <= script.goal
        ? `within the ${kb(script.goal)} goal; `
        : `${kb(bytes - script.goal)} over the ${kb(script.goal)} goal; `;
  const label = name === 'content' ? 'content script' : 'injected overlay';
  console.log(
    `${label}: ${code.length} bytes, ${bytes} gzipped (${kb(bytes)}; ${goal}ceiling ${kb(script.ceiling)})`,
  );
  if (bytes > script.ceiling) {
    console.error(
      `content-size: ${script.file} grew past its ceiling of ${script.ceiling} bytes gzipped. ` +
        `Run with --why${name === 'content' ? '' : ` ${name}`} on a REGISTER_LENS_SOURCEMAP=1 ` +
        'build to see what it carries.',
    );
    failed = true;
  }
}
if (failed) process.exit(1);

/** Bytes of the minified script per source module, from the source map beside it. */
function why(file, minified) {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) {
    console.error(`content-size: no ${mapFile}; build with REGISTER_LENS_SOURCEMAP=1 for --why.`);
    process.exit(1);
  }
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lines = minified.split('\n');
  const text = new Map();
  // Source-map v3 mappings: per generated line, segments of base-64 VLQ fields; the second field
  // is the source index (relative to the previous segment's). Each segment's text runs to the
  // next segment's column.
  let source = 0;
  map.mappings.split(';').forEach((line, row) => {
    const code = lines[row] ?? '';
    let column = 0;
    const segments = line ? line.split(',').map(vlq) : [];
    segments.forEach((fields, i) => {
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      const next = segments[i + 1];
      const end = next ? column + next[0] : code.length;
      const name = map.sources[source] ?? '?';
      text.set(name, (text.get(name) ?? '') + code.slice(column, end));
    });
  });
  const group = (name) => {
    const path = name.replace(/^(\.\.\/)+/, '');
    const nm = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    return nm ? `npm:${nm[1]}` : path.split('/').slice(0, 2).join('/');
  };
  const table = (rows, title) => {
    console.log(`\n${title}\n      raw  gz alone  module`);
    for (const [name, t] of rows)
      console.log(`${String(t.length).padStart(9)} ${String(gz(t)).padStart(9)}  ${name}`);
  };
  const grouped = new Map();
  for (const [name, t] of text) grouped.set(group(name), (grouped.get(group(name)) ?? '') + t);
  const biggest = (m, n) => [...m].sort((a, b) => b[1].length - a[1].length).slice(0, n);
  table(biggest(grouped, 20), 'By folder or package:');
  table(
    biggest(new Map([...text].map(([k, v]) => [k.replace(/^(\.\.\/)+/, ''), v])), 25),
    'Biggest modules:',
  );
  console.log('\n("gz alone" compresses each part by itself: parts share less than the whole.)\n');
}

function vlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
