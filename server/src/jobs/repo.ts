import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import type { JobRow, NewJob } from './types.ts';

/**
 * Inserts a job in the caller's transaction (the outbox rule: the change and its jobs commit together).
 * Returns the id of the job for this idempotency key, new or existing.
 *
 * @example await enqueueJob(tx, { workspaceId, task: 'send_email', trigger: 'web_app', actor, payload: { messageId } });
 */
export async function enqueueJob(ex: Executor, job: NewJob, now: Date): Promise<string> {
  return (await enqueueJobReporting(ex, job, now)).id;
}

/**
 * `enqueueJob`, saying whether this call wrote the job. When two transactions race for one key, the
 * second insert waits for the first to commit and then writes nothing, so exactly one sees `inserted`.
 */
export async function enqueueJobReporting(ex: Executor, job: NewJob, now: Date): Promise<{ id: string; inserted: boolean }> {
  const id = newId(now.getTime());
  const inserted = await ex
    .insert(jobs)
    .values({
      id,
      workspaceId: job.workspaceId,
      parentId: job.parentId ?? null,
      rootId: job.rootId ?? job.parentId ?? id,
      task: job.task,
      status: 'queued',
      trigger: job.trigger,
      actorKind: job.actor.kind,
      actorId: job.actor.id,
      target: job.target ?? {},
      payload: job.payload ?? {},
      idempotencyKey: job.idempotencyKey ?? null,
      maxAttempts: job.maxAttempts ?? 8,
      runAt: job.runAt ?? now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: jobs.idempotencyKey })
    .returning({ id: jobs.id });
  if (inserted[0]) return { id: inserted[0].id, inserted: true };
  const existing = await ex.select({ id: jobs.id }).from(jobs).where(eq(jobs.idempotencyKey, job.idempotencyKey!));
  return { id: existing[0]!.id, inserted: false };
}

/**
 * Claims up to `limit` due jobs for `workerId` under a lease, in one short transaction that
 * commits before any handler runs (never hold a row lock across a third-party call).
 */
export async function claimJobs(db: Db, workerId: string, limit: number, leaseMs: number, tasks: string[], onClaimed?: (tx: Executor, jobs: JobRow[]) => Promise<void>, also?: SQL): Promise<JobRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.status, ['queued', 'retrying']), lte(jobs.runAt, sql`now()`), inArray(jobs.task, tasks), also))
      .orderBy(jobs.runAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(jobs)
      .set({
        status: 'running',
        attempt: sql`${jobs.attempt} + 1`,
        lockedBy: workerId,
        leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
        startedAt: sql`coalesce(${jobs.startedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(inArray(
        jobs.id,
        due.map((d) => d.id),
      ))
      .returning();
    await onClaimed?.(tx, claimed);
    return claimed;
  });
}

/** Claims due jobs of `task` whose `target[field]` is `value`: the rest of a batch (see `BatchJobHandler`). */
export async function claimBatchSiblings(db: Db, workerId: string, limit: number, leaseMs: number, task: string, field: string, value: string, onClaimed?: (tx: Executor, jobs: JobRow[]) => Promise<void>): Promise<JobRow[]> {
  if (limit <= 0) return [];
  return claimJobs(db, workerId, limit, leaseMs, [task], onClaimed, sql`${jobs.target} ->> ${field} = ${value}`);
}

/**
 * A parent job only rolls up its children (spec §4.4): running while any child runs or waits to
 * retry; started when some finished and others are still queued; then completed, or not
 * completed when any child failed.
 *
 * The parent row is locked before the children are counted: two children finishing at once in
 * two transactions would otherwise each count the other as still running, and the later write
 * would leave the parent `running` for ever.
 */
export async function rollUpParent(ex: Executor, parentId: string | null): Promise<void> {
  if (!parentId) return;
  await ex.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, parentId)).for('update');
  const rows = await ex.select({ status: jobs.status, n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.parentId, parentId)).groupBy(jobs.status);
  const count = (s: string): number => rows.find((r) => r.status === s)?.n ?? 0;
  const total = rows.reduce((a, r) => a + r.n, 0);
  const terminal = count('completed') + count('not_completed') + count('cancelled');
  let status: string;
  if (count('running') + count('retrying') > 0) status = 'running';
  else if (terminal === total) status = count('not_completed') > 0 ? 'not_completed' : count('completed') > 0 ? 'completed' : 'cancelled';
  else status = terminal > 0 ? 'started' : 'queued';
  const finished = terminal === total;
  await ex
    .update(jobs)
    .set({ status, updatedAt: sql`now()`, finishedAt: finished ? sql`coalesce(${jobs.finishedAt}, now())` : null, startedAt: status !== 'queued' ? sql`coalesce(${jobs.startedAt}, now())` : jobs.startedAt })
    .where(eq(jobs.id, parentId));
}

/** Puts running jobs whose lease ran out (a crashed or frozen worker) back in the queue. */
export async function reclaimExpiredLeases(db: Db): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ status: 'retrying', lockedBy: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(jobs.status, 'running'), lte(jobs.leaseUntil, sql`now()`)))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Finishes a job only if this worker still holds it, so a reclaimed job is never double-finished. */
export async function finishJob(
  ex: Executor,
  id: string,
  workerId: string,
  patch: Partial<Pick<JobRow, 'status' | 'result' | 'error' | 'runAt' | 'canRetry' | 'finishedAt'>>,
): Promise<boolean> {
  const rows = await ex
    .update(jobs)
    .set({ ...patch, lockedBy: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

export async function extendLease(db: Db, id: string, workerId: string, leaseMs: number): Promise<void> {
  await db
    .update(jobs)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')));
}
