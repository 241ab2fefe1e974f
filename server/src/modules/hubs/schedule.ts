import { and, eq, isNotNull, lt, or, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { hubs } from '../../db/schema/index.ts';
import { enqueueJobReporting } from '../../jobs/repo.ts';
import type { ActivityService } from '../activity/service.ts';
import { setHealth } from './health.ts';

/** The daily sync slot (spec §3.1 `dailySyncAt`, default 03:00). */
const dailyHourUtc = 3;
const staleAfterMs = 36 * 3_600_000;

function slotOf(now: Date): { day: string; start: Date } | null {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), dailyHourUtc));
  return now >= start ? { day: start.toISOString().slice(0, 10), start } : null;
}

/**
 * Enqueues today's sync for every hub with daily sync on that has not synced since today's slot.
 * The key `sync_hub:daily:<hub>:<day>` makes racing nodes collide, so each hub syncs once a day.
 * Also marks hubs with no successful sync for 36 h as needing one (spec §4.1).
 */
export async function runDailySyncs(deps: { database: Database; activity: Pick<ActivityService, 'record'> }, now: Date): Promise<{ enqueued: number; stale: number }> {
  const { database } = deps;
  let enqueued = 0;
  const slot = slotOf(now);
  if (slot) {
    const due = await database.db
      .select({ id: hubs.id, workspaceId: hubs.workspaceId })
      .from(hubs)
      .where(and(eq(hubs.dailySync, true), or(isNull(hubs.lastSyncedAt), lt(hubs.lastSyncedAt, slot.start))));
    for (const h of due) {
      await database.tx(async (tx) => {
        const key = `sync_hub:daily:${h.id}:${slot.day}`;
        // Counted only by the transaction that wrote the job: racing nodes both try, one wins the key.
        const { inserted } = await enqueueJobReporting(tx, { workspaceId: h.workspaceId, task: 'sync_hub', trigger: 'schedule', actor: { kind: 'system', id: null }, target: { hubId: h.id }, idempotencyKey: key }, now);
        if (inserted) enqueued++;
      });
    }
  }
  const stale = await database.db
    .select()
    .from(hubs)
    .where(and(eq(hubs.health, 'healthy'), isNotNull(hubs.lastSyncedAt), lt(hubs.lastSyncedAt, new Date(now.getTime() - staleAfterMs))));
  for (const h of stale) {
    await database.tx((tx) => setHealth(tx, deps.activity, h, 'requires_sync', { code: 'ConnectorUnavailable', message: 'No successful sync in the last 36 hours. Check for updates.', jobId: null }, now));
  }
  return { enqueued, stale: stale.length };
}
