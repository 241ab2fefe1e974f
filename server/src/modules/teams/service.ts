import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { findMember } from '../members/repo.ts';
import { toTeamDto, type TeamDetailDto, type TeamDto } from './dto.ts';
import { canCreateTeam, canManageTeam, canSeeTeam, type TeamRole } from './policy.ts';
import {
  countTeamAdmins, deleteMembership, deleteTeam, findMembership, findTeam, insertMembership, insertTeam,
  listTeamMembers, listTeams, setMembershipRole, teamNameTaken, updateTeam, type TeamSummary,
} from './repo.ts';

export interface TeamsService {
  list(ctx: RequestContext): Promise<TeamDto[]>;
  get(ctx: RequestContext, id: string): Promise<TeamDetailDto>;
  create(ctx: RequestContext, name: string): Promise<TeamDto>;
  rename(ctx: RequestContext, id: string, name: string): Promise<TeamDto>;
  remove(ctx: RequestContext, id: string): Promise<void>;
  addMember(ctx: RequestContext, id: string, memberId: string, teamRole: TeamRole): Promise<TeamDetailDto>;
  setMemberRole(ctx: RequestContext, id: string, memberId: string, teamRole: TeamRole): Promise<TeamDetailDto>;
  removeMember(ctx: RequestContext, id: string, memberId: string): Promise<void>;
}

/** Called in the transaction of every membership change, so hub access follows teams (spec §3.3). */
export type OnTeamChanged = (tx: Executor, workspaceId: string, teamId: string, memberIds: string[], opts: { deleted: boolean; actor: { id: string; label: string } }) => Promise<void>;

