import { JobError } from '../../jobs/types.ts';
import { loadManifest } from '../catalog.ts';
import type { ReadRetryPolicy } from '../http.ts';
import type { Connector, ConnectorContext, InviteOutcome, InviteRequest, ObservedInvite, ObservedMember, Snapshot } from '../types.ts';
import { assignPinterestAssets, chunks, pinterestPermissions, unassignPinterestAssets } from './assets.ts';
import { newRefreshState, parsePinterestCredential, pinterestClient, type PinterestApp, type PinterestClient, type Query } from './client.ts';

/** Shapes from Pinterest's OpenAPI 5.23.0 (reference §2.2–§2.5). Times are epoch milliseconds. */
interface PUser { id?: string; email?: string; username?: string }
interface PMember { id?: string; user?: PUser; business_roles?: string[] }
interface PInvite { id: string; user?: PUser; business_roles?: string[]; invite_data?: { invite_status?: string; invite_type?: string; invite_expiration?: number | null } }
interface PAsset { asset_id?: string; asset_type?: string; permissions?: string[] }
interface Paged<T> { items: T[]; bookmark?: string | null }
interface PInviteException { code?: number; message?: string; invite_or_request_id?: string; users_or_partner_ids?: string[] }
type PInviteItem = { invite: PInvite } | { exception: PInviteException };

/** Invite, cancel, removal and asset-access calls take at most 50 items (reference §4.4). */
const batchSize = 50;
const pageSize = 250;
const roles = new Set(['EMPLOYEE', 'BIZ_ADMIN']);

const norm = (e: string | undefined | null): string => (e ?? '').trim().toLowerCase();
const isoOrNull = (ms: number | null | undefined): string | null => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

function inviteStatus(raw: string | undefined): ObservedInvite['status'] {
  switch (raw) {
    case 'ACCEPTED': return 'accepted';
    case 'EXPIRED': return 'expired';
    case 'CANCELLED': case 'DECLINED': return 'cancelled';
    default: return 'pending';
  }
}

/** Follows `bookmark` until Pinterest returns none (reference §2.5). */
async function allPages<T>(c: PinterestClient, path: string, query: Query, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let bookmark: string | null | undefined;
  do {
    const page: Paged<T> = await c.get<Paged<T>>(path, { ...query, page_size: pageSize, bookmark: bookmark ?? undefined }, signal);
    out.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark);
  return out;
}

function roleOf(requested: string[]): 'EMPLOYEE' | 'BIZ_ADMIN' {
  const r = requested.find((x) => roles.has(x));
  return (r ?? 'EMPLOYEE') as 'EMPLOYEE' | 'BIZ_ADMIN';
}

interface InviteAssetGrant { invite_id: string; invite_type: 'MEMBER_INVITE'; asset_id_to_permissions: Record<string, string[]> }

function grantFor(inviteId: string, p: InviteRequest): InviteAssetGrant {
  return { invite_id: inviteId, invite_type: 'MEMBER_INVITE', asset_id_to_permissions: Object.fromEntries(p.assets.map((a) => [a.externalId, pinterestPermissions(a)])) };
}

/**
 * Pinterest Business Access (API v5). Invites are idempotent: open invites and members are listed
 * before any invite is sent, so a retried job (after a 429 part-way through 50-member batches)
 * reports the people already invited as `already_invited` instead of inviting them twice.
 */
