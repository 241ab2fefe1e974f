import { describe, expect, it } from 'vitest';
import { scriptedRandom } from './fake-random.ts';
import { createByteSource, uniformInt } from './uniform-int.ts';

describe('uniformInt', () => {
  it('skips bytes at or above the largest multiple of n (256 - 256 % n) instead of reducing them', () => {
    // n = 3: 255 = 256 - (256 % 3) is the first rejected value; 254 % 3 = 2.
    const random = scriptedRandom([255, 0, 255, 255, 1, 254]);
    const src = createByteSource(random, 1);
    expect([uniformInt(src, 3), uniformInt(src, 3), uniformInt(src, 3)]).toEqual([0, 1, 2]);
    expect(random.remaining()).toBe(0);
  });

  it('rejects the whole biased tail for n = 90 (bytes 180..255)', () => {
    const src = createByteSource(scriptedRandom([180, 200, 255, 179]), 4);
    expect(uniformInt(src, 90)).toBe(179 % 90);
  });

  it('needs no rejection when n divides 256, and no bytes at all for n = 1', () => {
    const random = scriptedRandom([255, 128]);
    const src = createByteSource(random, 1);
    expect(uniformInt(src, 1)).toBe(0);
    expect(random.remaining()).toBe(2);
    expect(uniformInt(src, 256)).toBe(255);
    expect(uniformInt(src, 16)).toBe(0);
  });

  it('uses four bytes per draw above 256', () => {
    const src = createByteSource(scriptedRandom([0, 0, 0x03, 0xe9]), 4);
    expect(uniformInt(src, 1000)).toBe(0x3e9 % 1000);
  });

  it('gives up on a broken source instead of spinning forever', () => {
    const stuck = { bytes: (n: number): Buffer => Buffer.alloc(n, 255) };
    expect(() => uniformInt(createByteSource(stuck), 3)).toThrow(/out-of-range/);
  });

  it('rejects a nonsensical range', () => {
    const src = createByteSource(scriptedRandom([1]));
    expect(() => uniformInt(src, 0)).toThrow(RangeError);
    expect(() => uniformInt(src, 2.5)).toThrow(RangeError);
  });
});
