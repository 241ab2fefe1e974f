import type { Database, Executor } from '../../db/client.ts';
import { normalizeEmail, type RequestContext, type WorkspaceRole } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { OneTimeTokens } from '../auth/one-time-tokens.ts';
import type { MailService } from '../mail/service.ts';
import { memberInvitation } from '../mail/templates.ts';
import { toMemberDto, type MemberDto } from './dto.ts';
import { canAssignRole, canInviteMember, canManageMember } from './policy.ts';
import { findMember, findMemberByEmail, findMemberForUpdate, insertMember, listMembers, updateMember, type MemberFilters, type MemberRow } from './repo.ts';

export interface InviteInput {
  email: string;
  role: WorkspaceRole;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface MembersService {
  list(ctx: RequestContext, f: MemberFilters, limit: number, cursor?: string): Promise<{ data: MemberDto[]; nextCursor: string | null }>;
  get(ctx: RequestContext, id: string): Promise<MemberDto>;
  invite(ctx: RequestContext, input: InviteInput): Promise<MemberDto>;
  resendInvite(ctx: RequestContext, id: string): Promise<MemberDto>;
  update(ctx: RequestContext, id: string, patch: { role?: WorkspaceRole | undefined; firstName?: string | undefined; lastName?: string | undefined }): Promise<MemberDto>;
  setDisabled(ctx: RequestContext, id: string, disabled: boolean): Promise<MemberDto>;
}

export interface MembersDeps {
  database: Database;
  activity: Pick<ActivityService, 'record'>;
  mail: Pick<MailService, 'queue'>;
  tokens: OneTimeTokens;
  clock: Clock;
  publicUrl: string;
  inviteTtlHours: number;
  workspaceName(ex: Executor, workspaceId: string): Promise<string>;
  revokeSessions(tx: Executor, workspaceId: string, memberId: string): Promise<void>;
}

function displayName(m: Pick<MemberRow, 'firstName' | 'lastName' | 'email'>): string {
  return `${m.firstName} ${m.lastName}`.trim() || m.email;
}

export function createMembersService(deps: MembersDeps): MembersService {
  const { database, activity, clock } = deps;

  async function load(ex: Executor, ctx: RequestContext, id: string, forUpdate = false): Promise<MemberRow> {
    const m = forUpdate ? await findMemberForUpdate(ex, ctx.actor.workspaceId, id) : await findMember(ex, ctx.actor.workspaceId, id);
    if (!m) throw new AppError('not_found', 'No such member in this workspace.');
    return m;
  }

  /** Issues a token and queues the invitation email in the caller's transaction. */
  async function sendInvitation(tx: Executor, ctx: RequestContext, m: MemberRow): Promise<MemberRow> {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + deps.inviteTtlHours * 3_600_000);
    const token = await deps.tokens.issue(tx, { workspaceId: m.workspaceId, memberId: m.id, purpose: 'invite', expiresAt, now });
    const inviter = await findMember(tx, ctx.actor.workspaceId, ctx.actor.memberId);
    // The token rides in the fragment: browsers never send it to a server, so it stays out of access logs.
    const content = memberInvitation({ workspaceName: await deps.workspaceName(tx, m.workspaceId), inviterName: inviter ? displayName(inviter) : 'An admin', url: `${deps.publicUrl}/accept-invite#token=${token}`, expiresAt });
    await deps.mail.queue(tx, { workspaceId: m.workspaceId, kind: 'member_invitation', to: m.email, ...content });
    return updateMember(tx, m.workspaceId, m.id, { inviteExpiresAt: expiresAt, updatedAt: now });
  }

