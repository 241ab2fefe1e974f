import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { newId } from '../../../server/src/lib/ids.ts';
import type { Executor } from '../db/sql.ts';
import { newSmsCode } from '../lib/secrets.ts';
import type { Carrier } from '../sms/carrier.ts';
import { FormError } from './form-error.ts';
import * as repo from './repo.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

/** Salted by the challenge id, so equal codes of two challenges do not hash alike. */
function codeHash(challengeId: string, code: string): Buffer {
  return createHash('sha256').update(`${challengeId}:${code}`).digest();
}

function smsText(code: string): string {
  return `Your Sandbox Business Center verification code is ${code}. It expires in 10 minutes. Never share it.`;
}

export interface Challenges {
  /** Creates a challenge; sends the code by SMS unless `sms` is false (TOTP logins). */
  create(ex: Executor, c: Omit<repo.ChallengeRow, 'id' | 'codeHash' | 'expiresAt' | 'attempts' | 'consumedAt'>, sms?: boolean): Promise<string>;
  /** A fresh code for a challenge that has not been used yet. */
  resend(ex: Executor, id: string): Promise<void>;
  /** The live challenge of `purpose`, or a FormError a person can act on. */
  live(ex: Executor, id: string, purpose: repo.ChallengePurpose): Promise<repo.ChallengeRow>;
  /**
   * Checks an SMS code; a wrong one costs an attempt and says how many are left. Call it outside
   * a transaction: the failed attempt must be counted even though the caller's work is abandoned.
   */
  checkCode(ex: Executor, c: repo.ChallengeRow, code: string): Promise<void>;
  /** Marks it used (inside the caller's transaction), refusing a second use. */
  consume(ex: Executor, c: repo.ChallengeRow): Promise<void>;
}

export function createChallenges(deps: { carrier: Carrier; clock: Clock }): Challenges {
  const { carrier, clock } = deps;
  const expiry = (): Date => new Date(clock.now().getTime() + CODE_TTL_MS);
  return {
    async create(ex, c, sms = true) {
      const id = newId();
      const code = newSmsCode();
      await repo.insertChallenge(ex, { ...c, id, codeHash: codeHash(id, code), expiresAt: expiry() });
      if (sms) await carrier.send(c.phone, smsText(code));
      return id;
    },
    async resend(ex, id) {
      const c = await repo.getChallenge(ex, id);
      if (!c || c.consumedAt) throw new FormError(['This code request has ended. Start again.']);
      const code = newSmsCode();
      await repo.refreshChallenge(ex, id, codeHash(id, code), expiry());
      await carrier.send(c.phone, smsText(code));
    },
    async live(ex, id, purpose) {
      const c = await repo.getChallenge(ex, id);
      if (!c || c.purpose !== purpose || c.consumedAt) throw new FormError(['This code request has ended. Start again.']);
      if (c.expiresAt.getTime() <= clock.now().getTime()) throw new FormError(['The code has expired. Ask for a new one.']);
      if (c.attempts >= MAX_CODE_ATTEMPTS) throw new FormError(['Too many wrong codes. Ask for a new one.']);
      return c;
    },
    async checkCode(ex, c, code) {
      const given = codeHash(c.id, code.replace(/\s/g, ''));
      if (timingSafeEqual(given, c.codeHash)) return;
      await repo.recordFailedAttempt(ex, c.id);
      const left = MAX_CODE_ATTEMPTS - c.attempts - 1;
      throw new FormError([left > 0 ? `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` : 'That code is not right, and that was the last try. Ask for a new one.']);
    },
    async consume(ex, c) {
      if ((await repo.consumeChallenge(ex, c.id, clock.now())) === 0) throw new FormError(['This code was already used. Start again.']);
    },
  };
}
