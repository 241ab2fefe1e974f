import { JobError } from '../../jobs/types.ts';
import { loadManifest } from '../catalog.ts';
import type { ReadRetryPolicy } from '../http.ts';
import type { Connector, ConnectorContext, InviteOutcome, InviteRequest, ObservedInvite, ObservedMember, Snapshot } from '../types.ts';
import { assignTikTokAssets, heldAdvertisers, observedAccess, unassignTikTokAssets, type TAsset } from './assets.ts';
import { allPages, tiktokClient, type TikTokClient } from './client.ts';

/**
 * Shapes from TikTok's SDK specs `bc_member_get.yml` and `bc_get.yml` (reference §3.2–§3.3): their
 * response mappings give `data.list[]` with `page_info`; a `/bc/get/` entry is
 * `{bc_info: {bc_id, name, company, currency, status, type, …}, user_role, ext_user_role, binding_status}`.
 */
interface TMember { user_id: string; user_name?: string; user_email: string; user_role: 'ADMIN' | 'STANDARD'; ext_user_role?: { finance_role?: 'MANAGER' | 'ANALYST' | null }; relation_status: 'BOUND' | 'PENDING' | 'REJECTED' | 'UNBOUND' }
interface TBc { bc_info: { bc_id: string; name: string }; user_role: string }

/** `member/invite` takes 1–50 emails (reference §4.4). */
const batchSize = 50;

const norm = (e: string | undefined | null): string => (e ?? '').trim().toLowerCase();

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Latchkey roles for a member: the BC role plus an optional finance role (`FINANCE_MANAGER` / `FINANCE_ANALYST`). */
function rolesOf(m: Pick<TMember, 'user_role' | 'ext_user_role'>): string[] {
  const fin = m.ext_user_role?.finance_role;
  return fin ? [m.user_role, `FINANCE_${fin}`] : [m.user_role];
}

function splitRoles(roles: string[]): { userRole: 'ADMIN' | 'STANDARD'; financeRole: 'MANAGER' | 'ANALYST' | null } {
  const fin = roles.find((r) => r === 'FINANCE_MANAGER' || r === 'FINANCE_ANALYST');
  return { userRole: roles.includes('ADMIN') ? 'ADMIN' : 'STANDARD', financeRole: fin ? (fin.slice('FINANCE_'.length) as 'MANAGER' | 'ANALYST') : null };
}

/** One advertiser role applies to all `asset_ids` of an invite call; full access is ADMIN. */
function advertiserRole(p: InviteRequest): 'ADMIN' | 'OPERATOR' | 'ANALYST' {
  const ads = p.assets.filter((a) => a.type === 'advertiser');
  if (ads.some((a) => a.access === 'full' || a.permissions.includes('ADMIN'))) return 'ADMIN';
  if (ads.some((a) => a.permissions.includes('OPERATOR'))) return 'OPERATOR';
  return 'ANALYST';
}

/**
 * TikTok Business Center (Business API v1.3). Members and invitations are one list, told apart by
 * `relation_status`; a PENDING member's `user_id` is the invite's id. Invites are idempotent: the
 * member list is read before inviting, so a job retried after 40100 part-way through its batches
 * does not invite anyone twice. Advertiser access is given with the invite; TikTok applies it when
 * the person first opens the account (manifest `joinSteps: assets_on_first_open`), and
 * `assignAssets` grants or changes it for members.
 */
