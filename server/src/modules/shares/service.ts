import { createHash } from 'node:crypto';
import type { Catalog } from '../../connectors/catalog.ts';
import type { Database, Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { RequestContext } from '../../lib/actor.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { HubAccess } from '../hubs/access.ts';
import { findHub, findHubMember, listAppRoles, listAssets, updateHubMember, type HubRow } from '../hubs/repo.ts';
import { seatedStates, type HubMemberState } from '../hubs/states.ts';
import { insertGrantIfAbsent } from '../vault/repo.ts';
import { findTeam } from '../teams/repo.ts';
import type { PlanDto, ShareInput } from './dto.ts';
import { membersOfSubjects } from './paths.ts';
import { recompute, type PlanRow } from './recompute.ts';
import { expiredHubGrants, findHubGrant, grantsEndingSoon, hubGrants, markReminded, putHubGrant, removeGrant, teamHubGrants } from './repo.ts';
import type { MailService } from '../mail/service.ts';
import { grantExpiring } from '../mail/templates.ts';

export interface SharesService {
  share(ctx: RequestContext, hubId: string, input: ShareInput, dryRun: boolean): Promise<PlanDto>;
  removePerson(ctx: RequestContext, hubId: string, hubMemberId: string, mode: 'seat_and_hub' | 'hub_only', dryRun: boolean, previewHash?: string): Promise<PlanDto>;
  updatePerson(ctx: RequestContext, hubId: string, hubMemberId: string, input: Pick<ShareInput, 'appRoleKeys' | 'assetGrants'>, dryRun: boolean, previewHash?: string): Promise<PlanDto>;
  removeTeam(ctx: RequestContext, hubId: string, teamId: string, mode: 'remove_seats' | 'keep_individually', dryRun: boolean, previewHash?: string): Promise<PlanDto>;
  resendInvite(ctx: RequestContext, hubId: string, hubMemberId: string): Promise<{ jobId: string }>;
  /** Team events recompute every hub the team holds (spec §3.3: membership changes recompute access). */
  onTeamChanged(tx: Executor, workspaceId: string, teamId: string, memberIds: string[], opts: { deleted: boolean; actor: { id: string; label: string } }): Promise<void>;
  expireGrants(now: Date): Promise<number>;
  /** Tells Owners and the grantee 3 days ahead that a time-boxed grant ends (spec §10.5). */
  remindExpiringGrants(now: Date): Promise<number>;
}

/** Carries a dry run's result out of the transaction that computed it, so nothing is kept. */
class Rollback extends Error {
  constructor(readonly plan: PlanDto) {
    super('dry run');
  }
}

/** The preview's identity: rows without ids minted during the run (a dry run and the apply mint different ones). */
function digest(rows: PlanRow[]): string {
  return createHash('sha256').update(canonicalJson(rows.map(({ hubMemberId: _id, ...r }) => r))).digest('base64url').slice(0, 22);
}

export function createSharesService(deps: { database: Database; access: HubAccess; activity: Pick<ActivityService, 'record'>; mail: Pick<MailService, 'queue'>; clock: Clock; catalog: Pick<Catalog, 'list'>; publicUrl: string }): SharesService {
  const { database, access, activity, clock, catalog } = deps;
  const actorOf = (ctx: RequestContext) => ({ kind: 'member' as const, id: ctx.actor.memberId, label: ctx.actor.email });

  async function run(dryRun: boolean, previewHash: string | undefined, fn: (tx: Executor) => Promise<{ rows: PlanRow[]; jobId: string | null }>): Promise<PlanDto> {
    try {
      return await database.tx(async (tx) => {
        const { rows, jobId } = await fn(tx);
        const hash = digest(rows);
        if (previewHash && previewHash !== hash) throw new AppError('preview_stale', 'Access changed since you reviewed it. Review the changes again, then apply.');
        if (dryRun) throw new Rollback({ dryRun: true, hash, rows, jobId: null });
        return { dryRun: false, hash, rows, jobId };
      });
    } catch (e) {
      if (e instanceof Rollback) return e.plan;
      throw e;
    }
  }

  async function checkRolesAndAssets(tx: Executor, hub: HubRow, input: Pick<ShareInput, 'appRoleKeys' | 'assetGrants'>, seat: boolean): Promise<string[]> {
    const roles = await listAppRoles(tx, hub.workspaceId, hub.id);
    const unknown = input.appRoleKeys.filter((k) => !roles.some((r) => r.key === k && r.assignable));
    if (unknown.length) throw new AppError('validation_failed', `Unknown or unassignable app role: ${unknown.join(', ')}.`, { errors: [{ pointer: '/appRoleKeys', message: 'unknown role' }] });
    const assets = await listAssets(tx, hub.workspaceId, hub.id);
    // Types the app's API only reads (manifest `assignable: false`, e.g. Meta pixels): Latchkey cannot grant them.
    const app = catalog.list().find((m) => m.key === hub.appKey);
    const readOnly = new Map((app?.assetTypes ?? []).filter((t) => !t.assignable).map((t) => [t.type, t.label]));
    for (const [i, g] of input.assetGrants.entries()) {
      const a = assets.find((x) => x.id === g.assetId);
      if (!a) throw new AppError('validation_failed', 'One of the chosen assets is not in this hub. Check for updates, then choose again.', { errors: [{ pointer: '/assetGrants', message: 'unknown asset' }] });
      const label = readOnly.get(a.type);
      if (label !== undefined) {
        throw new AppError('validation_failed', `Latchkey cannot assign ${label.toLowerCase()} in ${app!.displayName}, so ${a.name} cannot be part of a share. Give people access to it in ${app!.displayName}.`, { errors: [{ pointer: `/assetGrants/${i}`, message: 'asset type not assignable' }] });
      }
      if (g.access === 'partial' && (!a.supportsPartial || g.permissions.length === 0 || g.permissions.some((p) => !a.permissions.includes(p)))) {
        throw new AppError('validation_failed', `Partial access to ${a.name} needs permissions from: ${a.permissions.join(', ')}.`, { errors: [{ pointer: '/assetGrants', message: 'invalid permissions' }] });
      }
    }
    // The app's default role when none was chosen (spec §5.7 step 3).
    if (seat && input.appRoleKeys.length === 0) return roles.filter((r) => r.isDefault).map((r) => r.key);
    return input.appRoleKeys;
  }

  async function personOf(tx: Executor, hub: HubRow, hubMemberId: string): Promise<{ id: string; email: string; name: string; hm: NonNullable<Awaited<ReturnType<typeof findHubMember>>> }> {
    const hm = await findHubMember(tx, hub.workspaceId, hub.id, hubMemberId, true);
    if (!hm) throw new AppError('not_found', 'No such person on this hub.');
    if (!hm.memberId) throw new AppError('conflict', 'This person is not matched to a member. Match, exempt or remove them from the Unmatched table.');
    const [person] = await membersOfSubjects(tx, hub.workspaceId, [{ type: 'user', id: hm.memberId }]);
    return { ...person!, hm };
  }

  return {
    async share(ctx, hubId, input, dryRun) {
      return run(dryRun, input.previewHash, async (tx) => {
        const { hub, role } = await access.require(tx, ctx, hubId, 'manage_people', { forUpdate: true });
        if (input.access === 'hub_only' && input.role !== 'owner') throw new AppError('hub_only_requires_owner', '"Share only business hub in Latchkey" is for the Owner role: it gives oversight without a seat.');
        if ((input.role === 'owner' || input.access === 'hub_only') && role !== 'owner') throw new AppError('forbidden', 'Only hub Owners can grant the Owner role or hub-only access.');
        const seat = input.access === 'seat';
        const appRoleKeys = await checkRolesAndAssets(tx, hub, input, seat);
        for (const s of input.subjects) {
          if (s.type === 'team' && !(await findTeam(tx, hub.workspaceId, s.id, ctx.actor.memberId))) throw new AppError('not_found', 'No such team in this workspace.', { errors: [{ pointer: '/subjects', message: 'unknown team' }] });
        }
        const people = await membersOfSubjects(tx, hub.workspaceId, input.subjects);
        if (people.length < input.subjects.filter((s) => s.type === 'user').length) throw new AppError('not_found', 'One of the chosen members is not in this workspace.', { errors: [{ pointer: '/subjects', message: 'unknown member' }] });
        if (input.role !== 'collaborator' && people.some((p) => p.role === 'guest' || p.role === 'login_only')) {
          throw new AppError('forbidden', 'Guests and login-only members (and teams that include them) can only be Collaborators.');
        }
        const now = clock.now();
        for (const s of input.subjects) {
          await putHubGrant(tx, { id: newId(now.getTime()), workspaceId: hub.workspaceId, objectType: 'hub', objectId: hub.id, subjectType: s.type, subjectId: s.id, role: input.role, origin: 'share', hubAccess: { seat, appRoleKeys: seat ? appRoleKeys : [], assetGrants: seat ? input.assetGrants : [] }, expiresAt: input.expiresAt ?? null, createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
          if (input.role === 'owner' && input.alsoShareServiceAccount && hub.serviceCredentialId) {
            await insertGrantIfAbsent(tx, { id: newId(), workspaceId: hub.workspaceId, objectType: 'account', objectId: hub.serviceCredentialId, subjectType: s.type, subjectId: s.id, role: 'collaborator', origin: 'share', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
          }
        }
        const result = await recompute(tx, activity, { hub, people, trigger: 'web_app', actor: actorOf(ctx), now });
        await activity.record(tx, byMember(ctx, 'hub.shared', { type: 'hub', id: hub.id, label: hub.label }, { subjects: input.subjects, role: input.role, access: input.access, appRoleKeys, assets: input.assetGrants.length, expiresAt: input.expiresAt?.toISOString() ?? null, people: people.length }));
        return result;
      });
    },

    async removePerson(ctx, hubId, hubMemberId, mode, dryRun, previewHash) {
      return run(dryRun, previewHash, async (tx) => {
        const { hub } = await access.require(tx, ctx, hubId, 'manage_people', { forUpdate: true });
        const person = await personOf(tx, hub, hubMemberId);
        const direct = await findHubGrant(tx, hub.workspaceId, hub.id, 'user', person.id);
        const now = clock.now();
        if (mode === 'hub_only') {
          if (!seatedStates.has(person.hm.state as HubMemberState)) throw new AppError('conflict', 'Only people who have joined the app can be removed from the dashboard alone.');
          if (direct) await removeGrant(tx, direct.id);
          await updateHubMember(tx, person.hm.id, { state: 'exempted', exemptReason: 'Removed from Latchkey only', stateChangedAt: now, updatedAt: now });
          await activity.record(tx, byMember(ctx, 'hub_member.state_changed', { type: 'hub_member', id: person.hm.id, label: person.email }, { hubId: hub.id, from: person.hm.state, to: 'exempted' }));
          return { rows: [], jobId: null };
        }
        if (!direct) throw new AppError('path_not_individually_removable', 'This person has access through a team. Change the team instead.');
        await removeGrant(tx, direct.id);
        const result = await recompute(tx, activity, { hub, people: [person], trigger: 'web_app', actor: actorOf(ctx), now });
        await activity.record(tx, byMember(ctx, 'hub.access_removed', { type: 'hub', id: hub.id, label: hub.label }, { memberId: person.id, remainingPaths: result.rows[0]?.paths.length ?? 0 }));
        return result;
      });
    },

    async updatePerson(ctx, hubId, hubMemberId, input, dryRun, previewHash) {
      return run(dryRun, previewHash, async (tx) => {
        const { hub } = await access.require(tx, ctx, hubId, 'manage_people', { forUpdate: true });
        const person = await personOf(tx, hub, hubMemberId);
        const direct = await findHubGrant(tx, hub.workspaceId, hub.id, 'user', person.id);
        if (!direct) throw new AppError('path_not_individually_removable', 'This person has access through a team. Update the team\'s role instead.');
        const appRoleKeys = await checkRolesAndAssets(tx, hub, input, true);
        const now = clock.now();
        await putHubGrant(tx, { ...direct, hubAccess: { seat: direct.hubAccess?.seat ?? true, appRoleKeys, assetGrants: input.assetGrants }, updatedAt: now });
        const result = await recompute(tx, activity, { hub, people: [person], trigger: 'web_app', actor: actorOf(ctx), now });
        await activity.record(tx, byMember(ctx, 'hub.role_updated', { type: 'hub', id: hub.id, label: hub.label }, { memberId: person.id, appRoleKeys }));
        return result;
      });
    },

    async removeTeam(ctx, hubId, teamId, mode, dryRun, previewHash) {
      return run(dryRun, previewHash, async (tx) => {
        const { hub } = await access.require(tx, ctx, hubId, 'manage_people', { forUpdate: true });
        const grant = await findHubGrant(tx, hub.workspaceId, hub.id, 'team', teamId);
        if (!grant) throw new AppError('not_found', 'This team does not hold this hub.');
        const people = await membersOfSubjects(tx, hub.workspaceId, [{ type: 'team', id: teamId }]);
        const now = clock.now();
        if (mode === 'keep_individually') {
          // "Keep members' seats and manage them individually": the team path becomes direct paths.
          for (const p of people) {
            if (!(await findHubGrant(tx, hub.workspaceId, hub.id, 'user', p.id))) await putHubGrant(tx, { ...grant, id: newId(), subjectType: 'user', subjectId: p.id, origin: 'conversion', createdAt: now, updatedAt: now });
          }
        }
        await removeGrant(tx, grant.id);
        const result = await recompute(tx, activity, { hub, people, trigger: 'team_event', actor: actorOf(ctx), now });
        await activity.record(tx, byMember(ctx, 'hub.team_removed', { type: 'hub', id: hub.id, label: hub.label }, { teamId, mode, people: people.length }));
        return result;
      });
    },

    async resendInvite(ctx, hubId, hubMemberId) {
      return database.tx(async (tx) => {
        const { hub } = await access.require(tx, ctx, hubId, 'sync', { forUpdate: true });
        const hm = await findHubMember(tx, hub.workspaceId, hub.id, hubMemberId, true);
        if (!hm) throw new AppError('not_found', 'No such person on this hub.');
        if (hm.state !== 'invite_expired' && hm.state !== 'invite_failed') throw new AppError('conflict', 'Only expired or failed invites can be resent.');
        const now = clock.now();
        const generation = Number((hm.invite as { generation?: number } | null)?.generation ?? 1) + 1;
        // The new invite replaces the lapsed one, named now so every attempt cancels only that one.
        const replaces = (hm.invite as { externalInviteId?: string | null } | null)?.externalInviteId ?? null;
        const jobId = await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'add_user', trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: hub.id, hubMemberId: hm.id }, payload: { generation, ...(replaces ? { replaces } : {}) }, idempotencyKey: `add_user:${hm.id}:${generation}` }, now);
        await updateHubMember(tx, hm.id, { state: 'inviting', lastJobId: jobId, invite: { ...(hm.invite ?? {}), generation }, stateChangedAt: now, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'hub_member.invite_resent', { type: 'hub_member', id: hm.id, label: hm.externalEmail }, { hubId: hub.id, from: hm.state, to: 'inviting', generation, jobId }));
        return { jobId };
      });
    },

    async onTeamChanged(tx, workspaceId, teamId, memberIds, opts) {
      const held = await teamHubGrants(tx, workspaceId, teamId);
      const now = clock.now();
      for (const g of held) {
        if (opts.deleted) await removeGrant(tx, g.id);
        const hub = await findHub(tx, workspaceId, g.objectId);
        if (!hub) continue;
        const people = await membersOfSubjects(tx, workspaceId, memberIds.map((id) => ({ type: 'user' as const, id })));
        await recompute(tx, activity, { hub, people, trigger: 'team_event', actor: { kind: 'member', id: opts.actor.id, label: opts.actor.label }, now });
      }
    },

    async expireGrants(now) {
      const expired = await expiredHubGrants(database.db, now);
      for (const g of expired) {
        await database.tx(async (tx) => {
          const hub = await findHub(tx, g.workspaceId, g.objectId);
          await removeGrant(tx, g.id);
          if (!hub) return;
          const people = await membersOfSubjects(tx, g.workspaceId, [{ type: g.subjectType as 'user' | 'team', id: g.subjectId }]);
          // `now` only picks what expired; the changes and their jobs happen at the real time.
          await recompute(tx, activity, { hub, people, trigger: 'grant_expiry', actor: { kind: 'system', id: null, label: 'Latchkey automation' }, now: clock.now() });
          await activity.record(tx, { workspaceId: g.workspaceId, type: 'grant.expired', actor: { kind: 'system', id: null, label: 'Latchkey automation' }, target: { type: 'hub', id: hub.id, label: hub.label }, data: { subjectType: g.subjectType, subjectId: g.subjectId } });
        });
      }
      return expired.length;
    },

    async remindExpiringGrants(now) {
      const soon = await grantsEndingSoon(database.db, now, new Date(now.getTime() + 3 * 86_400_000));
      for (const g of soon) {
        await database.tx(async (tx) => {
          const hub = await findHub(tx, g.workspaceId, g.objectId);
          if (!hub) return;
          const grantees = await membersOfSubjects(tx, g.workspaceId, [{ type: g.subjectType as 'user' | 'team', id: g.subjectId }]);
          const ownerGrants = (await hubGrants(tx, g.workspaceId, hub.id)).filter((x) => x.role === 'owner');
          const owners = await membersOfSubjects(tx, g.workspaceId, ownerGrants.map((x) => ({ type: x.subjectType as 'user' | 'team', id: x.subjectId })));
          const who = g.subjectType === 'user' ? (grantees[0]?.name ?? 'A member') : `The team's members`;
          const recipients = new Map([...grantees, ...owners].map((p) => [p.email, p]));
          for (const r of recipients.values()) {
            await deps.mail.queue(tx, { workspaceId: g.workspaceId, kind: 'grant_expiring', to: r.email, ...grantExpiring({ hubLabel: hub.label, who, expiresAt: g.expiresAt!, url: `${deps.publicUrl}/hubs/${hub.id}` }) });
          }
          await markReminded(tx, g.id, clock.now());
          await activity.record(tx, { workspaceId: g.workspaceId, type: 'grant.expiring', actor: { kind: 'system', id: null, label: 'Latchkey automation' }, target: { type: 'hub', id: hub.id, label: hub.label }, data: { subjectType: g.subjectType, subjectId: g.subjectId, expiresAt: g.expiresAt!.toISOString(), notified: recipients.size } });
        });
      }
      return soon.length;
    },
  };
}