export function createPinterestConnector(opts: { baseUrl: string; app?: PinterestApp | null; timeoutMs?: number; readRetry?: ReadRetryPolicy }): Connector {
  const manifest = loadManifest('pinterest');
  const refresh = newRefreshState();
  const client = (ctx: ConnectorContext): PinterestClient =>
    pinterestClient({ baseUrl: opts.baseUrl, businessId: ctx.businessId, credential: parsePinterestCredential(ctx.credential.token), app: opts.app ?? null, timeoutMs: opts.timeoutMs ?? 15_000, refresh, onRefreshed: ctx.onCredentialRefreshed, ...(opts.readRetry ? { readRetry: opts.readRetry } : {}) });

  const members = (c: PinterestClient, signal: AbortSignal, query: Query = {}): Promise<PMember[]> => allPages<PMember>(c, '/members', query, signal);
  const openInvites = (c: PinterestClient, signal: AbortSignal, statuses: string[] = ['PENDING']): Promise<PInvite[]> =>
    allPages<PInvite>(c, '/invites', { invite_type: 'MEMBER_INVITE', invite_status: statuses }, signal);

  return {
    manifest,

    async validate(ctx) {
      // Listing members needs biz_access:read and a role in the business: a 403/404 here says which is missing.
      await client(ctx).get<Paged<PMember>>('/members', { page_size: 1 }, ctx.signal);
      return { spaceName: `Pinterest business ${ctx.businessId}` };
    },

    async snapshot(ctx): Promise<Snapshot> {
      const c = client(ctx);
      const [ms, invites, assets] = await Promise.all([
        members(c, ctx.signal),
        openInvites(c, ctx.signal, ['PENDING', 'EXPIRED']),
        allPages<PAsset>(c, '/assets', { asset_type: 'AD_ACCOUNT' }, ctx.signal),
      ]);
      const observed: ObservedMember[] = [];
      // Serial on purpose: one business, one rate-limit bucket (ads_read).
      for (const m of ms) {
        const userId = m.user?.id ?? m.id ?? '';
        const owned = m.business_roles?.includes('BIZ_ADMIN') ? [] : await allPages<PAsset>(c, `/members/${encodeURIComponent(userId)}/assets`, { asset_type: 'AD_ACCOUNT' }, ctx.signal);
        observed.push({
          externalUserId: userId,
          email: m.user?.email ?? '',
          username: m.user?.username ?? null,
          roles: m.business_roles ?? [],
          // Admins have full control of every asset, so Pinterest lists no per-asset bindings for them.
          assets: m.business_roles?.includes('BIZ_ADMIN')
            ? assets.map((a) => ({ externalId: a.asset_id ?? '', type: 'ad_account', access: 'full' as const, permissions: ['ADMIN'] }))
            : owned.map((a) => ({ externalId: a.asset_id ?? '', type: 'ad_account', access: a.permissions?.includes('ADMIN') ? ('full' as const) : ('partial' as const), permissions: a.permissions ?? [] })),
          isAppGuest: m.business_roles?.includes('PARTNER') ?? false,
        });
      }
      return {
        members: observed,
        invites: invites.map((i): ObservedInvite => ({
          externalInviteId: i.id,
          email: i.user?.email ?? '',
          roles: i.business_roles ?? [],
          status: inviteStatus(i.invite_data?.invite_status),
          expiresAt: isoOrNull(i.invite_data?.invite_expiration),
          inviteUrl: null,
        })),
        assets: assets.map((a) => ({ externalId: a.asset_id ?? '', type: 'ad_account', name: `Ad account ${a.asset_id ?? ''}` })),
        roles: [],
      };
    },

    async invite(ctx, people) {
      const c = client(ctx);
      const [ms, pending] = await Promise.all([members(c, ctx.signal), openInvites(c, ctx.signal)]);
      const memberEmails = new Set(ms.map((m) => norm(m.user?.email)).filter(Boolean));
      const pendingByEmail = new Map(pending.map((i) => [norm(i.user?.email), i]));
      const outcomes = new Map<string, InviteOutcome>();
      const toSend: InviteRequest[] = [];
      const assetGrants: InviteAssetGrant[] = [];
      for (const p of people) {
        const key = norm(p.email);
        // The lapsed invite a resend replaces is cancelled below; any other open invite is adopted.
        const open = pendingByEmail.get(key)?.id === p.replaces ? undefined : pendingByEmail.get(key);
        if (memberEmails.has(key)) outcomes.set(key, { email: p.email, outcome: 'already_member', externalInviteId: null, expiresAt: null });
        else if (open) {
          outcomes.set(key, { email: p.email, outcome: 'already_invited', externalInviteId: open.id, expiresAt: isoOrNull(open.invite_data?.invite_expiration) });
          // A run that failed after inviting may not have attached the assets yet; attaching again just overwrites.
          if (p.assets.length > 0) assetGrants.push(grantFor(open.id, p));
        } else toSend.push(p);
      }

      // A resend cancels the lapsed invite if Pinterest still holds it open (reference §4.2), in calls of 50.
      const replaced = toSend.flatMap((p) => (p.replaces && pendingByEmail.get(norm(p.email))?.id === p.replaces ? [p.replaces] : []));
      for (const batch of chunks(replaced, batchSize)) await c.send('DELETE', '/invites', { invite_ids: batch }, ctx.signal);

      // One call per role and 50 people; each recipient gets its own result (the call can be 200 with some failing).
      const byRole = new Map<string, InviteRequest[]>();
      for (const p of toSend) byRole.set(roleOf(p.roles), [...(byRole.get(roleOf(p.roles)) ?? []), p]);
      for (const [role, group] of byRole) {
        for (const batch of chunks(group, batchSize)) {
          const res = await c.send<{ items: PInviteItem[] }>('POST', '/invites', { invite_type: 'MEMBER_INVITE', business_role: role, members: batch.map((p) => p.email) }, ctx.signal);
          const byEmail = new Map(batch.map((p) => [norm(p.email), p]));
          for (const item of res.items) {
            if ('invite' in item) {
              const p = byEmail.get(norm(item.invite.user?.email));
              if (!p) continue;
              outcomes.set(norm(p.email), { email: p.email, outcome: 'invited', externalInviteId: item.invite.id, expiresAt: isoOrNull(item.invite.invite_data?.invite_expiration) });
              if (p.assets.length > 0) assetGrants.push(grantFor(item.invite.id, p));
            } else {
              const ex = item.exception;
              for (const who of ex.users_or_partner_ids ?? []) {
                const p = byEmail.get(norm(who));
                if (!p) continue;
                outcomes.set(norm(p.email), { email: p.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: new JobError('InviteRejected', `Pinterest refused the invite: ${ex.message ?? 'no reason given'}`, { userAction: 'review_invite' }) });
              }
            }
          }
          for (const p of batch) {
            if (!outcomes.has(norm(p.email))) outcomes.set(norm(p.email), { email: p.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: new JobError('InviteRejected', 'Pinterest returned no result for this person.', { userAction: 'review_invite' }) });
          }
        }
      }
      // Asset permissions ride on the invite and apply when it is accepted (reference §2.2).
      for (const batch of chunks(assetGrants, batchSize)) await c.send('POST', '/invites/assets/access', { invites: batch }, ctx.signal);
      return people.map((p) => outcomes.get(norm(p.email))!);
    },

    async updateRoles(ctx, externalUserId, wanted) {
      const role = wanted.find((r) => roles.has(r));
      if (!role) throw new JobError('InviteRejected', `Pinterest business roles are EMPLOYEE or BIZ_ADMIN, not ${wanted.join(', ') || 'none'}.`, { userAction: 'review_invite' });
      const res = await client(ctx).send<{ items: ({ member_id: string } | { exception: { message?: string } })[] }>('PATCH', '/members', [{ member_id: externalUserId, business_role: role }], ctx.signal);
      const failed = res.items.find((x): x is { exception: { message?: string } } => 'exception' in x);
      if (failed) throw new JobError('InviteRejected', `Pinterest could not change the role: ${failed.exception.message ?? 'no reason given'}`, { userAction: 'review_invite' });
    },

    async remove(ctx, who) {
      const c = client(ctx);
      if (who.externalUserId) {
        const found = await members(c, ctx.signal, { member_ids: who.externalUserId });
        const m = found.find((x) => (x.user?.id ?? x.id) === who.externalUserId);
        // Already gone is success: removal is idempotent from Latchkey's side.
        if (m) await c.send('DELETE', '/members', { members: [{ member_id: who.externalUserId, business_role: m.business_roles?.[0] ?? 'EMPLOYEE' }] }, ctx.signal);
      }
      const open = (await openInvites(c, ctx.signal)).filter((i) => norm(i.user?.email) === norm(who.email));
      for (const batch of chunks(open.map((i) => i.id), batchSize)) {
        const res = await c.send<{ items: ({ invite: PInvite } | { exception: PInviteException })[] }>('DELETE', '/invites', { invite_ids: batch }, ctx.signal);
        const failed = res.items.find((x): x is { exception: PInviteException } => 'exception' in x);
        if (failed) throw new JobError('InviteRejected', `Pinterest could not cancel the invite: ${failed.exception.message ?? 'no reason given'}`, { userAction: 'review_invite' });
      }
    },

    assignAssets: (ctx, externalUserId, assets) => assignPinterestAssets(client(ctx), ctx.signal, externalUserId, assets),

    unassignAssets: (ctx, externalUserId, assets) => unassignPinterestAssets(client(ctx), ctx.signal, externalUserId, assets),
  };
}
