import { randomBytes } from 'node:crypto';

/** Randomness as a dependency. Production uses the OS CSPRNG. */
export interface Random {
  bytes(n: number): Buffer;
}

export const cryptoRandom: Random = { bytes: (n) => randomBytes(n) };

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(random: Random, bytes = 32): string {
  return random.bytes(bytes).toString('base64url');
}
