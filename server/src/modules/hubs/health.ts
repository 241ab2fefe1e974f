import type { Executor } from '../../db/client.ts';
import { describeFailure } from '../../jobs/failure-codes.ts';
import type { ActivityService } from '../activity/service.ts';
import { updateHub, type HubRow } from './repo.ts';

export type Health = 'under_validation' | 'healthy' | 'requires_sync' | 'review_configuration' | 'review_service_account';

/** Moves a hub's health and records the change; a no-op when nothing changes. */
export async function setHealth(tx: Executor, activity: Pick<ActivityService, 'record'>, hub: HubRow, health: Health, reason: { code: string; message: string; jobId: string | null } | null, now: Date): Promise<HubRow> {
  const same = hub.health === health && (hub.healthReason?.code ?? null) === (reason?.code ?? null);
  const updated = await updateHub(tx, hub.workspaceId, hub.id, { health, healthReason: reason ? { ...reason, since: now.toISOString() } : null, updatedAt: now });
  if (!same) {
    await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub.health_changed', actor: { kind: 'system', id: null, label: 'Latchkey automation' }, target: { type: 'hub', id: hub.id, label: hub.label }, data: { from: hub.health, to: health, code: reason?.code ?? null } });
  }
  return updated;
}

/** The health a failure code puts the hub in, if any (spec §4.1, §8). */
export function healthFor(code: string): Health | null {
  return describeFailure(code).health;
}
