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

/** What a `*.bench.ts` file exports. */
export interface BenchModule {
  benches: Bench[];
}

export function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === 'object' && m !== null && 'benches' in m && Array.isArray(m.benches);
}
