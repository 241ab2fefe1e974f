import type { Database, Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { findMember } from '../members/repo.ts';
import { upsertGrant } from '../vault/repo.ts';
import type { HubAccess } from './access.ts';
import { toHubMemberDto, type HubMemberDto } from './dto.ts';
import { findHubMember, findHubMemberByMember, listHubMembers, updateHubMember, type HubMemberRow, type HubRow } from './repo.ts';
import { settledState, type HubMemberState } from './states.ts';

export type UsersTab = 'all' | 'unmatched' | 'onboarded' | 'guests' | 'exempted';

export interface HubPeopleService {
  list(ctx: RequestContext, hubId: string, tab: UsersTab, state?: HubMemberState): Promise<HubMemberDto[]>;
  match(ctx: RequestContext, hubId: string, hubMemberId: string, input: { memberId: string; role: 'owner' | 'collaborator' }): Promise<HubMemberDto>;
  exempt(ctx: RequestContext, hubId: string, hubMemberId: string, reason: string): Promise<HubMemberDto>;
  unexempt(ctx: RequestContext, hubId: string, hubMemberId: string): Promise<HubMemberDto>;
  removeUnmatched(ctx: RequestContext, hubId: string, hubMemberId: string): Promise<{ jobId: string }>;
}

/** Which Users-tab table a person belongs in (spec §5.6). */
export function inTab(m: HubMemberDto, tab: UsersTab): boolean {
  if (tab === 'all') return true;
  if (tab === 'unmatched') return m.state === 'unmatched';
  if (tab === 'exempted') return m.state === 'exempted';
  if (tab === 'guests') return m.isGuest && m.state !== 'removed';
  return m.memberId !== null && m.state !== 'exempted' && m.state !== 'removed' && m.state !== 'unmatched';
}

export function createHubPeopleService(deps: { database: Database; access: HubAccess; activity: Pick<ActivityService, 'record'>; clock: Clock }): HubPeopleService {
  const { database, access, activity, clock } = deps;

  async function person(tx: Executor, ctx: RequestContext, hubId: string, id: string): Promise<{ hub: HubRow; hm: HubMemberRow }> {
    const { hub } = await access.require(tx, ctx, hubId, 'manage_people', { forUpdate: true });
    const hm = await findHubMember(tx, hub.workspaceId, hub.id, id, true);
    if (!hm) throw new AppError('not_found', 'No such person on this hub.');
    return { hub, hm };
  }

  async function move(tx: Executor, ctx: RequestContext, hub: HubRow, hm: HubMemberRow, to: HubMemberState, patch: Partial<HubMemberRow>, type: string, data: Record<string, unknown> = {}): Promise<HubMemberDto> {
    const now = clock.now();
    await updateHubMember(tx, hm.id, { ...patch, state: to, stateChangedAt: now, updatedAt: now });
    await activity.record(tx, byMember(ctx, type, { type: 'hub_member', id: hm.id, label: hm.externalEmail }, { hubId: hub.id, from: hm.state, to, ...data }));
    const row = (await listHubMembers(tx, hub.workspaceId, hub.id)).find((r) => r.id === hm.id)!;
    return toHubMemberDto(row);
  }

  return {
    async list(ctx, hubId, tab, state) {
      const { hub } = await access.require(database.db, ctx, hubId, 'view_members');
      const rows = (await listHubMembers(database.db, hub.workspaceId, hub.id)).map(toHubMemberDto);
      return rows.filter((m) => inTab(m, tab) && (!state || m.state === state));
    },

    async match(ctx, hubId, id, input) {
      return database.tx(async (tx) => {
        const { hub, hm } = await person(tx, ctx, hubId, id);
        if (hm.state !== 'unmatched') throw new AppError('conflict', 'Only unmatched people can be matched. This person is already linked or exempted.');
        const m = await findMember(tx, ctx.actor.workspaceId, input.memberId);
        if (!m) throw new AppError('not_found', 'No such member in this workspace.', { errors: [{ pointer: '/memberId', message: 'unknown member' }] });
        if (input.role === 'owner' && (m.role === 'guest' || m.role === 'login_only')) throw new AppError('forbidden', 'Guests and login-only members can only be Collaborators.');
        if (await findHubMemberByMember(tx, hub.id, m.id)) throw new AppError('conflict', `${m.email} is already linked to someone on this hub.`);
        const now = clock.now();
        const roles = (hm.observed as { roles?: string[] }).roles ?? [];
        await upsertGrant(tx, { id: newId(), workspaceId: hub.workspaceId, objectType: 'hub', objectId: hub.id, subjectType: 'user', subjectId: m.id, role: input.role, origin: 'sync_match', hubAccess: { seat: true, appRoleKeys: roles, assetGrants: [] }, createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        const to = settledState({ desiredSeat: true, loginMethod: hub.loginMethod as 'sso', requestToSave: hub.requestToSave, connected: hm.connectedAccountId !== null });
        return move(tx, ctx, hub, hm, to, { memberId: m.id, desired: { seat: true, appRoleKeys: roles } }, 'hub_member.matched', { memberId: m.id, role: input.role });
      });
    },

    async exempt(ctx, hubId, id, reason) {
      return database.tx(async (tx) => {
        const { hub, hm } = await person(tx, ctx, hubId, id);
        if (hm.state !== 'unmatched') throw new AppError('conflict', 'Only unmatched people can be exempted here.');
        return move(tx, ctx, hub, hm, 'exempted', { exemptReason: reason }, 'hub_member.exempted', { reason });
      });
    },

    async unexempt(ctx, hubId, id) {
      return database.tx(async (tx) => {
        const { hub, hm } = await person(tx, ctx, hubId, id);
        if (hm.state !== 'exempted') throw new AppError('conflict', 'This person is not exempted.');
        return move(tx, ctx, hub, hm, 'unmatched', { exemptReason: null, memberId: null }, 'hub_member.unexempted');
      });
    },

    async removeUnmatched(ctx, hubId, id) {
      return database.tx(async (tx) => {
        const { hub, hm } = await person(tx, ctx, hubId, id);
        if (hm.state !== 'unmatched') throw new AppError('conflict', 'Only unmatched people are removed from here; for members, change their access instead.');
        const now = clock.now();
        const jobId = await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'remove_user', trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: hub.id, hubMemberId: hm.id }, idempotencyKey: `remove_user:${hm.id}:${hm.stateChangedAt.getTime()}` }, now);
        await move(tx, ctx, hub, hm, 'awaiting_deprovisioning', { lastJobId: jobId }, 'hub_member.removal_requested', { jobId });
        return { jobId };
      });
    },
  };
}