export function createTeamsService(deps: { database: Database; activity: Pick<ActivityService, 'record'>; clock: Clock; onTeamChanged?: OnTeamChanged }): TeamsService {
  const { database, activity, clock } = deps;

  async function visible(ex: Executor, ctx: RequestContext, id: string, forUpdate = false): Promise<TeamSummary> {
    const t = await findTeam(ex, ctx.actor.workspaceId, id, ctx.actor.memberId, forUpdate);
    if (!t || !canSeeTeam(ctx.actor, t.myTeamRole as TeamRole | null)) throw new AppError('not_found', 'No such team in this workspace.');
    return t;
  }

  async function managed(ex: Executor, ctx: RequestContext, id: string): Promise<TeamSummary> {
    const t = await visible(ex, ctx, id, true);
    if (!canManageTeam(ctx.actor, t.myTeamRole as TeamRole | null)) throw new AppError('forbidden', 'Only this team\'s admins and workspace admins can change it.');
    return t;
  }

  async function detail(ex: Executor, ctx: RequestContext, id: string): Promise<TeamDetailDto> {
    const t = await visible(ex, ctx, id);
    const members = await listTeamMembers(ex, ctx.actor.workspaceId, id);
    return { ...toTeamDto(t), members: members.map((m) => ({ ...m, teamRole: m.teamRole as TeamRole })) };
  }

  /** A team always keeps a Team Admin, so somebody can still manage it without workspace admin rights. */
  async function assertKeepsAdmin(tx: Executor, ctx: RequestContext, teamId: string, memberId: string): Promise<void> {
    const m = await findMembership(tx, ctx.actor.workspaceId, teamId, memberId);
    if (m?.teamRole === 'team_admin' && (await countTeamAdmins(tx, ctx.actor.workspaceId, teamId)) <= 1) {
      throw new AppError('last_owner', 'A team needs at least one Team Admin. Make someone else Team Admin first.');
    }
  }

  return {
    async list(ctx) {
      const all = await listTeams(database.db, ctx.actor.workspaceId, ctx.actor.memberId);
      return all.filter((t) => canSeeTeam(ctx.actor, t.myTeamRole as TeamRole | null)).map(toTeamDto);
    },
    get: (ctx, id) => detail(database.db, ctx, id),
    async create(ctx, name) {
      if (!canCreateTeam(ctx.actor)) throw new AppError('forbidden', 'Login-only members and guests cannot create teams.');
      return database.tx(async (tx) => {
        if (await teamNameTaken(tx, ctx.actor.workspaceId, name.toLowerCase())) throw new AppError('conflict', `A team named "${name}" already exists.`, { errors: [{ pointer: '/name', message: 'already taken' }] });
        const now = clock.now();
        const id = newId(now.getTime());
        await insertTeam(tx, { id, workspaceId: ctx.actor.workspaceId, name, nameNormalized: name.toLowerCase(), createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await insertMembership(tx, { workspaceId: ctx.actor.workspaceId, teamId: id, memberId: ctx.actor.memberId, teamRole: 'team_admin', createdAt: now });
        await activity.record(tx, byMember(ctx, 'team.created', { type: 'team', id, label: name }));
        return toTeamDto((await findTeam(tx, ctx.actor.workspaceId, id, ctx.actor.memberId))!);
      });
    },
    async rename(ctx, id, name) {
      return database.tx(async (tx) => {
        const t = await managed(tx, ctx, id);
        if (name.toLowerCase() !== t.nameNormalized && (await teamNameTaken(tx, ctx.actor.workspaceId, name.toLowerCase()))) {
          throw new AppError('conflict', `A team named "${name}" already exists.`, { errors: [{ pointer: '/name', message: 'already taken' }] });
        }
        await updateTeam(tx, ctx.actor.workspaceId, id, { name, nameNormalized: name.toLowerCase(), updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'team.renamed', { type: 'team', id, label: name }, { from: t.name }));
        return toTeamDto((await findTeam(tx, ctx.actor.workspaceId, id, ctx.actor.memberId))!);
      });
    },
    async remove(ctx, id) {
      await database.tx(async (tx) => {
        const t = await managed(tx, ctx, id);
        const members = await listTeamMembers(tx, ctx.actor.workspaceId, id);
        await deps.onTeamChanged?.(tx, ctx.actor.workspaceId, id, members.map((m) => m.memberId), { deleted: true, actor: { id: ctx.actor.memberId, label: ctx.actor.email } });
        await deleteTeam(tx, ctx.actor.workspaceId, id);
        await activity.record(tx, byMember(ctx, 'team.deleted', { type: 'team', id, label: t.name }));
      });
    },
    async addMember(ctx, id, memberId, teamRole) {
      return database.tx(async (tx) => {
        const t = await managed(tx, ctx, id);
        const m = await findMember(tx, ctx.actor.workspaceId, memberId);
        if (!m) throw new AppError('not_found', 'No such member in this workspace.', { errors: [{ pointer: '/memberId', message: 'unknown member' }] });
        const added = await insertMembership(tx, { workspaceId: ctx.actor.workspaceId, teamId: id, memberId, teamRole, createdAt: clock.now() });
        if (!added) throw new AppError('conflict', `${m.email} is already in this team.`);
        await deps.onTeamChanged?.(tx, ctx.actor.workspaceId, id, [memberId], { deleted: false, actor: { id: ctx.actor.memberId, label: ctx.actor.email } });
        await activity.record(tx, byMember(ctx, 'team.member_added', { type: 'team', id, label: t.name }, { memberId, email: m.email, teamRole }));
        return detail(tx, ctx, id);
      });
    },
    async setMemberRole(ctx, id, memberId, teamRole) {
      return database.tx(async (tx) => {
        const t = await managed(tx, ctx, id);
        const current = await findMembership(tx, ctx.actor.workspaceId, id, memberId);
        if (!current) throw new AppError('not_found', 'That member is not in this team.');
        if (current.teamRole === teamRole) return detail(tx, ctx, id);
        if (teamRole === 'team_member') await assertKeepsAdmin(tx, ctx, id, memberId);
        await setMembershipRole(tx, ctx.actor.workspaceId, id, memberId, teamRole);
        await activity.record(tx, byMember(ctx, 'team.member_role_changed', { type: 'team', id, label: t.name }, { memberId, from: current.teamRole, to: teamRole }));
        return detail(tx, ctx, id);
      });
    },
    async removeMember(ctx, id, memberId) {
      await database.tx(async (tx) => {
        const t = await managed(tx, ctx, id);
        const current = await findMembership(tx, ctx.actor.workspaceId, id, memberId);
        if (!current) throw new AppError('not_found', 'That member is not in this team.');
        await assertKeepsAdmin(tx, ctx, id, memberId);
        await deleteMembership(tx, ctx.actor.workspaceId, id, memberId);
        await deps.onTeamChanged?.(tx, ctx.actor.workspaceId, id, [memberId], { deleted: false, actor: { id: ctx.actor.memberId, label: ctx.actor.email } });
        await activity.record(tx, byMember(ctx, 'team.member_removed', { type: 'team', id, label: t.name }, { memberId }));
      });
    },
  };
}
