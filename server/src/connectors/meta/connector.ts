import { JobError } from '../../jobs/types.ts';
import { loadManifest } from '../catalog.ts';
import type { ReadRetryPolicy } from '../http.ts';
import type { Connector, ConnectorContext, InviteOutcome, ObservedInvite, ObservedMember, Snapshot } from '../types.ts';
import { assignMetaAssets, metaAssetKinds, unassignMetaAssets } from './assets.ts';
import { allPages, graphClient, type GraphClient } from './client.ts';

/** Shapes from the Graph reference (§1.3): BusinessUser, BusinessRoleRequest, assigned_users. */
interface BusinessUser { id: string; name?: string; email?: string; role?: string; tasks?: string[] }
interface RoleRequest { id: string; email?: string; role?: string; tasks?: string[]; status?: string; expiration_time?: string; invite_link?: string }
interface AssignedUser { id: string; name?: string; tasks?: string[] }

const baseRoles = new Set(['ADMIN', 'EMPLOYEE']);

const norm = (e: string | undefined | null): string => (e ?? '').trim().toLowerCase();

function inviteStatus(raw: string | undefined): ObservedInvite['status'] {
  // Store the vendor's string loosely: unknown values read as pending rather than failing the sync.
  switch ((raw ?? '').toUpperCase()) {
    case 'ACCEPTED': return 'accepted';
    case 'EXPIRED': return 'expired';
    case 'DECLINED': case 'CANCELED': case 'CANCELLED': return 'cancelled';
    default: return 'pending';
  }
}

function split(roles: string[]): { role: string; tasks: string[] } {
  return { role: roles.find((r) => baseRoles.has(r)) ?? 'EMPLOYEE', tasks: roles.filter((r) => !baseRoles.has(r)) };
}

/**
 * Meta Business Manager through the Graph API (version from LATCHKEY_META_GRAPH_VERSION). Invites
 * are one email per call and idempotent: `pending_users?email=` and the member list are read
 * first. Assets can only be granted to people who are already members (reference §1.4), so an
 * invite carries the business role and tasks only; `assignAssets` grants them after joining.
 * Pixels are synced with their holders but never granted or revoked: Graph only reads a pixel's
 * `assigned_users` (see `metaAssetKinds`).
 */
