import { readFileSync } from 'node:fs';
import { isValidIsoDate } from '../utils/attendance/calendar';
import type { ContextTag } from '../utils/attendance/types';
import { buildReportEntries, type ReportPrior } from '../utils/attendance/report';
import type { MarkRecord } from '../utils/attendance/types';
import { stepsFor } from '../utils/support/index';
import { parseContextCsv, parseMarksCsv, type LineMessage } from '../utils/transfer/marks-csv';
import { looksLikePriorSummary, parsePriorSummaryCsv } from '../utils/transfer/prior-csv';

/**
 * `npm run -s analyse -- <marks.csv> [--as-of YYYY-MM-DD] [--steps [--context FILE.csv]]
 * [--prior FILE.csv]`: CONTRACTS.md §2. JSON on stdout;
 * on bad input one line on stderr, nothing on stdout, and a non-zero exit.
 */

class UsageError extends Error {}

interface Args {
  file: string;
  asOf?: string;
  steps: boolean;
  context?: string;
  prior?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let file: string | undefined;
  let asOf: string | undefined;
  let steps = false;
  let context: string | undefined;
  let prior: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const value = arg === '--as-of' ? argv[++i] : arg.slice('--as-of='.length);
      if (value === undefined) throw new UsageError('--as-of needs a date as YYYY-MM-DD');
      if (!isValidIsoDate(value)) {
        throw new UsageError(`--as-of "${value}" is not a real date as YYYY-MM-DD`);
      }
      asOf = value;
    } else if (arg === '--steps') {
      steps = true;
    } else if (arg === '--context' || arg.startsWith('--context=')) {
      const value = arg === '--context' ? argv[++i] : arg.slice('--context='.length);
      if (!value) throw new UsageError('--context needs a CSV file of pupil_id,tag');
      context = value;
    } else if (arg === '--prior' || arg.startsWith('--prior=')) {
      const value = arg === '--prior' ? argv[++i] : arg.slice('--prior='.length);
      if (!value) throw new UsageError('--prior needs a marks CSV or a prior-summary CSV');
      prior = value;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`one marks file only (also given: ${arg})`);
    }
  }
  if (file === undefined) {
    throw new UsageError(
      'usage: npm run -s analyse -- <marks.csv> [--as-of YYYY-MM-DD] [--steps [--context FILE.csv]] [--prior FILE.csv]',
    );
  }
  if (context !== undefined && !steps) throw new UsageError('--context goes with --steps');
  return {
    file,
    steps,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(prior !== undefined ? { prior } : {}),
  };
}

/**
 * The previous year from `--prior`: a prior-summary CSV when its header names `academic_year`
 * and `possible`, else a marks CSV. Parsed by the same parsers as the extension's import.
 */
function readPrior(text: string): { prior: ReportPrior } | { errors: LineMessage[] } {
  if (looksLikePriorSummary(text)) {
    const parsed = parsePriorSummaryCsv(text);
    if (parsed.errors.length > 0) return { errors: parsed.errors };
    const byPupil = new Map<string, typeof parsed.rows>();
    for (const row of parsed.rows)
      byPupil.set(row.pupilId, [...(byPupil.get(row.pupilId) ?? []), row]);
    return { prior: { kind: 'summaries', byPupil } };
  }
  const parsed = parseMarksCsv(text);
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const byPupil = new Map<string, MarkRecord[]>();
  for (const row of parsed.rows) {
    let list = byPupil.get(row.pupilId);
    if (!list) byPupil.set(row.pupilId, (list = []));
    list.push({ pupilId: row.pupilId, date: row.date, session: row.session, mark: row.mark });
  }
  return { prior: { kind: 'marks', byPupil } };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}

function main(): number {
  let args: Args;
  let text: string;
  let contextText: string | undefined;
  let priorText: string | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
    text = read(args.file);
    if (args.context) contextText = read(args.context);
    if (args.prior) priorText = read(args.prior);
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

  let tags = new Map<string, ContextTag[]>();
  if (contextText !== undefined) {
    const ctx = parseContextCsv(contextText);
    const bad = ctx.errors[0];
    if (bad) {
      process.stderr.write(`analyse: ${args.context}: line ${bad.line}: ${bad.message}\n`);
      return 1;
    }
    tags = ctx.tags;
  }

  let prior: ReportPrior | undefined;
  if (priorText !== undefined) {
    const read = readPrior(priorText);
    if ('errors' in read) {
      const more = read.errors.length > 1 ? ` (and ${read.errors.length - 1} more)` : '';
      const first = read.errors[0]!;
      process.stderr.write(`analyse: ${args.prior}: line ${first.line}: ${first.message}${more}\n`);
      return 1;
    }
    prior = read.prior;
  }

  const { asOf, entries } = buildReportEntries(parsed, {
    ...(args.asOf ? { asOf: args.asOf } : {}),
    ...(prior ? { prior } : {}),
  });
  // Steps come from the same support rules as the side panel, fed the engine's analysis.
  const pupils = entries.map(({ json, analysis, marks, pupil }) =>
    args.steps
      ? {
          ...json,
          steps: analysis
            ? stepsFor(
                {
                  pupilId: pupil.pupilId,
                  name: json.name,
                  figures: analysis.figures,
                  flags: analysis.flags,
                  priorYear: analysis.priorYear,
                },
                tags.get(pupil.pupilId) ?? [],
                { marks, ...(asOf ? { asOf } : {}) },
              )
            : [],
        }
      : json,
  );
  process.stdout.write(`${JSON.stringify({ asOf, pupils }, null, 2)}\n`);
  return 0;
}

process.exitCode = main();
