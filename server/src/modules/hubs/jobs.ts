import type { Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { JobError, type BatchJobHandler, type JobHandler, type JobRow, toJobError } from '../../jobs/types.ts';
import { newId } from '../../lib/ids.ts';
import type { ActivityInput } from '../activity/service.ts';
import type { DesiredAssetGrant, ObservedAssetAccess } from './asset-grants.ts';
import { assetGap, createAssignAssetsJob } from './asset-jobs.ts';
import { assetsMayPropagate } from './follow-ups.ts';
import { setHealth } from './health.ts';
import { createInviteJob, inviteOf } from './invite-jobs.ts';
import { automationActor, createJobSupport, isFinalAttempt, type HubJobsDeps } from './job-support.ts';
import { reconcile, type Change, type CurrentHubMember } from './reconcile.ts';
import {
  applyObservations, findHub, findHubMember, insertGrantsIfAbsent, insertHubMembers, listAssets, listHubMembers, markAssetsRemoved, markRemovedByApp, matchableMembers, replaceAppRoles, updateHub, updateHubMember, upsertAsset,
  type HubRow, type ObservationUpdate,
} from './repo.ts';
import { settledState, type HubMemberState } from './states.ts';
import { createSyncFollowUps } from './sync-follow-ups.ts';

export type { HubJobsDeps } from './job-support.ts';

type HubTask = 'validate_hub' | 'sync_hub' | 'check_invite' | 'remove_user' | 'update_user' | 'assign_assets';

export function createHubJobs(deps: HubJobsDeps): Record<HubTask, JobHandler> & { add_user: BatchJobHandler } {
  const { database, catalog, activity, clock } = deps;
  const support = createJobSupport(deps);
  const { loadHub, contextFor, stateChangeEvent, stateChange } = support;
  const followUps = createSyncFollowUps(deps, support);

  /** Terminal failures move the hub's health; a failed sync is no longer "syncing". */
  async function recordFailure(hub: HubRow, job: JobRow, e: unknown): Promise<never> {
    const err = toJobError(e);
    await support.noteFailure(hub, job, err);
    if (job.task === 'sync_hub' || job.task === 'check_invite') await database.tx((tx) => updateHub(tx, hub.workspaceId, hub.id, { syncing: false }));
    throw err;
  }

  /**
   * Writes a change set in the sync's transaction. Rows and events are collected first and written
   * 1,000 per statement, so a first sync of 100,000 people is a few hundred statements rather than
   * half a million, and its time grows linearly with the space.
   */
  async function apply(tx: Executor, hub: HubRow, changes: Change[], byEmail: Map<string, string>, jobId: string, now: Date): Promise<Record<string, number>> {
    const counts = { matched: 0, unmatched: 0, updated: 0, removed: 0 };
    const created: Parameters<typeof insertHubMembers>[1] = [];
    const grantRows: Parameters<typeof insertGrantsIfAbsent>[1] = [];
    const observed: ObservationUpdate[] = [];
    const removed: string[] = [];
    const events: ActivityInput[] = [];
    const observedAt = now.toISOString();
    for (const c of changes) {
      if (c.kind === 'create') {
        const id = newId(now.getTime());
        created.push({
          id, workspaceId: hub.workspaceId, hubId: hub.id, memberId: c.memberId, externalUserId: c.observed.externalUserId, externalEmail: c.observed.email,
          externalEmailNormalized: c.emailNormalized, externalUsername: c.observed.username, isAppGuest: c.observed.isAppGuest, state: c.state, observed: { ...c.observed, observedAt },
          desired: { seat: true, appRoleKeys: c.observed.roles }, invite: c.observed.invite, stateChangedAt: now, createdAt: now, updatedAt: now,
        });
        if (c.matched && c.memberId) {
          // T27: matched people get a Collaborator grant carrying what the app shows, so no update job follows.
          grantRows.push({ id: newId(), workspaceId: hub.workspaceId, objectType: 'hub', objectId: hub.id, subjectType: 'user', subjectId: c.memberId, role: 'collaborator', origin: 'sync_match', hubAccess: { seat: true, appRoleKeys: c.observed.roles, assetGrants: [] }, createdAt: now, updatedAt: now });
          counts.matched++;
        } else counts.unmatched++;
        events.push(stateChangeEvent(hub, id, c.observed.email, null, c.state, jobId));
      } else if (c.kind === 'update') {
        const changed = c.state !== c.from;
        observed.push({ id: c.hubMemberId, observed: { ...c.observed, observedAt }, externalUserId: c.observed.externalUserId || null, invite: c.observed.invite, state: c.state, stateChanged: changed });
        if (changed) {
          events.push(stateChangeEvent(hub, c.hubMemberId, c.observed.email, c.from, c.state, jobId));
          counts.updated++;
        }
      } else {
        removed.push(c.hubMemberId);
        events.push(stateChangeEvent(hub, c.hubMemberId, byEmail.get(c.hubMemberId) ?? '', c.from, 'removed', jobId));
        counts.removed++;
      }
    }
    await insertHubMembers(tx, created);
    await insertGrantsIfAbsent(tx, grantRows);
    await applyObservations(tx, observed, now);
    await markRemovedByApp(tx, removed, now);
    await activity.recordMany(tx, events);
    return counts;
  }

  /** One read of the app, reconciled in one transaction, then the follow-ups it calls for (shared by `sync_hub` and `check_invite`). */
  async function syncHub(job: JobRow, signal: AbortSignal): Promise<Record<string, unknown>> {
    const hub = await loadHub(database.db, job);
    await updateHub(database.db, hub.workspaceId, hub.id, { syncing: true });
    const connector = catalog.connector(hub.appKey);
    let snapshot;
    try {
      snapshot = await connector.snapshot(await contextFor(hub, job, signal));
    } catch (e) {
      return recordFailure(hub, job, e);
    }
    const outcome = await database.tx(async (tx): Promise<{ halted: string } | { counts: Record<string, number> }> => {
      const now = clock.now();
      // The hub row is locked first: syncs of one hub (the watch, a card's check, "Check for updates") apply one after another, never on each other's stale reads.
      const fresh = (await findHub(tx, hub.workspaceId, hub.id, true))!;
      const rows = await listHubMembers(tx, hub.workspaceId, hub.id);
      const current: CurrentHubMember[] = rows.map((r) => ({ id: r.id, memberId: r.memberId, externalEmailNormalized: r.externalEmailNormalized, state: r.state as HubMemberState, connected: r.connectedAccountId !== null, desiredSeat: (r.desired as { seat?: boolean }).seat !== false, inviteExpiresAt: inviteOf(r).expiresAt ?? null }));
      const assets = await listAssets(tx, hub.workspaceId, hub.id);
      const result = reconcile({
        snapshot, current, people: await matchableMembers(tx, hub.workspaceId), currentAssetIds: assets.map((a) => `${a.type}:${a.externalId}`),
        hub: { loginMethod: fresh.loginMethod as 'sso', requestToSave: fresh.requestToSave }, safeguardPct: fresh.syncSafeguardPct, force: Boolean(job.payload.force), now,
      });
      if (result.halt) {
        const emails = new Map(rows.map((r) => [r.id, r]));
        const removals = result.changes.filter((c) => c.kind === 'remove').map((c) => ({ email: emails.get(c.hubMemberId)?.externalEmail ?? '', state: c.from }));
        const halted = await updateHub(tx, hub.workspaceId, hub.id, { haltedSync: { removals, assets: result.assets.removedExternalIds, population: result.halt.population, pct: result.halt.pct }, syncing: false });
        const message = `This sync would remove ${result.halt.removals} of ${result.halt.population} people and assets, more than the ${result.halt.pct} % safeguard. Review the removals, then Apply anyway or Cancel.`;
        await setHealth(tx, activity, halted, 'requires_sync', { code: 'SyncSafeguardTripped', message, jobId: job.id }, now);
        await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub.sync_halted', actor: automationActor, target: { type: 'hub', id: hub.id, label: hub.label }, data: { removals: result.halt.removals, population: result.halt.population, pct: result.halt.pct, jobId: job.id } });
        return { halted: message };
      }
      if (snapshot.roles.length) {
        await replaceAppRoles(tx, hub.workspaceId, hub.id, snapshot.roles.flatMap((g) => g.roles.map((r) => ({ id: newId(), key: r.key, label: r.label, group: g.key, model: g.model, rank: r.rank ?? null, isDefault: r.isDefault ?? false, assignable: r.assignable ?? true }))));
      }
      const types = new Map(connector.manifest.assetTypes.map((t) => [t.type, t]));
      for (const a of result.assets.seen) {
        await upsertAsset(tx, { id: newId(), workspaceId: hub.workspaceId, hubId: hub.id, type: a.type, externalId: a.externalId, name: a.name, permissions: types.get(a.type)?.permissions ?? [], supportsPartial: types.get(a.type)?.supportsPartial ?? false, lastSeenAt: now });
      }
      await markAssetsRemoved(tx, hub.id, result.assets.removedExternalIds, now);
      const counts = await apply(tx, hub, result.changes, new Map(rows.map((r) => [r.id, r.externalEmail])), job.id, now);
      const followed = await followUps.run(tx, fresh, connector.manifest, job, now);
      const synced = await updateHub(tx, hub.workspaceId, hub.id, { lastSyncedAt: now, syncing: false, haltedSync: null, updatedAt: now });
      await setHealth(tx, activity, synced, 'healthy', null, now);
      await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub.synced', actor: automationActor, target: { type: 'hub', id: hub.id, label: hub.label }, data: { ...counts, jobId: job.id } });
      return { counts: { ...counts, ...followed } };
    });
    if ('halted' in outcome) throw new JobError('SyncSafeguardTripped', outcome.halted, { userAction: 'review_sync', canRetry: false });
    return outcome.counts;
  }

  return {
    async validate_hub({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const connector = catalog.connector(hub.appKey);
      let spaceName: string;
      try {
        spaceName = (await connector.validate(await contextFor(hub, job, signal))).spaceName;
      } catch (e) {
        return recordFailure(hub, job, e);
      }
      await database.tx(async (tx) => {
        const now = clock.now();
        await enqueueJob(tx, { workspaceId: hub.workspaceId, parentId: job.parentId ?? undefined, task: 'sync_hub', trigger: 'system', actor: { kind: 'system', id: null }, target: { hubId: hub.id }, idempotencyKey: `sync_hub:${hub.id}:after:${job.id}` }, now);
      });
      return { spaceName };
    },

    async sync_hub({ job, signal }) {
      return syncHub(job, signal);
    },

    /** "Checking invites" (spec §10.7, §5.13): the same read of the app, for one person's card or the invite watch. */
    async check_invite({ job, signal }) {
      return syncHub(job, signal);
    },

    add_user: createInviteJob(deps, support),
    assign_assets: createAssignAssetsJob(deps, support),

    async update_user({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
      if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
      if (!hm.externalUserId) throw new JobError('ConnectorUnavailable', 'The person has not joined the app yet; the role applies after acceptance.', { transient: true });
      const connector = catalog.connector(hub.appKey);
      const roles = (hm.desired as { appRoleKeys?: string[] }).appRoleKeys ?? [];
      // Asset changes ride along: grants the app lacks (once the app's join step allows), and revocations the share change asked for.
      const { pending } = await assetGap(support, hub, hm);
      const grantNow = pending.length > 0 && assetsMayPropagate(connector.manifest.joinSteps, hub, { firstCardOpenAt: hm.firstCardOpenAt, profileBound: hm.appProfile !== null });
      // Against the current grants, not those of when the job was queued: a later share may have given an asset back.
      const stillWanted = new Set(((hm.desired as { assetGrants?: { assetId: string }[] }).assetGrants ?? []).map((g) => g.assetId));
      const revokeIds = ((job.payload.revokeAssetIds as string[] | undefined) ?? []).filter((id) => !stillWanted.has(id));
      const revoke = (await support.appAssets(hub, revokeIds.map((assetId) => ({ assetId, access: 'full' as const, permissions: [] })))).map(({ externalId, type }) => ({ externalId, type }));
      // Narrowed grants (full to partial, fewer permissions) look covered to the gap check, so they are set again explicitly.
      const narrowIds = new Set((job.payload.narrowedAssetIds as string[] | undefined) ?? []);
      const narrowed = await support.appAssets(hub, ((hm.desired as { assetGrants?: DesiredAssetGrant[] }).assetGrants ?? []).filter((g) => narrowIds.has(g.assetId) && g.access === 'partial'));
      const sameAsset = (a: { type: string; externalId: string }) => (b: { type: string; externalId: string }): boolean => a.type === b.type && a.externalId === b.externalId;
      const grants = [...(grantNow ? pending : []), ...narrowed.filter((n) => !pending.some(sameAsset(n)))];
      try {
        const ctx = await contextFor(hub, job, signal);
        await connector.updateRoles(ctx, hm.externalUserId, roles);
        if (grants.length > 0) await connector.assignAssets(ctx, hm.externalUserId, grants);
        if (revoke.length > 0) await connector.unassignAssets(ctx, hm.externalUserId, revoke);
      } catch (e) {
        const err = toJobError(e);
        if (isFinalAttempt(err, job)) {
          await database.tx(async (tx) => {
            await updateHubMember(tx, hm.id, { state: 'update_failed', stateChangedAt: clock.now(), updatedAt: clock.now() });
            await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, 'update_failed', job.id);
          });
        }
        return recordFailure(hub, job, err);
      }
      await database.tx(async (tx) => {
        const now = clock.now();
        const to = settledState({ desiredSeat: true, loginMethod: hub.loginMethod as 'sso', requestToSave: hub.requestToSave, connected: hm.connectedAccountId !== null });
        const key = (a: { type: string; externalId: string }): string => `${a.type}:${a.externalId}`;
        const replaced = new Set([...revoke, ...grants].map(key));
        const observed = hm.observed as { assets?: ObservedAssetAccess[] };
        const assets = [...(observed.assets ?? []).filter((a) => !replaced.has(key(a))), ...grants];
        await updateHubMember(tx, hm.id, { state: to, observed: { ...observed, roles, assets, observedAt: now.toISOString() }, stateChangedAt: now, updatedAt: now });
        await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, to, job.id);
      });
      return { email: hm.externalEmail, roles, assetsGranted: grants.length, assetsRevoked: revoke.length };
    },

    async remove_user({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
      if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
      try {
        await catalog.connector(hub.appKey).remove(await contextFor(hub, job, signal), { externalUserId: hm.externalUserId, email: hm.externalEmail });
      } catch (e) {
        const err = toJobError(e);
        if (isFinalAttempt(err, job)) {
          await database.tx(async (tx) => {
            await updateHubMember(tx, hm.id, { state: 'deprovisioning_failed', stateChangedAt: clock.now(), updatedAt: clock.now() });
            await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, 'deprovisioning_failed', job.id);
          });
        }
        return recordFailure(hub, job, err);
      }
      await database.tx(async (tx) => {
        const now = clock.now();
        await updateHubMember(tx, hm.id, { state: 'removed', removedBy: 'latchkey', stateChangedAt: now, updatedAt: now });
        await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, 'removed', job.id);
      });
      return { removed: hm.externalEmail };
    },
  };
}
