import type { AssetGrant } from '../../connectors/types.ts';
import { JobError, type JobHandler, toJobError } from '../../jobs/types.ts';
import { pendingAssetGrants, type DesiredAssetGrant, type KnownAssets, type ObservedAssetAccess } from './asset-grants.ts';
import { automationActor, isFinalAttempt, type HubJobsDeps, type JobSupport } from './job-support.ts';
import { findHubMember, updateHubMember } from './repo.ts';

/** The asset access Latchkey wants for a person, in the app's ids, and what of it the app lacks. */
export async function assetGap(support: JobSupport, hub: Parameters<JobSupport['appAssets']>[0], hm: { desired: unknown; observed: unknown }, known?: KnownAssets): Promise<{ wanted: AssetGrant[]; pending: AssetGrant[] }> {
  const wanted = await support.appAssets(hub, (hm.desired as { assetGrants?: DesiredAssetGrant[] }).assetGrants ?? [], known);
  const observed = (hm.observed as { assets?: ObservedAssetAccess[] }).assets ?? [];
  return { wanted, pending: pendingAssetGrants(wanted, observed) };
}

/**
 * `assign_assets`: grants a joined person the asset access chosen at share time that the app does
 * not show yet (spec §5.11 step 3, §5.12 step 5, §5.13 step 4). What the app now shows is recorded,
 * so the card's "Setting up access to <n> assets…" ends and the next sync agrees.
 */
export function createAssignAssetsJob(deps: HubJobsDeps, support: JobSupport): JobHandler {
  const { database, catalog, clock, activity } = deps;
  return async ({ job, signal }) => {
    const hub = await support.loadHub(database.db, job);
    const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
    if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
    // Not joined yet: nothing can be granted; the sync that sees the acceptance enqueues this again.
    if (!hm.externalUserId) return { assigned: 0, waitingFor: 'acceptance' };
    const { pending } = await assetGap(support, hub, hm);
    if (pending.length === 0) return { assigned: 0 };
    const connector = catalog.connector(hub.appKey);
    try {
      await connector.assignAssets(await support.contextFor(hub, job, signal), hm.externalUserId, pending);
    } catch (e) {
      const err = toJobError(e);
      if (isFinalAttempt(err, job)) await support.noteFailure(hub, job, err);
      throw err;
    }
    await database.tx(async (tx) => {
      const now = clock.now();
      const fresh = (await findHubMember(tx, hub.workspaceId, hub.id, hm.id, true))!;
      const observed = fresh.observed as { assets?: ObservedAssetAccess[] };
      const granted = new Set(pending.map((a) => `${a.type}:${a.externalId}`));
      const assets = [...(observed.assets ?? []).filter((a) => !granted.has(`${a.type}:${a.externalId}`)), ...pending];
      await updateHubMember(tx, hm.id, { observed: { ...observed, assets, observedAt: now.toISOString() }, updatedAt: now });
      await activity.record(tx, {
        workspaceId: hub.workspaceId, type: 'hub_member.assets_assigned', actor: automationActor, target: { type: 'hub_member', id: hm.id, label: hm.externalEmail },
        data: { hubId: hub.id, jobId: job.id, trigger: job.trigger, assets: pending.map((a) => ({ externalId: a.externalId, type: a.type, access: a.access, permissions: a.permissions })) },
      });
    });
    return { assigned: pending.length };
  };
}
