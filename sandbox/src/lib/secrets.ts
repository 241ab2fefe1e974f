import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { randomToken, type Random } from '../../../server/src/lib/random.ts';

/** Tokens (service, invite, session) are stored as SHA-256: a database leak gives no usable token. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A service token; the `sbx_` prefix makes leaked tokens easy to grep for. */
export function newServiceToken(random: Random): string {
  return `sbx_${randomToken(random, 32)}`;
}

export function newOpaqueToken(random: Random): string {
  return randomToken(random, 32);
}

/** A uniformly drawn 6-digit code, as a carrier SMS would carry it. */
export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function sameHash(stored: Buffer, candidate: string): boolean {
  const h = hashToken(candidate);
  return stored.length === h.length && timingSafeEqual(stored, h);
}