export function createTikTokConnector(opts: { baseUrl: string; timeoutMs?: number; readRetry?: ReadRetryPolicy }): Connector {
  const manifest = loadManifest('tiktok');
  const client = (ctx: ConnectorContext): TikTokClient => tiktokClient({ baseUrl: opts.baseUrl, token: ctx.credential.token ?? '', timeoutMs: opts.timeoutMs ?? 15_000, ...(opts.readRetry ? { readRetry: opts.readRetry } : {}) });
  const members = (c: TikTokClient, ctx: ConnectorContext, filtering?: Record<string, string>): Promise<TMember[]> =>
    allPages<TMember>(c, '/bc/member/get/', { bc_id: ctx.businessId, ...(filtering ? { filtering } : {}) }, ctx.signal);

  return {
    manifest,

    async validate(ctx) {
      const bcs = await allPages<TBc>(client(ctx), '/bc/get/', {}, ctx.signal);
      const bc = bcs.find((b) => b.bc_info.bc_id === ctx.businessId);
      if (!bc) throw new JobError('InvalidBusinessId', 'The authorised TikTok account cannot see a Business Center with this ID.', { userAction: 'fix_business_id' });
      if (bc.user_role !== 'ADMIN') throw new JobError('UnderpermissionedAccount', `The authorised TikTok account is ${bc.user_role} in this Business Center; it must be Admin.`, { userAction: 'grant_permissions' });
      return { spaceName: bc.bc_info.name };
    },

    async snapshot(ctx): Promise<Snapshot> {
      const c = client(ctx);
      const all = await members(c, ctx);
      const assets = await allPages<TAsset>(c, '/bc/asset/get/', { bc_id: ctx.businessId, asset_type: 'ADVERTISER' }, ctx.signal);
      const observed: ObservedMember[] = [];
      // Serial on purpose: one Business Center, one rate limit. The member list carries no advertiser
      // roles, so each Standard member's advertisers are read; a BC Admin manages every asset of the
      // BC (TikTok's "About Business Center roles and permissions"), so it holds each one fully.
      for (const m of all.filter((x) => x.relation_status === 'BOUND')) {
        const held = m.user_role === 'ADMIN' ? new Map(assets.map((a) => [a.asset_id, 'ADMIN'])) : await heldAdvertisers(c, ctx, m.user_id);
        observed.push({ externalUserId: m.user_id, email: m.user_email, username: m.user_name ?? null, roles: rolesOf(m), assets: [...held].map(([id, role]) => observedAccess(id, role)), isAppGuest: false });
      }
      const invites: ObservedInvite[] = all
        .filter((m) => m.relation_status === 'PENDING' || m.relation_status === 'REJECTED')
        // TikTok has no expiry field: the engine's local TTL (manifest inviteTtlHours) decides when it is overdue.
        .map((m) => ({ externalInviteId: m.user_id, email: m.user_email, roles: rolesOf(m), status: m.relation_status === 'PENDING' ? 'pending' : 'cancelled', expiresAt: null, inviteUrl: null }));
      return { members: observed, invites, assets: assets.map((a) => ({ externalId: a.asset_id, type: 'advertiser', name: a.asset_name ?? a.asset_id })), roles: [] };
    },

    async invite(ctx, people) {
      const c = client(ctx);
      const byEmail = new Map((await members(c, ctx)).map((m) => [norm(m.user_email), m]));
      const outcomes = new Map<string, InviteOutcome>();
      const groups = new Map<string, { body: Record<string, unknown>; people: InviteRequest[] }>();
      for (const p of people) {
        const seen = byEmail.get(norm(p.email));
        if (seen?.relation_status === 'BOUND') outcomes.set(norm(p.email), { email: p.email, outcome: 'already_member', externalInviteId: null, expiresAt: null });
        else if (seen?.relation_status === 'PENDING' && seen.user_id !== p.replaces) outcomes.set(norm(p.email), { email: p.email, outcome: 'already_invited', externalInviteId: seen.user_id, expiresAt: null });
        else {
          // TikTok invites show no expiry and stay PENDING: a resend deletes the lapsed one by e-mail, then invites (reference §4.2).
          if (seen?.relation_status === 'PENDING') await c.post('/bc/member/delete/', { bc_id: ctx.businessId, user_email: seen.user_email }, ctx.signal);
          // One call carries one role set and one list of advertisers, so people are grouped by both.
          const { userRole, financeRole } = splitRoles(p.roles);
          const assetIds = p.assets.filter((a) => a.type === 'advertiser').map((a) => a.externalId).sort();
          const role = assetIds.length > 0 ? advertiserRole(p) : null;
          const key = JSON.stringify([userRole, financeRole, assetIds, role]);
          const body: Record<string, unknown> = { bc_id: ctx.businessId, user_role: userRole, ...(financeRole ? { ext_user_role: { finance_role: financeRole } } : {}), ...(assetIds.length > 0 ? { asset_type: 'ADVERTISER', asset_ids: assetIds, advertiser_role: role } : {}) };
          const g = groups.get(key) ?? { body, people: [] };
          g.people.push(p);
          groups.set(key, g);
        }
      }
      for (const g of groups.values()) {
        for (const batch of chunks(g.people, batchSize)) {
          try {
            await c.post('/bc/member/invite/', { ...g.body, emails: batch.map((p) => p.email) }, ctx.signal);
          } catch (e) {
            // A whole-call refusal (bad e-mail, wrong role) fails these people; throttling and auth go to the engine.
            if (!(e instanceof JobError) || e.opts.transient || e.code === 'TokenExpired' || e.code === 'UnderpermissionedAccount' || e.code === 'InvalidBusinessId') throw e;
            for (const p of batch) outcomes.set(norm(p.email), { email: p.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: e });
          }
        }
      }
      // The invite answer has no per-email results: read the list again for each new user_id.
      if (groups.size > 0) {
        const after = new Map((await members(c, ctx)).map((m) => [norm(m.user_email), m]));
        for (const g of groups.values()) {
          for (const p of g.people) {
            if (outcomes.has(norm(p.email))) continue;
            const m = after.get(norm(p.email));
            outcomes.set(norm(p.email), m?.relation_status === 'PENDING' || m?.relation_status === 'BOUND'
              ? { email: p.email, outcome: 'invited', externalInviteId: m.user_id, expiresAt: null }
              : { email: p.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: new JobError('InviteRejected', 'TikTok accepted the invite call but does not list this person as invited.', { userAction: 'review_invite' }) });
          }
        }
      }
      return people.map((p) => outcomes.get(norm(p.email))!);
    },

    async updateRoles(ctx, externalUserId, roles) {
      const { userRole, financeRole } = splitRoles(roles);
      await client(ctx).post('/bc/member/update/', { bc_id: ctx.businessId, user_id: externalUserId, user_role: userRole, ...(financeRole ? { ext_user_role: { finance_role: financeRole } } : {}) }, ctx.signal);
    },

    async remove(ctx, who) {
      const c = client(ctx);
      // Removing a member and revoking an invitation are the same call; nothing listed means already gone.
      const found = (await members(c, ctx)).filter((m) => (m.relation_status === 'BOUND' || m.relation_status === 'PENDING') && ((who.externalUserId && m.user_id === who.externalUserId) || norm(m.user_email) === norm(who.email)));
      for (const m of found) await c.post('/bc/member/delete/', { bc_id: ctx.businessId, user_id: m.user_id }, ctx.signal);
    },

    assignAssets: (ctx, externalUserId, assets) => assignTikTokAssets(client(ctx), ctx, externalUserId, assets),

    unassignAssets: (ctx, externalUserId, assets) => unassignTikTokAssets(client(ctx), ctx, externalUserId, assets),
  };
}
