import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { hubMembers, hubs } from '../../db/schema/index.ts';
import { enqueueJobReporting } from '../../jobs/repo.ts';

/** How often pending invites are checked (spec §10.7: API connectors every 15 minutes, batched per hub). */
export const inviteWatchMinutes = 15;

/**
 * The invite watch: one `check_invite` per working hub that has people waiting on an app invite, per
 * 15-minute slot. The check reads the app, settles acceptances, marks lapsed invites expired and
 * re-invites them while automatic re-invites remain. The key per hub and slot lets any number of
 * nodes run this without checking twice.
 */
export async function runInviteWatch(deps: { database: Database }, now: Date): Promise<{ enqueued: number }> {
  const slot = Math.floor(now.getTime() / (inviteWatchMinutes * 60_000));
  const waiting = await deps.database.db
    .selectDistinct({ id: hubs.id, workspaceId: hubs.workspaceId })
    .from(hubs)
    .innerJoin(hubMembers, eq(hubMembers.hubId, hubs.id))
    // Only people still waiting on a live invite; hubs whose credentials or configuration need a person are left until fixed.
    .where(and(eq(hubMembers.state, 'pending_invite_claim'), inArray(hubs.health, ['healthy', 'requires_sync'])));
  let enqueued = 0;
  for (const h of waiting) {
    await deps.database.tx(async (tx) => {
      const key = `check_invite:watch:${h.id}:${slot}`;
      const { inserted } = await enqueueJobReporting(tx, { workspaceId: h.workspaceId, task: 'check_invite', trigger: 'invite_watch', actor: { kind: 'system', id: null }, target: { hubId: h.id }, idempotencyKey: key }, now);
      if (inserted) enqueued++;
    });
  }
  return { enqueued };
}
