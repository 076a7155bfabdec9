import { readFileSync } from 'node:fs';
import { isValidIsoDate } from '../utils/attendance/calendar';
import { buildReportEntries } from '../utils/attendance/report';
import { parseMarksCsv } from '../utils/transfer/marks-csv';

/**
 * `npm run -s analyse -- <marks.csv> [--as-of YYYY-MM-DD]`: CONTRACTS.md §2. JSON on stdout;
 * on bad input one line on stderr, nothing on stdout, and a non-zero exit.
 */

class UsageError extends Error {}

interface Args {
  file: string;
  asOf?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let file: string | undefined;
  let asOf: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const value = arg === '--as-of' ? argv[++i] : arg.slice('--as-of='.length);
      if (value === undefined) throw new UsageError('--as-of needs a date as YYYY-MM-DD');
      if (!isValidIsoDate(value)) {
        throw new UsageError(`--as-of "${value}" is not a real date as YYYY-MM-DD`);
      }
      asOf = value;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`one marks file only (also given: ${arg})`);
    }
  }
  if (file === undefined) {
    throw new UsageError('usage: npm run -s analyse -- <marks.csv> [--as-of YYYY-MM-DD]');
  }
  return asOf === undefined ? { file } : { file, asOf };
}

function main(): number {
  let args: Args;
  let text: string;
  try {
    args = parseArgs(process.argv.slice(2));
    try {
      text = readFileSync(args.file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`analyse: ${e.message}\n`);
    return 2;
  }

  const parsed = parseMarksCsv(text);
  const error = parsed.errors[0];
  if (error) {
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    process.stderr.write(`analyse: ${args.file}: line ${error.line}: ${error.message}${more}\n`);
    return 1;
  }

  const { asOf, entries } = buildReportEntries(parsed, args.asOf ? { asOf: args.asOf } : {});
  // Each entry carries the engine's analysis and the pupil's marks, so further per-pupil output
  // (the support steps of `--steps`) is appended here from `entry.analysis` without recomputing.
  const pupils = entries.map((entry) => entry.json);
  process.stdout.write(`${JSON.stringify({ asOf, pupils }, null, 2)}\n`);
  return 0;
}

process.exitCode = main();
