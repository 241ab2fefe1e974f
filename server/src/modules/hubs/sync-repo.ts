import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { jobs } from '../../db/schema/index.ts';

/**
 * A running or already-due sync of this hub, so "Check for updates" twice does not sync twice.
 * A sync scheduled for later (e.g. after invites) does not count: the person asked for one now.
 */
export async function findActiveSync(ex: Executor, hubId: string): Promise<string | null> {
  const rows = await ex
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.task, 'sync_hub'), inArray(jobs.status, ['queued', 'running', 'retrying']), sql`${jobs.target}->>'hubId' = ${hubId}`, sql`(${jobs.status} = 'running' or ${jobs.runAt} <= now())`))
    .limit(1);
  return rows[0]?.id ?? null;
}
