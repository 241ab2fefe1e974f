import type { AsyncBench, AsyncBenchSide, Bench, BenchFn } from './registry.ts';

export interface BenchResult {
  name: string;
  subject: string;
  baseline: string;
  n: number;
  subjectOpsPerSec: number;
  baselineOpsPerSec: number;
  ratio: number;
  minRatio: number;
  why: string;
  pass: boolean;
  /** Extra figures an async bench reports (absolute times, peak RSS). */
  notes?: string[];
}

export interface MeasureOptions {
  warmupRounds: number;
  rounds: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { warmupRounds: 2, rounds: 15 };

/** Results are kept here so the JIT cannot prove the work unused and delete it. */
let sink: unknown;

function round(side: BenchFn, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink = side.fn(i);
  const ns = Number(process.hrtime.bigint() - start);
  return n / (ns / 1e9);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Warm both sides up, then alternate subject and baseline rounds (so drift such as CPU throttling hits both
 * equally). Rates are medians over rounds and the ratio is the median of per-round ratios; medians ignore the
 * odd round hit by GC or a noisy neighbour.
 */
export function measure(bench: Bench, opts: MeasureOptions = DEFAULT_MEASURE): BenchResult {
  for (let w = 0; w < opts.warmupRounds; w++) {
    round(bench.subject, bench.n);
    round(bench.baseline, bench.n);
  }
  const subject: number[] = [];
  const baseline: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const s = round(bench.subject, bench.n);
    const b = round(bench.baseline, bench.n);
    subject.push(s);
    baseline.push(b);
    ratios.push(s / b);
  }
  if (sink === Symbol.for('never')) console.log('');
  const subjectOpsPerSec = median(subject);
  const baselineOpsPerSec = median(baseline);
  // Median of per-round ratios: each pair ran back to back under the same machine load.
  const ratio = median(ratios);
  return {
    name: bench.name,
    subject: bench.subject.name,
    baseline: bench.baseline.name,
    n: bench.n,
    subjectOpsPerSec,
    baselineOpsPerSec,
    ratio,
    minRatio: bench.budget.minRatio,
    why: bench.budget.why,
    pass: ratio >= bench.budget.minRatio,
  };
}

async function roundAsync(side: AsyncBenchSide): Promise<number> {
  await side.prepare?.();
  const start = process.hrtime.bigint();
  await side.run();
  const ns = Number(process.hrtime.bigint() - start);
  return side.n / (ns / 1e9);
}

/** `measure` for async benches: setup, warm-up, alternating rounds, medians, teardown (also on failure). */
export async function measureAsync(bench: AsyncBench): Promise<BenchResult> {
  await bench.setup?.();
  try {
    for (let w = 0; w < bench.warmupRounds; w++) {
      await roundAsync(bench.subject);
      await roundAsync(bench.baseline);
    }
    const subject: number[] = [];
    const baseline: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < bench.rounds; r++) {
      const s = await roundAsync(bench.subject);
      const b = await roundAsync(bench.baseline);
      subject.push(s);
      baseline.push(b);
      ratios.push(s / b);
    }
    const ratio = median(ratios);
    return {
      name: bench.name,
      subject: bench.subject.name,
      baseline: bench.baseline.name,
      n: bench.subject.n,
      subjectOpsPerSec: median(subject),
      baselineOpsPerSec: median(baseline),
      ratio,
      minRatio: bench.budget.minRatio,
      why: bench.budget.why,
      pass: ratio >= bench.budget.minRatio,
      notes: bench.notes?.() ?? [],
    };
  } finally {
    await bench.teardown?.();
  }
}
