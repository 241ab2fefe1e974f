import { describe, expect, test } from 'vitest';
import { decideFault, effectiveFaults } from './faults.ts';

const off = { latencyMs: 0, rate429: 0, rate503: 0 };

describe('fault injection', () => {
  test('off by default: no draw is even taken', () => {
    expect(decideFault(off, () => { throw new Error('drew'); })).toBe('none');
  });

  test('one draw splits into 429, then 503, then success', () => {
    const f = { latencyMs: 0, rate429: 0.2, rate503: 0.1 };
    expect(decideFault(f, () => 0)).toBe('429');
    expect(decideFault(f, () => 0.199)).toBe('429');
    expect(decideFault(f, () => 0.2)).toBe('503');
    expect(decideFault(f, () => 0.299)).toBe('503');
    expect(decideFault(f, () => 0.31)).toBe('none');
  });

  test('the observed fractions follow the configured rates', () => {
    const f = { latencyMs: 0, rate429: 0.15, rate503: 0.15 };
    let seed = 42;
    // A small LCG keeps the test deterministic while spreading draws over [0, 1).
    const draw = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tally = { none: 0, '429': 0, '503': 0 };
    for (let i = 0; i < 10_000; i++) tally[decideFault(f, draw)]++;
    expect(tally['429'] / 10_000).toBeCloseTo(0.15, 1);
    expect(tally['503'] / 10_000).toBeCloseTo(0.15, 1);
  });

  test('business settings override the environment defaults one by one', () => {
    const defaults = { latencyMs: 25, rate429: 0.1, rate503: 0 };
    expect(effectiveFaults({ faultLatencyMs: null, faultRate429: null, faultRate503: 0.5 }, defaults)).toEqual({ latencyMs: 25, rate429: 0.1, rate503: 0.5 });
    expect(effectiveFaults({ faultLatencyMs: 0, faultRate429: 0, faultRate503: null }, defaults)).toEqual({ latencyMs: 0, rate429: 0, rate503: 0 });
  });
});
