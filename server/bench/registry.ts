/** One side of a comparison. `fn(i)` performs one operation on input `i` (0 ≤ i < n) and returns its result. */
export interface BenchFn {
  name: string;
  fn: (i: number) => unknown;
}

/**
 * A subject measured against a baseline doing the irreducible part of the same work on the same machine, so the
 * budget is a ratio and holds on fast laptops and slow CI runners alike.
 */
export interface Bench {
  name: string;
  baseline: BenchFn;
  subject: BenchFn;
  /** Operations per measured round. */
  n: number;
  /** The subject must reach at least `minRatio` × the baseline's rate; `why` says where that number comes from. */
  budget: { minRatio: number; why: string };
}

/**
 * One side of an asynchronous comparison (a database, a job worker): `run()` performs `n` operations and
 * is timed; `prepare()` runs untimed before each round (e.g. enqueueing the jobs the round drains).
 */
export interface AsyncBenchSide {
  name: string;
  n: number;
  prepare?: () => Promise<void>;
  run: () => Promise<void>;
}

/**
 * The same ratio-to-baseline comparison for work that awaits I/O. `setup` runs once before the first round
 * (start a database, load fixtures) and `teardown` after the last; rounds alternate subject and baseline.
 */
export interface AsyncBench {
  kind: 'async';
  name: string;
  subject: AsyncBenchSide;
  baseline: AsyncBenchSide;
  rounds: number;
  warmupRounds: number;
  budget: { minRatio: number; why: string };
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
  /** Figures beyond the ratio (absolute times, peak RSS), read after the last round. */
  notes?: () => string[];
}

export type AnyBench = Bench | AsyncBench;

export function isAsyncBench(b: AnyBench): b is AsyncBench {
  return 'kind' in b && b.kind === 'async';
}

/** What a `*.bench.ts` file exports. */
export interface BenchModule {
  benches: AnyBench[];
}

export function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === 'object' && m !== null && 'benches' in m && Array.isArray(m.benches);
}
