import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { findMember } from '../members/repo.ts';
import { findTeam, listTeamMembers } from '../teams/repo.ts';
import { toGrantDto, type grantSchema } from './dto.ts';
import { canHoldRole, canManageAccount } from './policy.ts';
import { countOwnerGrants, deleteGrant, findGrant, listGrants, updateGrantRole, upsertGrant, type AccountRole, type GrantRow } from './repo.ts';
import type { AccountsService } from './service.ts';
import type { z } from 'zod';

type GrantDto = z.infer<typeof grantSchema>;

export interface ShareInput {
  subjectType: 'user' | 'team';
  subjectId: string;
  role: AccountRole;
}

export interface AccountSharingService {
  list(ctx: RequestContext, accountId: string): Promise<GrantDto[]>;
  share(ctx: RequestContext, accountId: string, input: ShareInput): Promise<GrantDto>;
  changeRole(ctx: RequestContext, accountId: string, grantId: string, role: AccountRole): Promise<GrantDto>;
  revoke(ctx: RequestContext, accountId: string, grantId: string): Promise<void>;
}

export function createAccountSharingService(deps: { database: Database; accounts: Pick<AccountsService, 'roleOf'>; activity: Pick<ActivityService, 'record'>; clock: Clock }): AccountSharingService {
  const { database, activity, clock } = deps;

  /** The subject's display name and the workspace roles it stands for (a team: all its members). */
  async function subject(ex: Executor, ctx: RequestContext, type: string, id: string): Promise<{ label: string; roles: string[] }> {
    if (type === 'user') {
      const m = await findMember(ex, ctx.actor.workspaceId, id);
      if (!m) throw new AppError('not_found', 'No such member in this workspace.', { errors: [{ pointer: '/subjectId', message: 'unknown member' }] });
      return { label: `${m.firstName} ${m.lastName}`.trim() || m.email, roles: [m.role] };
    }
    const t = await findTeam(ex, ctx.actor.workspaceId, id, ctx.actor.memberId);
    if (!t) throw new AppError('not_found', 'No such team in this workspace.', { errors: [{ pointer: '/subjectId', message: 'unknown team' }] });
    const members = await listTeamMembers(ex, ctx.actor.workspaceId, id);
    const roles = await Promise.all(members.map(async (m) => (await findMember(ex, ctx.actor.workspaceId, m.memberId))?.role ?? 'user'));
    return { label: t.name, roles };
  }

  async function owned(tx: Executor, ctx: RequestContext, accountId: string): Promise<{ label: string }> {
    const { account, role } = await deps.accounts.roleOf(tx, ctx, accountId);
    if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can share it or change who has access.');
    return account;
  }

  async function grantOf(tx: Executor, ctx: RequestContext, accountId: string, grantId: string): Promise<GrantRow> {
    const g = await findGrant(tx, ctx.actor.workspaceId, grantId);
    if (!g || g.objectType !== 'account' || g.objectId !== accountId) throw new AppError('not_found', 'No such access grant on this account.');
    return g;
  }

  /** Invariant 2: an account always keeps an Owner. */
  async function assertKeepsOwner(tx: Executor, ctx: RequestContext, g: GrantRow): Promise<void> {
    if (g.role === 'owner' && (await countOwnerGrants(tx, ctx.actor.workspaceId, 'account', g.objectId)) <= 1) {
      throw new AppError('last_owner', 'An account needs at least one Owner. Make someone else Owner first.');
    }
  }

  return {
    async list(ctx, accountId) {
      const { role } = await deps.accounts.roleOf(database.db, ctx, accountId);
      if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can see who has access.');
      const rows = await listGrants(database.db, ctx.actor.workspaceId, 'account', accountId);
      return Promise.all(rows.map(async (g) => toGrantDto(g, (await subject(database.db, ctx, g.subjectType, g.subjectId).catch(() => ({ label: 'Removed' }))).label)));
    },
    async share(ctx, accountId, input) {
      return database.tx(async (tx) => {
        const account = await owned(tx, ctx, accountId);
        const s = await subject(tx, ctx, input.subjectType, input.subjectId);
        if (!canHoldRole(s.roles, input.role)) throw new AppError('forbidden', 'Guests and login-only members (and teams that include them) can only be Collaborators.');
        const now = clock.now();
        const g = await upsertGrant(tx, { id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, objectType: 'account', objectId: accountId, subjectType: input.subjectType, subjectId: input.subjectId, role: input.role, origin: 'share', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'account.access.shared', { type: 'account', id: accountId, label: account.label }, { subjectType: input.subjectType, subjectId: input.subjectId, subject: s.label, role: input.role }));
        return toGrantDto(g, s.label);
      });
    },
    async changeRole(ctx, accountId, grantId, role) {
      return database.tx(async (tx) => {
        const account = await owned(tx, ctx, accountId);
        const g = await grantOf(tx, ctx, accountId, grantId);
        const s = await subject(tx, ctx, g.subjectType, g.subjectId);
        if (role !== 'owner') await assertKeepsOwner(tx, ctx, g);
        if (!canHoldRole(s.roles, role)) throw new AppError('forbidden', 'Guests and login-only members (and teams that include them) can only be Collaborators.');
        const updated = await updateGrantRole(tx, ctx.actor.workspaceId, grantId, role, clock.now());
        await activity.record(tx, byMember(ctx, 'account.access.role_changed', { type: 'account', id: accountId, label: account.label }, { subject: s.label, from: g.role, to: role }));
        return toGrantDto(updated, s.label);
      });
    },
    async revoke(ctx, accountId, grantId) {
      await database.tx(async (tx) => {
        const account = await owned(tx, ctx, accountId);
        const g = await grantOf(tx, ctx, accountId, grantId);
        await assertKeepsOwner(tx, ctx, g);
        await deleteGrant(tx, ctx.actor.workspaceId, grantId);
        await activity.record(tx, byMember(ctx, 'account.access.revoked', { type: 'account', id: accountId, label: account.label }, { subjectType: g.subjectType, subjectId: g.subjectId, role: g.role }));
      });
    },
  };
}
