import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it('doubles per attempt within ±20 % jitter', () => {
    expect(retryDelayMs(1, { baseMs: 1000, random: () => 0.5 })).toBe(1000);
    expect(retryDelayMs(3, { baseMs: 1000, random: () => 0 })).toBe(3200);
    expect(retryDelayMs(3, { baseMs: 1000, random: () => 0.999999 })).toBe(4800);
  });
  it('is capped', () => {
    expect(retryDelayMs(40, { baseMs: 1000, capMs: 60_000, random: () => 0.5 })).toBe(60_000);
  });
  it('honours a longer Retry-After', () => {
    expect(retryDelayMs(1, { baseMs: 100, retryAfterMs: 5000, random: () => 0.5 })).toBe(5000);
    expect(retryDelayMs(5, { baseMs: 1000, retryAfterMs: 10, random: () => 0.5 })).toBe(16_000);
  });
});