export function createMetaConnector(opts: { graphUrl: string; version: string; timeoutMs?: number; readRetry?: ReadRetryPolicy }): Connector {
  const manifest = loadManifest('meta');
  const client = (ctx: ConnectorContext): GraphClient => graphClient({ graphUrl: opts.graphUrl, version: opts.version, token: ctx.credential.token ?? '', timeoutMs: opts.timeoutMs ?? 15_000, ...(opts.readRetry ? { readRetry: opts.readRetry } : {}) });
  const bid = (ctx: ConnectorContext): string => encodeURIComponent(ctx.businessId);
  const pendingFor = (c: GraphClient, ctx: ConnectorContext, email?: string): Promise<RoleRequest[]> =>
    allPages<RoleRequest>(c, `/${bid(ctx)}/pending_users`, { fields: 'id,email,role,tasks,status,expiration_time,invite_link', ...(email ? { email } : {}) }, ctx.signal);
  const users = (c: GraphClient, ctx: ConnectorContext): Promise<BusinessUser[]> => allPages<BusinessUser>(c, `/${bid(ctx)}/business_users`, { fields: 'id,name,email,role,tasks' }, ctx.signal);

  return {
    manifest,

    async validate(ctx) {
      const b = await client(ctx).get<{ id: string; name: string }>(`/${bid(ctx)}`, { fields: 'id,name' }, ctx.signal);
      return { spaceName: b.name };
    },

    async snapshot(ctx): Promise<Snapshot> {
      const c = client(ctx);
      const [members, pending] = await Promise.all([users(c, ctx), pendingFor(c, ctx)]);
      const byUser = new Map<string, ObservedMember['assets']>();
      const assets: Snapshot['assets'] = [];
      for (const e of metaAssetKinds) {
        for (const a of await allPages<{ id: string; name?: string }>(c, `/${bid(ctx)}/${e.edge}`, { fields: 'id,name' }, ctx.signal)) {
          assets.push({ externalId: a.id, type: e.type, name: a.name ?? a.id });
          for (const u of await allPages<AssignedUser>(c, `/${encodeURIComponent(a.id)}/assigned_users`, { business: ctx.businessId, fields: 'id,name,tasks' }, ctx.signal)) {
            const tasks = u.tasks ?? [];
            byUser.set(u.id, [...(byUser.get(u.id) ?? []), { externalId: a.id, type: e.type, access: tasks.includes(e.fullTask) ? 'full' : 'partial', permissions: tasks }]);
          }
        }
      }
      return {
        members: members.map((m) => ({ externalUserId: m.id, email: m.email ?? '', username: m.name ?? null, roles: [m.role ?? 'EMPLOYEE', ...(m.tasks ?? []).filter((t) => !baseRoles.has(t))], assets: byUser.get(m.id) ?? [], isAppGuest: false })),
        invites: pending.map((p) => ({ externalInviteId: p.id, email: p.email ?? '', roles: [p.role ?? 'EMPLOYEE', ...(p.tasks ?? []).filter((t) => !baseRoles.has(t))], status: inviteStatus(p.status), expiresAt: p.expiration_time ? new Date(p.expiration_time).toISOString() : null, inviteUrl: p.invite_link ?? null })),
        assets,
        roles: [],
      };
    },

    /**
     * One e-mail per call (reference §4.4), so people go one by one. A throttle or outage part-way
     * stops the run: those already invited are reported, the rest carry the transient error and are
     * retried by the engine, which adopts any invite that did go out (listed as pending).
     */
    async invite(ctx, people) {
      const c = client(ctx);
      const members = new Set((await users(c, ctx)).map((m) => norm(m.email)));
      const out: InviteOutcome[] = [];
      const expiry = (r: RoleRequest | undefined): string | null => (r?.expiration_time ? new Date(r.expiration_time).toISOString() : null);
      for (const [i, p] of people.entries()) {
        if (members.has(norm(p.email))) {
          out.push({ email: p.email, outcome: 'already_member', externalInviteId: null, expiresAt: null });
          continue;
        }
        try {
          const earlier = (await pendingFor(c, ctx, p.email)).filter((r) => norm(r.email) === norm(p.email));
          // A resend deletes the lapsed request first, then invites again (reference §4.2).
          const stale = p.replaces ? earlier.find((r) => r.id === p.replaces) : undefined;
          if (stale) await c.send('DELETE', `/${encodeURIComponent(stale.id)}`, {}, ctx.signal);
          const open = earlier.find((r) => r !== stale && inviteStatus(r.status) === 'pending');
          if (open) {
            out.push({ email: p.email, outcome: 'already_invited', externalInviteId: open.id, expiresAt: expiry(open) });
            continue;
          }
          const { role, tasks } = split(p.roles);
          await c.send<{ id: string }>('POST', `/${bid(ctx)}/business_users`, { email: p.email, role, ...(tasks.length > 0 ? { tasks } : {}) }, ctx.signal);
          // The create answer is just an id; the role request (id, expiry, link) is read back.
          const req = (await pendingFor(c, ctx, p.email)).find((r) => norm(r.email) === norm(p.email) && inviteStatus(r.status) === 'pending');
          out.push({ email: p.email, outcome: 'invited', externalInviteId: req?.id ?? null, expiresAt: expiry(req) });
        } catch (e) {
          if (!(e instanceof JobError)) throw e;
          if (e.code === 'InviteRejected') {
            out.push({ email: p.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: e });
            continue;
          }
          if (!e.opts.transient) throw e;
          for (const rest of people.slice(i)) out.push({ email: rest.email, outcome: 'failed', externalInviteId: null, expiresAt: null, error: e });
          break;
        }
      }
      return out;
    },

    async updateRoles(ctx, externalUserId, roles) {
      const { role, tasks } = split(roles);
      await client(ctx).send('POST', `/${encodeURIComponent(externalUserId)}`, { role, ...(tasks.length > 0 ? { tasks } : {}) }, ctx.signal);
    },

    async remove(ctx, who) {
      const c = client(ctx);
      if (who.externalUserId) {
        try {
          await c.send('DELETE', `/${encodeURIComponent(who.externalUserId)}`, {}, ctx.signal);
        } catch (e) {
          // "Object does not exist" (100/33) means already removed.
          if (!(e instanceof JobError && e.code === 'InvalidBusinessId')) throw e;
        }
      }
      // A removed member may still have an open request for the same email (reference §1.7).
      for (const r of (await pendingFor(c, ctx, who.email)).filter((x) => norm(x.email) === norm(who.email) && inviteStatus(x.status) === 'pending')) {
        await c.send('DELETE', `/${encodeURIComponent(r.id)}`, {}, ctx.signal);
      }
    },

    assignAssets: (ctx, externalUserId, assets) => assignMetaAssets(client(ctx), ctx, externalUserId, assets),

    unassignAssets: (ctx, externalUserId, assets) => unassignMetaAssets(client(ctx), ctx, externalUserId, assets),
  };
}
