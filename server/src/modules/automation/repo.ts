import { and, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { jobs } from '../../db/schema/index.ts';
import type { JobRow } from '../../jobs/types.ts';

export interface JobFilters {
  status?: string | undefined;
  task?: string | undefined;
  hubId?: string | undefined;
  /** Non-admins: jobs they triggered or on hubs they manage. */
  visibleTo?: { memberId: string; hubIds: string[] } | undefined;
}

function whereFor(workspaceId: string, f: JobFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(jobs.workspaceId, workspaceId), sql`${jobs.task} <> 'send_email'`];
  if (f.status) conds.push(eq(jobs.status, f.status));
  if (f.task) conds.push(eq(jobs.task, f.task));
  if (f.hubId) conds.push(sql`${jobs.target}->>'hubId' = ${f.hubId}`);
  if (f.visibleTo) {
    const hubs = f.visibleTo.hubIds.length ? sql`${jobs.target}->>'hubId' in (${sql.join(f.visibleTo.hubIds.map((h) => sql`${h}`), sql`, `)})` : sql`false`;
    conds.push(or(eq(jobs.actorId, f.visibleTo.memberId), hubs));
  }
  return and(...conds)!;
}

export async function listJobs(ex: Executor, workspaceId: string, f: JobFilters, limit: number, before: { createdAt: Date; id: string } | null): Promise<JobRow[]> {
  const page = before ? or(lt(jobs.createdAt, before.createdAt), and(eq(jobs.createdAt, before.createdAt), lt(jobs.id, before.id))) : undefined;
  return ex.select().from(jobs).where(and(whereFor(workspaceId, f), page)).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(limit);
}

export async function findJob(ex: Executor, workspaceId: string, id: string, forUpdate = false): Promise<JobRow | undefined> {
  const q = ex.select().from(jobs).where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id)));
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function childrenOf(ex: Executor, workspaceId: string, parentId: string): Promise<JobRow[]> {
  return ex.select().from(jobs).where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.parentId, parentId))).orderBy(jobs.createdAt);
}

/** Jobs changed after `since`, oldest change first, for the live stream. */
export async function changedSince(ex: Executor, workspaceId: string, f: JobFilters, since: Date, limit: number): Promise<JobRow[]> {
  return ex.select().from(jobs).where(and(whereFor(workspaceId, f), gt(jobs.updatedAt, since))).orderBy(jobs.updatedAt).limit(limit);
}

export async function requeue(ex: Executor, id: string, now: Date): Promise<void> {
  await ex
    .update(jobs)
    .set({ status: 'queued', runAt: now, error: null, canRetry: false, finishedAt: null, maxAttempts: sql`${jobs.attempt} + 8`, updatedAt: now })
    .where(eq(jobs.id, id));
}

export async function cancelJobs(ex: Executor, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await ex.update(jobs).set({ status: 'cancelled', finishedAt: now, updatedAt: now }).where(and(inArray(jobs.id, ids), inArray(jobs.status, ['queued', 'retrying'])));
}
