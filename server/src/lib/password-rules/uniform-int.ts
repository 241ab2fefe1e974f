import type { Random } from '../random.ts';

/** Bytes drawn from a `Random` in chunks: one CSPRNG call per password instead of one per character. */
export interface ByteSource {
  next(): number;
}

/**
 * @example const src = createByteSource(cryptoRandom, 64); uniformInt(src, 10)
 */
export function createByteSource(random: Random, chunkSize = 64): ByteSource {
  let buf: Buffer = Buffer.alloc(0);
  let i = 0;
  return {
    next(): number {
      if (i >= buf.length) {
        buf = random.bytes(chunkSize);
        i = 0;
        if (buf.length === 0) throw new Error('Random source returned no bytes');
      }
      return buf[i++] ?? 0;
    },
  };
}

/** A healthy CSPRNG rejects at most half its draws; a long streak means a broken source, not bad luck. */
const MAX_REJECTIONS = 1_000;

/**
 * A uniform integer in [0, n) by rejection sampling: values at or above the largest multiple of n that fits are
 * thrown away, so `% n` introduces no modulo bias. One byte per draw for n ≤ 256, four bytes otherwise.
 *
 * @example uniformInt(src, 3) // skips bytes ≥ 255, returns byte % 3
 */
export function uniformInt(src: ByteSource, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`uniformInt: n must be in [1, 2^32], got ${n}`);
  if (n === 1) return 0;
  const space = n <= 256 ? 256 : 2 ** 32;
  const limit = space - (space % n);
  for (let tries = 0; tries < MAX_REJECTIONS; tries++) {
    const v = n <= 256 ? src.next() : ((src.next() << 24) | (src.next() << 16) | (src.next() << 8) | src.next()) >>> 0;
    if (v < limit) return v % n;
  }
  throw new Error('Random source keeps returning out-of-range values; refusing to continue');
}
