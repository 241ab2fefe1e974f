import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { oauthStates } from '../../db/schema/index.ts';

export type OAuthStateRow = typeof oauthStates.$inferSelect;

export async function insertOAuthState(ex: Executor, row: typeof oauthStates.$inferInsert): Promise<void> {
  await ex.insert(oauthStates).values(row);
}

/** The state row for this hash, locked so two callbacks with one state cannot both use it. */
export async function findOAuthStateForUpdate(ex: Executor, stateHash: string): Promise<OAuthStateRow | undefined> {
  return (await ex.select().from(oauthStates).where(eq(oauthStates.stateHash, stateHash)).for('update'))[0];
}

export async function updateOAuthState(ex: Executor, id: string, patch: Partial<Pick<OAuthStateRow, 'usedAt' | 'hubId'>>): Promise<void> {
  await ex.update(oauthStates).set(patch).where(eq(oauthStates.id, id));
}

/** A member's states of one purpose that expired before `before`: they can never be used again. */
export async function deleteExpiredOAuthStates(ex: Executor, p: { workspaceId: string; memberId: string; purpose: string; before: Date }): Promise<void> {
  await ex.delete(oauthStates).where(and(eq(oauthStates.workspaceId, p.workspaceId), eq(oauthStates.memberId, p.memberId), eq(oauthStates.purpose, p.purpose), lt(oauthStates.expiresAt, p.before)));
}
