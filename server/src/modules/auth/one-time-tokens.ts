import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { oneTimeTokens } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, type Random } from '../../lib/random.ts';

export type TokenPurpose = 'invite' | 'password_reset';
export type TokenRow = typeof oneTimeTokens.$inferSelect;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface OneTimeTokens {
  /** Issues a fresh token and voids the member's earlier unused tokens of the same purpose. */
  issue(tx: Executor, p: { workspaceId: string; memberId: string; purpose: TokenPurpose; expiresAt: Date; now: Date }): Promise<string>;
  /** Looks a token up without using it; throws the problem the person should see. */
  inspect(ex: Executor, token: string, purpose: TokenPurpose, now: Date): Promise<TokenRow>;
  /** Marks the token used (row-locked, so two concurrent uses cannot both succeed). */
  consume(tx: Executor, token: string, purpose: TokenPurpose, now: Date): Promise<TokenRow>;
}

export function createOneTimeTokens(random: Random): OneTimeTokens {
  function check(row: TokenRow | undefined, now: Date): TokenRow {
    if (!row) throw new AppError('invalid_token', 'This link is not valid. Check that you copied the whole link, or ask for a new one.');
    if (row.usedAt) throw new AppError('token_used', 'This link was already used. Ask for a new one if you still need it.');
    if (row.expiresAt <= now) throw new AppError('token_expired', 'This link has expired. Ask for a new one.');
    return row;
  }
  return {
    async issue(tx, p) {
      await tx
        .update(oneTimeTokens)
        .set({ usedAt: p.now })
        .where(and(eq(oneTimeTokens.memberId, p.memberId), eq(oneTimeTokens.purpose, p.purpose), isNull(oneTimeTokens.usedAt)));
      const token = randomToken(random, 32);
      await tx.insert(oneTimeTokens).values({ id: newId(), workspaceId: p.workspaceId, memberId: p.memberId, purpose: p.purpose, tokenHash: hashToken(token), expiresAt: p.expiresAt, createdAt: p.now });
      return token;
    },
    async inspect(ex, token, purpose, now) {
      const rows = await ex.select().from(oneTimeTokens).where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose)));
      return check(rows[0], now);
    },
    async consume(tx, token, purpose, now) {
      const rows = await tx.select().from(oneTimeTokens).where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose))).for('update');
      const row = check(rows[0], now);
      await tx.update(oneTimeTokens).set({ usedAt: now }).where(eq(oneTimeTokens.id, row.id));
      return row;
    },
  };
}
