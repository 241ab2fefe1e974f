import { createHash } from 'node:crypto';
import type { Database, Executor } from '../../db/client.ts';
import { normalizeEmail, type ClientInfo, type MemberActor, type RequestContext, type WorkspaceRole } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, type Random } from '../../lib/random.ts';
import { byMember, type ActivityService, type ActivityInput } from '../activity/service.ts';
import type { Keyring } from '../keyring/service.ts';
import type { MailService } from '../mail/service.ts';
import { passwordReset } from '../mail/templates.ts';
import { findMember, findMemberForUpdate, findSignInCandidates, updateMember, type MemberRow } from '../members/repo.ts';
import type { WorkspaceRow } from '../workspaces/repo.ts';
import { findWorkspace } from '../workspaces/repo.ts';
import type { OneTimeTokens } from './one-time-tokens.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { clearThrottle, deleteMemberSessions, deleteSession, findLiveSession, findThrottle, insertSession, lockUntil, recordFailure, touchSession } from './repo.ts';
import type { LoginTotp } from './totp.ts';

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string | undefined;
  workspace?: string | undefined;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  member: MemberRow;
  workspace: WorkspaceRow;
}

export interface AuthService {
  login(input: LoginInput, client: ClientInfo): Promise<SignedIn>;
  /** Starts a session for a member who just proved who they are (setup, invitation). */
  startSession(tx: Executor, member: MemberRow, client: ClientInfo): Promise<{ token: string; expiresAt: Date }>;
  resolveSession(token: string): Promise<MemberActor | null>;
  logout(ctx: RequestContext): Promise<void>;
  session(ctx: RequestContext): Promise<{ member: MemberRow; workspace: WorkspaceRow }>;
  beginTotpSetup(ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }>;
  enableTotp(ctx: RequestContext, code: string): Promise<void>;
  disableTotp(ctx: RequestContext, password: string): Promise<void>;
  requestPasswordReset(email: string, workspace: string | undefined, client: ClientInfo): Promise<void>;
  confirmPasswordReset(token: string, password: string, client: ClientInfo): Promise<void>;
  inspectInvitation(token: string): Promise<{ email: string; firstName: string; lastName: string; workspaceName: string; expiresAt: Date }>;
  acceptInvitation(input: { token: string; password: string; firstName?: string | undefined; lastName?: string | undefined }, client: ClientInfo): Promise<SignedIn>;
  revokeSessions(tx: Executor, workspaceId: string, memberId: string): Promise<void>;
}

export interface AuthDeps {
  database: Database;
  activity: Pick<ActivityService, 'record'>;
  mail: Pick<MailService, 'queue'>;
  keyring: Pick<Keyring, 'seal' | 'open'>;
  tokens: OneTimeTokens;
  totp: LoginTotp;
  clock: Clock;
  random: Random;
  publicUrl: string;
  sessionTtlHours: number;
  resetTtlMinutes: number;
  loginMaxFailures: number;
}

const touchEveryMs = 60_000;
const sessionHash = (token: string): Buffer => createHash('sha256').update(token).digest();

