import type { RoleGroup } from '../../connectors/types.ts';
import type { Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { normalizeEmail } from '../../lib/actor.ts';
import { newId } from '../../lib/ids.ts';
import type { ActivityService } from '../activity/service.ts';
import { cancelJobs, findJob } from '../automation/repo.ts';
import { findHubMemberByMember, insertHubMember, listAppRoles, updateHubMember, type HubMemberRow, type HubRow } from '../hubs/repo.ts';
import type { HubMemberState } from '../hubs/states.ts';
import { effectiveAccess, type AccessPath, type EffectiveAccess } from './effective.ts';
import { pathsOnHub } from './paths.ts';
import { planFor, type PlannedAction } from './plan.ts';
import { hubMembers } from '../../db/schema/index.ts';
import { and, eq } from 'drizzle-orm';

export interface PlanRow {
  memberId: string;
  email: string;
  name: string;
  hubMemberId: string | null;
  action: PlannedAction;
  effective: EffectiveAccess;
  paths: { via: AccessPath['via']; label: string; role: AccessPath['role'] }[];
}

export interface RecomputeArgs {
  hub: HubRow;
  people: { id: string; email: string; name: string }[];
  trigger: string;
  actor: { kind: 'member' | 'system'; id: string | null; label: string | null };
  now: Date;
}

/** The app's role groups as this hub knows them (seeded from the manifest, refreshed by syncs). */
export async function roleGroupsOf(ex: Executor, hub: HubRow): Promise<RoleGroup[]> {
  const rows = await listAppRoles(ex, hub.workspaceId, hub.id);
  const groups = new Map<string, RoleGroup>();
  for (const r of rows) {
    const g = groups.get(r.group) ?? { key: r.group, label: r.group, model: r.model as RoleGroup['model'], roles: [] };
    g.roles.push({ key: r.key, label: r.label, ...(r.rank !== null ? { rank: r.rank } : {}), isDefault: r.isDefault, assignable: r.assignable });
    groups.set(r.group, g);
  }
  return [...groups.values()];
}

async function findByEmail(ex: Executor, hubId: string, email: string): Promise<HubMemberRow | undefined> {
  return (await ex.select().from(hubMembers).where(and(eq(hubMembers.hubId, hubId), eq(hubMembers.externalEmailNormalized, normalizeEmail(email)))))[0];
}

/**
 * Recomputes each person's effective access over all live paths and takes the one lifecycle step
 * it calls for (spec §4.3), enqueuing its job in this transaction (the outbox rule). The rows are
 * the preview: a dry run calls this in a transaction that is rolled back, so what is shown is what
 * would be applied.
 */
export async function recompute(tx: Executor, activity: Pick<ActivityService, 'record'>, args: RecomputeArgs): Promise<{ rows: PlanRow[]; jobId: string | null }> {
  const { hub, now } = args;
  const groups = await roleGroupsOf(tx, hub);
  const paths = await pathsOnHub(tx, hub.workspaceId, hub.id, args.people.map((p) => p.id), now);
  const rows: PlanRow[] = [];
  let parentId: string | null = null;
  const parent = async (): Promise<string> =>
    (parentId ??= await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'access_change', trigger: args.trigger, actor: { kind: args.actor.kind, id: args.actor.id }, target: { hubId: hub.id }, idempotencyKey: `access_change:${newId()}` }, now));

  for (const person of args.people) {
    const mine = paths.get(person.id) ?? [];
    const next = effectiveAccess(mine, groups);
    let hm = (await findHubMemberByMember(tx, hub.id, person.id)) ?? (await findByEmail(tx, hub.id, person.email));
    if (hm && hm.memberId && hm.memberId !== person.id) hm = undefined;
    const lastJob = hm?.lastJobId ? await findJob(tx, hub.workspaceId, hm.lastJobId) : undefined;
    const inviteNotSent = hm?.state === 'inviting' && lastJob !== undefined && (lastJob.status === 'queued' || lastJob.status === 'retrying') && lastJob.attempt === 0;
    const claimPending = mine.some((p) => p.claim === 'required');
    const action = planFor({ state: (hm?.state as HubMemberState | undefined) ?? null, desired: hm ? storedDesired(hm) : null, inviteNotSent }, next, mine.length > 0, claimPending);
    const desired = { seat: next.seat, appRoleKeys: next.appRoleKeys, assetGrants: next.assetGrants };

    const generation = Number((hm?.invite as { generation?: number } | null)?.generation ?? 0) + 1;
    const move = async (to: HubMemberState, job?: { task: string; key: string; payload?: Record<string, unknown> }): Promise<string> => {
      const from = (hm?.state as HubMemberState | undefined) ?? null;
      if (!hm) {
        hm = await insertHubMember(tx, { id: newId(now.getTime()), workspaceId: hub.workspaceId, hubId: hub.id, memberId: person.id, externalEmail: person.email, externalEmailNormalized: normalizeEmail(person.email), state: to, desired, stateChangedAt: now, createdAt: now, updatedAt: now });
      }
      let jobId: string | null = null;
      if (job) jobId = await enqueueJob(tx, { workspaceId: hub.workspaceId, parentId: await parent(), task: job.task, trigger: args.trigger, actor: { kind: args.actor.kind, id: args.actor.id }, target: { hubId: hub.id, hubMemberId: hm.id }, payload: job.payload ?? {}, idempotencyKey: job.key.replace('<hm>', hm.id) }, now);
      hm = await updateHubMember(tx, hm.id, { memberId: person.id, state: to, desired, stateChangedAt: from === to ? hm.stateChangedAt : now, updatedAt: now, ...(to === 'removed' ? { removedBy: 'latchkey' } : {}), ...(jobId ? { lastJobId: jobId } : {}) });
      if (from !== to) await activity.record(tx, { workspaceId: hub.workspaceId, type: 'hub_member.state_changed', actor: args.actor, target: { type: 'hub_member', id: hm.id, label: person.email }, data: { hubId: hub.id, from, to, trigger: args.trigger, ...(jobId ? { jobId } : {}) } });
      return hm.id;
    };

    switch (action.kind) {
      case 'invite':
        // One key per (hub member, invite generation): one intent, one invite in the app (§10.8).
        await move('inviting', { task: 'add_user', key: `add_user:<hm>:${generation}`, payload: { generation } });
        break;
      case 'update': {
        // Assets only the old access gave are revoked in the app, and narrowed ones (full to partial, fewer
        // permissions) are granted again with less; what is new is granted by the job as pending.
        const before = new Map((hm ? storedDesired(hm).assetGrants : []).map((g) => [g.assetId, g]));
        const kept = new Set(next.assetGrants.map((g) => g.assetId));
        const revokeAssetIds = [...before.keys()].filter((id) => !kept.has(id));
        const narrowedAssetIds = next.assetGrants.filter((g) => {
          const was = before.get(g.assetId);
          return was !== undefined && g.access === 'partial' && (was.access === 'full' || was.permissions.some((p) => !g.permissions.includes(p)));
        }).map((g) => g.assetId);
        const payload = { ...(revokeAssetIds.length > 0 ? { revokeAssetIds } : {}), ...(narrowedAssetIds.length > 0 ? { narrowedAssetIds } : {}) };
        await move('awaiting_update', { task: 'update_user', key: `update_user:<hm>:${newId()}`, payload });
        break;
      }
      case 'remove_seat':
        await move('awaiting_deprovisioning', { task: 'remove_user', key: `remove_user:<hm>:${newId()}` });
        break;
      case 'cancel_queued_invite':
        if (hm?.lastJobId) await cancelJobs(tx, [hm.lastJobId], now);
        await move('removed');
        break;
      case 'hub_only':
        await move('hub_only');
        break;
      case 'claim_required':
        await move('pending_user_claim');
        break;
      case 'record_only':
      case 'none':
        if (hm) hm = await updateHubMember(tx, hm.id, { desired, updatedAt: now });
        break;
    }
    rows.push({ memberId: person.id, email: person.email, name: person.name, hubMemberId: hm?.id ?? null, action, effective: next, paths: mine.map((p) => ({ via: p.via, label: p.viaLabel, role: p.role })) });
  }
  return { rows, jobId: parentId };
}


/** `desired` as last applied; rows a sync created carry only roles, so fill the rest. */
function storedDesired(hm: HubMemberRow): { seat: boolean; appRoleKeys: string[]; assetGrants: EffectiveAccess['assetGrants'] } {
  const d = hm.desired as { seat?: boolean; appRoleKeys?: string[]; assetGrants?: EffectiveAccess['assetGrants'] };
  return { seat: d.seat ?? true, appRoleKeys: d.appRoleKeys ?? [], assetGrants: d.assetGrants ?? [] };
}
