import { createHash, randomBytes } from 'node:crypto';
import type { Random } from '../random.ts';

/** Test helpers: `Random` sources that make generator tests deterministic or fast. Not for production use. */

/** Replays the given bytes, a chunk at a time, and fails loudly when they run out. */
export function scriptedRandom(script: readonly number[]): Random & { remaining(): number } {
  let i = 0;
  return {
    bytes(n: number): Buffer {
      if (i >= script.length) throw new Error('scriptedRandom: script exhausted');
      const out = Buffer.from(script.slice(i, i + n));
      i += out.length;
      return out;
    },
    remaining: () => script.length - i,
  };
}

/** SHA-256 in counter mode: uniform-looking bytes that are identical on every run, so statistics tests never flake. */
export function seededRandom(seed: string): Random {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return {
    bytes(n: number): Buffer {
      while (pool.length < n) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        pool = Buffer.concat([pool, block]);
      }
      const out = pool.subarray(0, n);
      pool = pool.subarray(n);
      return Buffer.from(out);
    },
  };
}

/** OS randomness fetched 64 KiB at a time: keeps bulk tests fast without giving up real entropy. */
export function pooledRandom(): Random {
  let pool = Buffer.alloc(0);
  return {
    bytes(n: number): Buffer {
      if (pool.length < n) pool = randomBytes(Math.max(65_536, n));
      const out = pool.subarray(0, n);
      pool = pool.subarray(n);
      return out;
    },
  };
}
