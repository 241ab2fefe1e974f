import { and, asc, desc, eq, gte, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, grants, inboxMessages } from '../../db/schema/index.ts';
import { subjectsOf } from '../vault/repo.ts';

export type InboxMessageRow = typeof inboxMessages.$inferSelect;

/** Stores a message unless the provider already delivered it (retry or replay); then undefined. */
export async function insertMessage(ex: Executor, row: typeof inboxMessages.$inferInsert): Promise<InboxMessageRow | undefined> {
  return (await ex.insert(inboxMessages).values(row).onConflictDoNothing({ target: [inboxMessages.provider, inboxMessages.providerMessageId] }).returning())[0];
}

/** Wakes every API node's open streams of the workspace; delivered when the transaction commits. */
export async function notifyInbox(ex: Executor, workspaceId: string): Promise<void> {
  await ex.execute(sql`select pg_notify('latchkey_inbox', ${workspaceId})`);
}

/**
 * Accounts the member holds a role on right now (Owner or Collaborator, directly or through a team),
 * not deleted: the only accounts whose messages they may read (invariant 26).
 */
function visibleTo(workspaceId: string, memberId: string): SQL {
  const withRole = sql`(select ${grants.objectId} from ${grants} where ${and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'account'), subjectsOf(memberId))})`;
  const live = sql`(select ${accounts.id} from ${accounts} where ${and(eq(accounts.workspaceId, workspaceId), isNull(accounts.deletedAt))})`;
  return and(eq(inboxMessages.workspaceId, workspaceId), inArray(inboxMessages.accountId, withRole), inArray(inboxMessages.accountId, live))!;
}

export async function canSeeAccount(ex: Executor, workspaceId: string, memberId: string, accountId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(grants, and(eq(grants.objectType, 'account'), eq(grants.objectId, accounts.id)))
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId), isNull(accounts.deletedAt), subjectsOf(memberId)))
    .limit(1);
  return rows.length > 0;
}

/** Newest first, by (receivedAt, id). */
export async function listVisible(ex: Executor, workspaceId: string, memberId: string, accountId: string | undefined, limit: number, before: { receivedAt: Date; id: string } | null): Promise<InboxMessageRow[]> {
  const conds: (SQL | undefined)[] = [visibleTo(workspaceId, memberId)];
  if (accountId) conds.push(eq(inboxMessages.accountId, accountId));
  if (before) conds.push(or(lt(inboxMessages.receivedAt, before.receivedAt), and(eq(inboxMessages.receivedAt, before.receivedAt), lt(inboxMessages.id, before.id))));
  return ex.select().from(inboxMessages).where(and(...conds)).orderBy(desc(inboxMessages.receivedAt), desc(inboxMessages.id)).limit(limit);
}

/** The database's clock, which stamps `created_at`; streams compare against it, not the app's clock. */
export async function dbNow(ex: Executor): Promise<Date> {
  const r = await ex.execute<{ now: Date | string }>(sql`select now() as now`);
  return new Date(r.rows[0]!.now);
}

/**
 * Messages the member may see that were stored at or after `since`, oldest first, minus ids already
 * sent. A short look-back before `since` covers transactions that committed out of order.
 */
export async function storedSince(ex: Executor, workspaceId: string, memberId: string, accountId: string | undefined, since: Date, exclude: readonly string[], limit: number): Promise<InboxMessageRow[]> {
  const conds: (SQL | undefined)[] = [visibleTo(workspaceId, memberId), gte(inboxMessages.createdAt, since)];
  if (accountId) conds.push(eq(inboxMessages.accountId, accountId));
  if (exclude.length) conds.push(notInArray(inboxMessages.id, [...exclude]));
  return ex.select().from(inboxMessages).where(and(...conds)).orderBy(asc(inboxMessages.createdAt), asc(inboxMessages.id)).limit(limit);
}

/** Retention: deletes messages received before `cutoff`, in every workspace. */
export async function deleteReceivedBefore(ex: Executor, cutoff: Date): Promise<number> {
  const r = await ex.delete(inboxMessages).where(lt(inboxMessages.receivedAt, cutoff));
  return r.rowCount ?? 0;
}
