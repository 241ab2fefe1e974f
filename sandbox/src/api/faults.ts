import type { BusinessRow } from '../businesses/repo.ts';

export interface FaultSettings {
  latencyMs: number;
  rate429: number;
  rate503: number;
}

export type FaultOutcome = 'none' | '429' | '503';

/** A business's own settings win; unset ones fall back to the process-wide defaults (env). */
export function effectiveFaults(b: Pick<BusinessRow, 'faultLatencyMs' | 'faultRate429' | 'faultRate503'>, defaults: FaultSettings): FaultSettings {
  return {
    latencyMs: b.faultLatencyMs ?? defaults.latencyMs,
    rate429: b.faultRate429 ?? defaults.rate429,
    rate503: b.faultRate503 ?? defaults.rate503,
  };
}

/**
 * One draw decides the request's fate: [0, rate429) → 429, [rate429, rate429 + rate503) → 503.
 * `draw` returns a number in [0, 1); tests pass a fixed one.
 *
 * @example decideFault({ latencyMs: 0, rate429: 0.2, rate503: 0.1 }, () => 0.25) // '503'
 */
export function decideFault(f: FaultSettings, draw: () => number): FaultOutcome {
  if (f.rate429 <= 0 && f.rate503 <= 0) return 'none';
  const x = draw();
  if (x < f.rate429) return '429';
  if (x < f.rate429 + f.rate503) return '503';
  return 'none';
}
