import { and, asc, eq, gt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { phoneNumbers } from '../../db/schema/index.ts';

export type PhoneNumberRow = typeof phoneNumbers.$inferSelect;
export type PhoneStatus = 'available' | 'assigned' | 'quarantined' | 'retired';

/** Inserts unless the number is already in a live pool (a concurrent allocation won); then undefined. */
export async function insertNumber(ex: Executor, row: typeof phoneNumbers.$inferInsert): Promise<PhoneNumberRow | undefined> {
  return (await ex.insert(phoneNumbers).values(row).onConflictDoNothing().returning())[0];
}

/** The number currently bound to an account. */
export async function numberOfAccount(ex: Executor, accountId: string): Promise<PhoneNumberRow | undefined> {
  return (await ex.select().from(phoneNumbers).where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.status, 'assigned'))))[0];
}

/**
 * A free number of the pool, locked for the caller's transaction: `available`, or `quarantined`
 * with its quarantine over. Rows another transaction is assigning are skipped, not waited for.
 */
export async function lockFreeNumber(ex: Executor, workspaceId: string, provider: string, now: Date, voipAccepted: boolean): Promise<PhoneNumberRow | undefined> {
  const free = or(eq(phoneNumbers.status, 'available'), and(eq(phoneNumbers.status, 'quarantined'), lte(phoneNumbers.quarantineUntil, now)));
  const conds: (SQL | undefined)[] = [eq(phoneNumbers.workspaceId, workspaceId), eq(phoneNumbers.provider, provider), free];
  if (!voipAccepted) conds.push(eq(phoneNumbers.voip, false));
  const rows = await ex
    .select()
    .from(phoneNumbers)
    .where(and(...conds))
    .orderBy(sql`${phoneNumbers.status} = 'available' desc`, asc(phoneNumbers.quarantineUntil), asc(phoneNumbers.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return rows[0];
}

export async function countFree(ex: Executor, workspaceId: string, provider: string, now: Date, voipAccepted: boolean): Promise<number> {
  const free = or(eq(phoneNumbers.status, 'available'), and(eq(phoneNumbers.status, 'quarantined'), lte(phoneNumbers.quarantineUntil, now)));
  const conds: (SQL | undefined)[] = [eq(phoneNumbers.workspaceId, workspaceId), eq(phoneNumbers.provider, provider), free];
  if (!voipAccepted) conds.push(eq(phoneNumbers.voip, false));
  return (await ex.select({ n: sql<number>`count(*)::int` }).from(phoneNumbers).where(and(...conds)))[0]!.n;
}

export async function updateNumber(ex: Executor, id: string, patch: Partial<typeof phoneNumbers.$inferInsert>): Promise<PhoneNumberRow> {
  return (await ex.update(phoneNumbers).set(patch).where(eq(phoneNumbers.id, id)).returning())[0]!;
}

export async function findNumber(ex: Executor, workspaceId: string, id: string, forUpdate = false): Promise<PhoneNumberRow | undefined> {
  const q = ex.select().from(phoneNumbers).where(and(eq(phoneNumbers.workspaceId, workspaceId), eq(phoneNumbers.id, id)));
  return (forUpdate ? await q.for('update') : await q)[0];
}

/** The live row for an E.164 number, whatever its workspace (inbound SMS arrive before we know it). */
export async function findLiveByE164(ex: Executor, e164: string): Promise<PhoneNumberRow | undefined> {
  return (await ex.select().from(phoneNumbers).where(and(eq(phoneNumbers.e164, e164), sql`${phoneNumbers.status} <> 'retired'`)))[0];
}

export async function listNumbers(ex: Executor, workspaceId: string, status: PhoneStatus | undefined, limit: number, after: { createdAt: Date; id: string } | null): Promise<PhoneNumberRow[]> {
  const conds: (SQL | undefined)[] = [eq(phoneNumbers.workspaceId, workspaceId)];
  if (status) conds.push(eq(phoneNumbers.status, status));
  if (after) conds.push(or(gt(phoneNumbers.createdAt, after.createdAt), and(eq(phoneNumbers.createdAt, after.createdAt), gt(phoneNumbers.id, after.id))));
  return ex.select().from(phoneNumbers).where(and(...conds)).orderBy(asc(phoneNumbers.createdAt), asc(phoneNumbers.id)).limit(limit);
}
