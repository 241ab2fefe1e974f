import { and, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { loginThrottles, members, sessions } from '../../db/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;
type MemberRow = typeof members.$inferSelect;

export async function insertSession(ex: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await ex.insert(sessions).values(row);
}

/** A live session and its member; expired sessions and disabled members never resolve. */
export async function findLiveSession(ex: Executor, tokenHash: Buffer, now: Date): Promise<{ session: SessionRow; member: MemberRow } | undefined> {
  const rows = await ex
    .select({ session: sessions, member: members })
    .from(sessions)
    .innerJoin(members, and(eq(members.id, sessions.memberId), eq(members.workspaceId, sessions.workspaceId)))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(members.status, 'active')));
  return rows[0];
}

export async function touchSession(ex: Executor, id: string, now: Date, expiresAt: Date): Promise<void> {
  await ex.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
}

export async function deleteMemberSessions(ex: Executor, workspaceId: string, memberId: string): Promise<void> {
  await ex.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.memberId, memberId)));
}

export async function findThrottle(ex: Executor, emailNormalized: string): Promise<typeof loginThrottles.$inferSelect | undefined> {
  const r = await ex.select().from(loginThrottles).where(eq(loginThrottles.emailNormalized, emailNormalized));
  return r[0];
}

/** Counts one more failure atomically (concurrent guesses on several nodes all count). */
export async function recordFailure(ex: Executor, emailNormalized: string, now: Date): Promise<number> {
  const r = await ex
    .insert(loginThrottles)
    .values({ emailNormalized, failures: 1, updatedAt: now })
    .onConflictDoUpdate({ target: loginThrottles.emailNormalized, set: { failures: sql`${loginThrottles.failures} + 1`, updatedAt: now } })
    .returning({ failures: loginThrottles.failures });
  return r[0]!.failures;
}

export async function lockUntil(ex: Executor, emailNormalized: string, until: Date): Promise<void> {
  await ex.update(loginThrottles).set({ lockedUntil: until }).where(eq(loginThrottles.emailNormalized, emailNormalized));
}

export async function clearThrottle(ex: Executor, emailNormalized: string): Promise<void> {
  await ex.delete(loginThrottles).where(eq(loginThrottles.emailNormalized, emailNormalized));
}
