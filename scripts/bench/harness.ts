import { performance } from 'node:perf_hooks';

/**
 * The one benchmark harness. A suite measures its cases and, for each, a baseline in the same
 * run on the same data, so every figure is read against something measured on this machine now.
 */
export interface CaseResult {
  /** A case name from CONTRACTS.md §4 where one is fixed there. */
  name: string;
  samplesMs: number[];
  /** The name of the baseline this case is read against (omit for none). */
  baseline?: string;
  baselineSamplesMs?: number[];
  /** Extra figures worth printing (rows per second, bytes, ratios). */
  extra?: Record<string, number | string>;
}

export interface BenchSuite {
  /** Short id used to pick suites on the command line: `npm run bench -- engine`. */
  id: string;
  run(): Promise<CaseResult[]>;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured; returns milliseconds. */
export async function time(
  fn: () => unknown,
  { runs = 9, warmup = 2 }: { runs?: number; warmup?: number } = {},
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number) => Math.round(n * 100) / 100;

export interface CaseSummary {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  baseline?: string;
  baselineMedianMs?: number;
  extra?: Record<string, number | string>;
}

export function summarise(result: CaseResult): CaseSummary {
  const { samplesMs } = result;
  const summary: CaseSummary = {
    name: result.name,
    medianMs: round(median(samplesMs)),
    minMs: round(Math.min(...samplesMs)),
    maxMs: round(Math.max(...samplesMs)),
    runs: samplesMs.length,
  };
  if (result.baseline && result.baselineSamplesMs?.length) {
    summary.baseline = result.baseline;
    summary.baselineMedianMs = round(median(result.baselineSamplesMs));
  }
  if (result.extra) summary.extra = result.extra;
  return summary;
}
