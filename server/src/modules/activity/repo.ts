import { and, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { insertMany } from '../../db/bulk.ts';
import type { Executor } from '../../db/client.ts';
import { activityEvents, activityHeads } from '../../db/schema/index.ts';
import { genesisHash } from './chain.ts';

export type ActivityRow = typeof activityEvents.$inferSelect;

export interface ActivityFilters {
  type?: string | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  /** Restricts to events the member caused or that target them (non-admin view). */
  involving?: string | undefined;
}

/** Locks the workspace's chain head; appends are serialised per workspace so `seq` is gap-free. */
export async function lockHead(ex: Executor, workspaceId: string): Promise<{ lastSeq: number; lastHash: string }> {
  await ex.insert(activityHeads).values({ workspaceId, lastSeq: 0, lastHash: genesisHash }).onConflictDoNothing();
  const rows = await ex.select().from(activityHeads).where(eq(activityHeads.workspaceId, workspaceId)).for('update');
  const head = rows[0];
  if (!head) throw new Error('activity head missing after upsert');
  return head;
}

export async function insertEvent(ex: Executor, row: ActivityRow): Promise<void> {
  await ex.insert(activityEvents).values(row);
  await ex
    .update(activityHeads)
    .set({ lastSeq: row.seq, lastHash: row.hash })
    .where(eq(activityHeads.workspaceId, row.workspaceId));
}

/**
 * Appends a run of already-chained events (consecutive `seq`s of one workspace) with multi-row
 * inserts, then moves the head to the last one. The caller holds the head lock.
 */
export async function insertEvents(ex: Executor, rows: ActivityRow[]): Promise<void> {
  const last = rows[rows.length - 1];
  if (!last) return;
  await insertMany(ex, activityEvents, rows);
  await ex.update(activityHeads).set({ lastSeq: last.seq, lastHash: last.hash }).where(eq(activityHeads.workspaceId, last.workspaceId));
}

function whereFor(workspaceId: string, f: ActivityFilters): SQL | undefined {
  const conds: (SQL | undefined)[] = [eq(activityEvents.workspaceId, workspaceId)];
  if (f.type) conds.push(eq(activityEvents.type, f.type));
  if (f.actorId) conds.push(eq(activityEvents.actorId, f.actorId));
  if (f.from) conds.push(gte(activityEvents.at, f.from));
  if (f.to) conds.push(lte(activityEvents.at, f.to));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(activityEvents.type, like), ilike(activityEvents.actorLabel, like), ilike(activityEvents.targetLabel, like)));
  }
  if (f.involving) conds.push(or(eq(activityEvents.actorId, f.involving), eq(activityEvents.targetId, f.involving)));
  return and(...conds);
}

/** Newest first, keyset-paginated on seq. */
export async function listEvents(ex: Executor, workspaceId: string, f: ActivityFilters, limit: number, beforeSeq: number | null): Promise<ActivityRow[]> {
  const where = beforeSeq === null ? whereFor(workspaceId, f) : and(whereFor(workspaceId, f), lt(activityEvents.seq, beforeSeq));
  return ex.select().from(activityEvents).where(where).orderBy(desc(activityEvents.seq)).limit(limit);
}

/** Oldest first from `afterSeq`, for chain verification and exports. */
export async function eventsAfter(ex: Executor, workspaceId: string, afterSeq: number, limit: number, f: ActivityFilters = {}): Promise<ActivityRow[]> {
  return ex
    .select()
    .from(activityEvents)
    .where(and(whereFor(workspaceId, f), sql`${activityEvents.seq} > ${afterSeq}`))
    .orderBy(activityEvents.seq)
    .limit(limit);
}