function memberEvent(m: MemberRow, type: string, client: ClientInfo, data: Record<string, unknown> = {}): ActivityInput {
  return { workspaceId: m.workspaceId, type, actor: { kind: 'member', id: m.id, label: m.email }, target: { type: 'member', id: m.id, label: m.email }, data, ip: client.ip, userAgent: client.userAgent };
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { database, activity, clock } = deps;
  const ttlMs = deps.sessionTtlHours * 3_600_000;

  async function startSession(tx: Executor, member: MemberRow, client: ClientInfo): Promise<{ token: string; expiresAt: Date }> {
    const now = clock.now();
    const token = randomToken(deps.random, 32);
    const expiresAt = new Date(now.getTime() + ttlMs);
    await insertSession(tx, { id: newId(now.getTime()), workspaceId: member.workspaceId, memberId: member.id, tokenHash: sessionHash(token), expiresAt, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent?.slice(0, 512) ?? null, createdAt: now });
    await updateMember(tx, member.workspaceId, member.id, { lastActivityAt: now });
    return { token, expiresAt };
  }

  /** After N straight failures the email is locked for 30 s, doubling per further failure, up to 15 min. */
  async function failLogin(emailNormalized: string, candidate: MemberRow | undefined, client: ClientInfo, reason: string): Promise<void> {
    const now = clock.now();
    await database.tx(async (tx) => {
      const failures = await recordFailure(tx, emailNormalized, now);
      if (failures >= deps.loginMaxFailures) {
        const waitMs = Math.min(15 * 60_000, 30_000 * 2 ** (failures - deps.loginMaxFailures));
        await lockUntil(tx, emailNormalized, new Date(now.getTime() + waitMs));
      }
      if (candidate) await activity.record(tx, memberEvent(candidate, 'member.sign_in_failed', client, { reason, failures }));
    });
  }

  async function loadSelf(ex: Executor, ctx: RequestContext, forUpdate = false): Promise<MemberRow> {
    const m = forUpdate ? await findMemberForUpdate(ex, ctx.actor.workspaceId, ctx.actor.memberId) : await findMember(ex, ctx.actor.workspaceId, ctx.actor.memberId);
    if (!m) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.');
    return m;
  }

  return {
    startSession,

    async login(input, client) {
      const emailNormalized = normalizeEmail(input.email);
      const now = clock.now();
      const throttle = await findThrottle(database.db, emailNormalized);
      if (throttle?.lockedUntil && throttle.lockedUntil > now) {
        const retryAfter = Math.ceil((throttle.lockedUntil.getTime() - now.getTime()) / 1000);
        throw new AppError('rate_limited', `Too many failed sign-ins for this email. Try again in ${retryAfter} seconds, or reset your password.`, { retryAfter });
      }
      const candidates = (await findSignInCandidates(database.db, emailNormalized)).filter((c) => !input.workspace || c.workspaceSlug === input.workspace);
      const checks = candidates.length > 0 ? candidates : [undefined];
      const matches = [];
      for (const c of checks) if (await verifyPassword(c?.member.passwordHash ?? null, input.password)) matches.push(c!);
      if (matches.length === 0) {
        await failLogin(emailNormalized, candidates.length === 1 ? candidates[0]!.member : undefined, client, 'password');
        throw new AppError('invalid_credentials', 'The email or password is not right. Check both, or reset your password.');
      }
      const usable = matches.filter((c) => c.member.status === 'active');
      if (usable.length === 0) throw new AppError('forbidden', 'Your Latchkey account is disabled. Ask a workspace admin to enable it.');
      if (usable.length > 1) {
        throw new AppError('workspace_required', 'This email belongs to several workspaces. Choose one.', { workspaces: usable.map((c) => ({ slug: c.workspaceSlug, name: c.workspaceName })) });
      }
      const { member } = usable[0]!;
      if (member.mfaEnabled) {
        if (!input.totpCode) throw new AppError('totp_required', 'Enter the 6-digit code from your authenticator app.');
        const secret = await deps.keyring.open(database.db, member.workspaceId, member.id, 'login_totp', member.totpSecretEnc!);
        if (!deps.totp.verify(secret, input.totpCode, now)) {
          await failLogin(emailNormalized, member, client, 'totp');
          throw new AppError('invalid_totp', 'That authentication code is not right. Codes change every 30 seconds; enter the current one.');
        }
      }
      return database.tx(async (tx) => {
        await clearThrottle(tx, emailNormalized);
        const s = await startSession(tx, member, client);
        await activity.record(tx, memberEvent(member, 'member.signed_in', client, { mfa: member.mfaEnabled }));
        const workspace = (await findWorkspace(tx, member.workspaceId))!;
        return { ...s, member, workspace };
      });
    },

    async resolveSession(token) {
      const now = clock.now();
      const found = await findLiveSession(database.db, sessionHash(token), now);
      if (!found) return null;
      const { session, member } = found;
      // Sliding expiry, written at most once a minute per session to keep reads cheap.
      if (now.getTime() - session.lastSeenAt.getTime() > touchEveryMs) {
        await database.tx(async (tx) => {
          await touchSession(tx, session.id, now, new Date(now.getTime() + ttlMs));
          await updateMember(tx, member.workspaceId, member.id, { lastActivityAt: now });
        });
      }
      return { kind: 'member', workspaceId: member.workspaceId, memberId: member.id, role: member.role as WorkspaceRole, email: member.email, sessionId: session.id };
    },

    async logout(ctx) {
      await database.tx(async (tx) => {
        if (ctx.actor.sessionId) await deleteSession(tx, ctx.actor.workspaceId, ctx.actor.sessionId);
        await activity.record(tx, byMember(ctx, 'member.signed_out'));
      });
    },

    async session(ctx) {
      const member = await loadSelf(database.db, ctx);
      const workspace = await findWorkspace(database.db, ctx.actor.workspaceId);
      if (!workspace) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.');
      return { member, workspace };
    },

    async beginTotpSetup(ctx) {
      return database.tx(async (tx) => {
        const m = await loadSelf(tx, ctx, true);
        if (m.mfaEnabled) throw new AppError('conflict', 'Two-factor sign-in is already on. Turn it off first to use a new authenticator.');
        const { secret, uri } = deps.totp.generate(m.email);
        await updateMember(tx, m.workspaceId, m.id, { totpPendingEnc: await deps.keyring.seal(tx, m.workspaceId, m.id, 'login_totp_pending', secret), updatedAt: clock.now() });
        return { secret, otpauthUri: uri };
      });
    },

    async enableTotp(ctx, code) {
      await database.tx(async (tx) => {
        const m = await loadSelf(tx, ctx, true);
        if (!m.totpPendingEnc) throw new AppError('conflict', 'Start the authenticator setup first.');
        const secret = await deps.keyring.open(tx, m.workspaceId, m.id, 'login_totp_pending', m.totpPendingEnc);
        if (!deps.totp.verify(secret, code, clock.now())) throw new AppError('invalid_totp', 'That code is not right. Check the time on your phone and enter the current code.');
        await updateMember(tx, m.workspaceId, m.id, { totpSecretEnc: await deps.keyring.seal(tx, m.workspaceId, m.id, 'login_totp', secret), totpPendingEnc: null, mfaEnabled: true, updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'member.mfa_enabled', { type: 'member', id: m.id, label: m.email }));
      });
    },

    async disableTotp(ctx, password) {
      await database.tx(async (tx) => {
        const m = await loadSelf(tx, ctx, true);
        if (!(await verifyPassword(m.passwordHash, password))) throw new AppError('invalid_credentials', 'That password is not right.');
        await updateMember(tx, m.workspaceId, m.id, { totpSecretEnc: null, totpPendingEnc: null, mfaEnabled: false, updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'member.mfa_disabled', { type: 'member', id: m.id, label: m.email }));
      });
    },

    async requestPasswordReset(email, workspace, client) {
      const candidates = (await findSignInCandidates(database.db, normalizeEmail(email))).filter((c) => c.member.status === 'active' && (!workspace || c.workspaceSlug === workspace));
      for (const c of candidates) {
        await database.tx(async (tx) => {
          const now = clock.now();
          const expiresAt = new Date(now.getTime() + deps.resetTtlMinutes * 60_000);
          const token = await deps.tokens.issue(tx, { workspaceId: c.member.workspaceId, memberId: c.member.id, purpose: 'password_reset', expiresAt, now });
          const content = passwordReset({ workspaceName: c.workspaceName, url: `${deps.publicUrl}/reset-password#token=${token}`, expiresAt });
          await deps.mail.queue(tx, { workspaceId: c.member.workspaceId, kind: 'password_reset', to: c.member.email, ...content });
          await activity.record(tx, memberEvent(c.member, 'member.password_reset_requested', client));
        });
      }
    },

    async confirmPasswordReset(token, password, client) {
      await database.tx(async (tx) => {
        const t = await deps.tokens.consume(tx, token, 'password_reset', clock.now());
        const m = await findMemberForUpdate(tx, t.workspaceId, t.memberId);
        if (!m || m.status !== 'active') throw new AppError('invalid_token', 'This link is not valid any more. Ask an admin for help.');
        await updateMember(tx, m.workspaceId, m.id, { passwordHash: await hashPassword(password), updatedAt: clock.now() });
        await deleteMemberSessions(tx, m.workspaceId, m.id);
        await clearThrottle(tx, m.emailNormalized);
        await activity.record(tx, memberEvent(m, 'member.password_reset', client));
      });
    },

    async inspectInvitation(token) {
      const t = await deps.tokens.inspect(database.db, token, 'invite', clock.now());
      const m = await findMember(database.db, t.workspaceId, t.memberId);
      const w = await findWorkspace(database.db, t.workspaceId);
      if (!m || !w || m.status !== 'pending') throw new AppError('token_used', 'This invitation was already accepted. Sign in instead.');
      return { email: m.email, firstName: m.firstName, lastName: m.lastName, workspaceName: w.name, expiresAt: t.expiresAt };
    },

    async acceptInvitation(input, client) {
      return database.tx(async (tx) => {
        const now = clock.now();
        const t = await deps.tokens.consume(tx, input.token, 'invite', now);
        const m = await findMemberForUpdate(tx, t.workspaceId, t.memberId);
        if (!m || m.status !== 'pending') throw new AppError('token_used', 'This invitation was already accepted. Sign in instead.');
        const member = await updateMember(tx, m.workspaceId, m.id, {
          passwordHash: await hashPassword(input.password),
          status: 'active',
          activatedAt: now,
          inviteExpiresAt: null,
          ...(input.firstName ? { firstName: input.firstName } : {}),
          ...(input.lastName ? { lastName: input.lastName } : {}),
          updatedAt: now,
        });
        await activity.record(tx, memberEvent(member, 'member.joined', client));
        const s = await startSession(tx, member, client);
        return { ...s, member, workspace: (await findWorkspace(tx, member.workspaceId))! };
      });
    },

    revokeSessions: deleteMemberSessions,
  };
}