  return {
    async list(ctx, f, limit, cursor) {
      const c = decodeCursor(cursor, 2);
      const rows = await listMembers(database.db, ctx.actor.workspaceId, f, limit + 1, c ? { createdAt: new Date(String(c[0])), id: String(c[1]) } : null);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page.map(toMemberDto), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    async get(ctx, id) {
      return toMemberDto(await load(database.db, ctx, id));
    },

    async invite(ctx, input) {
      if (!canInviteMember(ctx.actor, input.role)) {
        throw new AppError('forbidden', ctx.actor.role === 'user' ? 'Users can invite guests only. Ask an admin to invite members.' : 'Your role cannot invite members with that role.');
      }
      return database.tx(async (tx) => {
        const emailNormalized = normalizeEmail(input.email);
        if (await findMemberByEmail(tx, ctx.actor.workspaceId, emailNormalized)) {
          throw new AppError('conflict', `${input.email} is already a member of this workspace.`, { errors: [{ pointer: '/email', message: 'already a member' }] });
        }
        const now = clock.now();
        const m = await insertMember(tx, {
          id: newId(now.getTime()),
          workspaceId: ctx.actor.workspaceId,
          email: input.email.trim(),
          emailNormalized,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          role: input.role,
          status: 'pending',
          isGuest: input.role === 'guest',
          invitedBy: ctx.actor.memberId,
          createdAt: now,
          updatedAt: now,
        });
        const sent = await sendInvitation(tx, ctx, m);
        await activity.record(tx, byMember(ctx, 'member.invited', { type: 'member', id: m.id, label: m.email }, { role: m.role }));
        return toMemberDto(sent);
      });
    },

    async resendInvite(ctx, id) {
      return database.tx(async (tx) => {
        const m = await load(tx, ctx, id, true);
        if (!canManageMember(ctx.actor, { id: m.id, role: m.role as WorkspaceRole })) throw new AppError('forbidden', 'Only admins can resend invitations.');
        if (m.status !== 'pending') throw new AppError('conflict', 'This member already accepted the invitation.');
        const sent = await sendInvitation(tx, ctx, m);
        await activity.record(tx, byMember(ctx, 'member.invite_resent', { type: 'member', id: m.id, label: m.email }));
        return toMemberDto(sent);
      });
    },

    async update(ctx, id, patch) {
      return database.tx(async (tx) => {
        const m = await load(tx, ctx, id, true);
        const self = m.id === ctx.actor.memberId;
        const changesRole = patch.role !== undefined && patch.role !== m.role;
        if (changesRole && (!canManageMember(ctx.actor, { id: m.id, role: m.role as WorkspaceRole }) || !canAssignRole(ctx.actor, patch.role!))) {
          throw new AppError('forbidden', m.role === 'owner' ? 'The workspace owner keeps the owner role; transfer ownership instead.' : 'Your role cannot give this member that role.');
        }
        const changesName = patch.firstName !== undefined || patch.lastName !== undefined;
        if (changesName && !self && !canManageMember(ctx.actor, { id: m.id, role: m.role as WorkspaceRole })) throw new AppError('forbidden', 'You can change only your own name.');
        const updated = await updateMember(tx, m.workspaceId, m.id, {
          ...(changesRole ? { role: patch.role, isGuest: patch.role === 'guest' } : {}),
          ...(patch.firstName !== undefined ? { firstName: patch.firstName } : {}),
          ...(patch.lastName !== undefined ? { lastName: patch.lastName } : {}),
          updatedAt: clock.now(),
        });
        if (changesRole) await activity.record(tx, byMember(ctx, 'member.role_changed', { type: 'member', id: m.id, label: m.email }, { from: m.role, to: patch.role }));
        if (changesName) await activity.record(tx, byMember(ctx, 'member.profile_updated', { type: 'member', id: m.id, label: m.email }));
        return toMemberDto(updated);
      });
    },

    async setDisabled(ctx, id, disabled) {
      return database.tx(async (tx) => {
        const m = await load(tx, ctx, id, true);
        if (!canManageMember(ctx.actor, { id: m.id, role: m.role as WorkspaceRole })) throw new AppError('forbidden', m.id === ctx.actor.memberId ? 'You cannot disable yourself.' : 'Only admins can disable or enable members, and never the owner.');
        const now = clock.now();
        if (disabled) {
          if (m.status === 'disabled') return toMemberDto(m);
          await deps.revokeSessions(tx, m.workspaceId, m.id);
          const u = await updateMember(tx, m.workspaceId, m.id, { status: 'disabled', disabledAt: now, updatedAt: now });
          await activity.record(tx, byMember(ctx, 'member.disabled', { type: 'member', id: m.id, label: m.email }));
          return toMemberDto(u);
        }
        if (m.status !== 'disabled') return toMemberDto(m);
        const u = await updateMember(tx, m.workspaceId, m.id, { status: m.activatedAt ? 'active' : 'pending', disabledAt: null, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'member.enabled', { type: 'member', id: m.id, label: m.email }));
        return toMemberDto(u);
      });
    },
  };
}
