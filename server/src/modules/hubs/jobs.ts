import type { Catalog } from '../../connectors/catalog.ts';
import type { ConnectorContext, InviteRequest } from '../../connectors/types.ts';
import type { Database, Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { JobError, type JobHandler, type JobRow } from '../../jobs/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { ActivityInput, ActivityService } from '../activity/service.ts';
import type { AccountsService } from '../vault/service.ts';
import { healthFor, setHealth } from './health.ts';
import { reconcile, type Change, type CurrentHubMember } from './reconcile.ts';
import {
  applyObservations, findHub, findHubMember, insertGrantsIfAbsent, insertHubMembers, listAssets, listHubMembers, markAssetsRemoved, markRemovedByApp, matchableMembers, replaceAppRoles, updateHub, updateHubMember, upsertAsset,
  type HubRow, type ObservationUpdate,
} from './repo.ts';
import { settledState, type HubMemberState } from './states.ts';

export interface HubJobsDeps {
  database: Database;
  catalog: Catalog;
  accounts: Pick<AccountsService, 'readForAutomation'>;
  activity: Pick<ActivityService, 'record' | 'recordMany'>;
  clock: Clock;
}

const system = { kind: 'system' as const, id: null, label: 'Latchkey automation' };

export function createHubJobs(deps: HubJobsDeps): Record<'validate_hub' | 'sync_hub' | 'remove_user' | 'add_user' | 'update_user', JobHandler> {
  const { database, catalog, activity, clock } = deps;

  async function loadHub(ex: Executor, job: JobRow): Promise<HubRow> {
    const hub = await findHub(ex, job.workspaceId ?? '', job.target.hubId ?? '');
    if (!hub) throw new JobError('not_found', 'The hub was deleted.', { canRetry: false });
    return hub;
  }

  /** The connector's view of the hub: the service credential is read (and audited) per job. */
  async function contextFor(hub: HubRow, job: JobRow, signal: AbortSignal): Promise<ConnectorContext> {
    const token = hub.serviceCredentialId
      ? await database.tx((tx) => deps.accounts.readForAutomation(tx, hub.workspaceId, hub.serviceCredentialId!, 'password', { jobId: job.id, task: job.task }))
      : null;
    if (!token) throw new JobError('EmptyPasswordError', 'The service account has no token or password stored.', { userAction: 'review_credentials' });
    return { businessId: hub.businessId ?? '', connectFields: hub.connectFields, credential: { token }, signal };
  }

  /**
   * Grants hold Latchkey's hub-asset ids; the app knows its own ids. Assets the app no longer lists
   * (removed since the share) cannot be granted and are left out rather than failing the invite.
   */
  async function appAssets(hub: HubRow, grants: { assetId: string; access: 'full' | 'partial'; permissions: string[] }[]): Promise<InviteRequest['assets']> {
    if (grants.length === 0) return [];
    const known = new Map((await listAssets(database.db, hub.workspaceId, hub.id)).map((a) => [a.id, a]));
    return grants.flatMap((g) => {
      const a = known.get(g.assetId);
      return a ? [{ externalId: a.externalId, type: a.type, access: g.access, permissions: g.permissions }] : [];
    });
  }

  /** A terminal failure that says something about the hub moves its health (spec §4.1). */
  async function recordFailure(hub: HubRow, job: JobRow, e: unknown): Promise<never> {
    const err = e instanceof JobError ? e : new JobError('ConnectorUnavailable', e instanceof Error ? e.message : String(e), { transient: true });
    const final = !err.opts.transient || job.attempt >= job.maxAttempts;
    const health = healthFor(err.code);
    if (final && health) await database.tx(async (tx) => setHealth(tx, activity, (await findHub(tx, hub.workspaceId, hub.id))!, health, { code: err.code, message: err.message, jobId: job.id }, clock.now()));
    if (job.task === 'sync_hub') await database.tx((tx) => updateHub(tx, hub.workspaceId, hub.id, { syncing: false }));
    throw err;
  }

  function stateChangeEvent(hub: HubRow, hubMemberId: string, email: string, from: HubMemberState | null, to: HubMemberState, jobId: string): ActivityInput {
    return { workspaceId: hub.workspaceId, type: 'hub_member.state_changed', actor: system, target: { type: 'hub_member', id: hubMemberId, label: email }, data: { hubId: hub.id, from, to, jobId } };
  }

  async function stateChange(tx: Executor, hub: HubRow, hubMemberId: string, email: string, from: HubMemberState | null, to: HubMemberState, jobId: string): Promise<void> {
    await activity.record(tx, stateChangeEvent(hub, hubMemberId, email, from, to, jobId));
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
        const fresh = (await findHub(tx, hub.workspaceId, hub.id))!;
        const rows = await listHubMembers(tx, hub.workspaceId, hub.id);
        const current: CurrentHubMember[] = rows.map((r) => ({ id: r.id, memberId: r.memberId, externalEmailNormalized: r.externalEmailNormalized, state: r.state as HubMemberState, connected: r.connectedAccountId !== null, desiredSeat: (r.desired as { seat?: boolean }).seat !== false }));
        const assets = await listAssets(tx, hub.workspaceId, hub.id);
        const result = reconcile({
          snapshot, current, people: await matchableMembers(tx, hub.workspaceId), currentAssetIds: assets.map((a) => `${a.type}:${a.externalId}`),
          hub: { loginMethod: fresh.loginMethod as 'sso', requestToSave: fresh.requestToSave }, safeguardPct: fresh.syncSafeguardPct, force: Boolean(job.payload.force),
        });
        if (result.halt) {
          const emails = new Map(rows.map((r) => [r.id, r]));
          const removals = result.changes.filter((c) => c.kind === 'remove').map((c) => ({ email: emails.get(c.hubMemberId)?.externalEmail ?? '', state: c.from }));
          const halted = await updateHub(tx, hub.workspaceId, hub.id, { haltedSync: { removals, assets: result.assets.removedExternalIds, population: result.halt.population, pct: result.halt.pct }, syncing: false });
          const message = `This sync would remove ${result.halt.removals} of ${result.halt.population} people and assets, more than the ${result.halt.pct} % safeguard. Review the removals, then Apply anyway or Cancel.`;
          await setHealth(tx, activity, halted, 'requires_sync', { code: 'SyncSafeguardTripped', message, jobId: job.id }, now);
          await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub.sync_halted', actor: system, target: { type: 'hub', id: hub.id, label: hub.label }, data: { removals: result.halt.removals, population: result.halt.population, pct: result.halt.pct, jobId: job.id } });
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
        const synced = await updateHub(tx, hub.workspaceId, hub.id, { lastSyncedAt: now, syncing: false, haltedSync: null, updatedAt: now });
        await setHealth(tx, activity, synced, 'healthy', null, now);
        await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub.synced', actor: system, target: { type: 'hub', id: hub.id, label: hub.label }, data: { ...counts, jobId: job.id } });
        return { counts };
      });
      if ('halted' in outcome) throw new JobError('SyncSafeguardTripped', outcome.halted, { userAction: 'review_sync', canRetry: false });
      return outcome.counts;
    },

    /**
     * Invites one person (spec §5.7 step 7). Exactly once per (hub member, generation), even across
     * crashes (§10.8): the app's invite call is idempotent by email, so a retry after a crash gets
     * "already invited" or "already a member" back and adopts that instead of sending again.
     */
    async add_user({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
      if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
      const desired = hm.desired as { appRoleKeys?: string[]; assetGrants?: { assetId: string; access: 'full' | 'partial'; permissions: string[] }[] };
      const assets = await appAssets(hub, desired.assetGrants ?? []);
      let outcome;
      try {
        [outcome] = await catalog.connector(hub.appKey).invite(await contextFor(hub, job, signal), [{ email: hm.externalEmail, roles: desired.appRoleKeys ?? [], assets }]);
      } catch (e) {
        const err = e instanceof JobError ? e : new JobError('ConnectorUnavailable', e instanceof Error ? e.message : String(e), { transient: true });
        if (!err.opts.transient || job.attempt >= job.maxAttempts) {
          await database.tx(async (tx) => {
            await updateHubMember(tx, hm.id, { state: 'invite_failed', stateChangedAt: clock.now(), updatedAt: clock.now() });
            await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, 'invite_failed', job.id);
          });
        }
        return recordFailure(hub, job, err);
      }
      if (!outcome) throw new JobError('ConnectorUnavailable', 'The app returned no result for the invite.', { transient: true });
      const generation = Number(job.payload.generation ?? 1);
      await database.tx(async (tx) => {
        const now = clock.now();
        const to: HubMemberState = outcome.outcome === 'already_member' ? settledState({ desiredSeat: true, loginMethod: hub.loginMethod as 'sso', requestToSave: hub.requestToSave, connected: hm.connectedAccountId !== null }) : 'pending_invite_claim';
        const invite = { externalInviteId: outcome.externalInviteId, expiresAt: outcome.expiresAt, status: 'pending', generation, sentAt: now.toISOString(), outcome: outcome.outcome };
        await updateHubMember(tx, hm.id, { state: to, invite, stateChangedAt: now, updatedAt: now });
        await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, to, job.id);
        // Acceptance is detected by sync: one runs soon after invites go out (then daily). The key per
        // hub and minute folds a whole batch of invites into one sync.
        const slot = Math.floor(now.getTime() / 60_000) + 1;
        await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'sync_hub', trigger: 'invite_watch', actor: { kind: 'system', id: null }, target: { hubId: hub.id }, runAt: new Date(slot * 60_000 + 30_000), idempotencyKey: `sync_hub:after_invites:${hub.id}:${slot}` }, now);
      });
      return { email: hm.externalEmail, outcome: outcome.outcome };
    },

    /** Applies the person's effective app role (T16 → T17, or T18 on failure). */
    async update_user({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
      if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
      if (!hm.externalUserId) throw new JobError('ConnectorUnavailable', 'The person has not joined the app yet; the role applies after acceptance.', { transient: true });
      const roles = (hm.desired as { appRoleKeys?: string[] }).appRoleKeys ?? [];
      try {
        await catalog.connector(hub.appKey).updateRoles(await contextFor(hub, job, signal), hm.externalUserId, roles);
      } catch (e) {
        const err = e instanceof JobError ? e : new JobError('ConnectorUnavailable', e instanceof Error ? e.message : String(e), { transient: true });
        if (!err.opts.transient || job.attempt >= job.maxAttempts) {
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
        await updateHubMember(tx, hm.id, { state: to, observed: { ...(hm.observed as object), roles, observedAt: now.toISOString() }, stateChangedAt: now, updatedAt: now });
        await stateChange(tx, hub, hm.id, hm.externalEmail, hm.state as HubMemberState, to, job.id);
      });
      return { email: hm.externalEmail, roles };
    },

    async remove_user({ job, signal }) {
      const hub = await loadHub(database.db, job);
      const hm = await findHubMember(database.db, hub.workspaceId, hub.id, String(job.target.hubMemberId));
      if (!hm) throw new JobError('not_found', 'The person is no longer tracked on this hub.', { canRetry: false });
      try {
        await catalog.connector(hub.appKey).remove(await contextFor(hub, job, signal), { externalUserId: hm.externalUserId, email: hm.externalEmail });
      } catch (e) {
        const err = e instanceof JobError ? e : new JobError('ConnectorUnavailable', e instanceof Error ? e.message : String(e), { transient: true });
        if (!err.opts.transient || job.attempt >= job.maxAttempts) {
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
