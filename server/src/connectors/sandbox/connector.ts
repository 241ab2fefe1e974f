import type { AppManifest, Connector, ConnectorContext, InviteOutcome, ObservedInvite, ObservedMember, Snapshot } from '../types.ts';
import { loadManifest } from '../catalog.ts';
import type { ReadRetryPolicy } from '../http.ts';
import { assetType, assignSandboxAssets, unassignSandboxAssets, type SbAsset } from './assets.ts';
import { sandboxClient, type SandboxClient } from './client.ts';

interface Page<T> { data: T[]; page: { nextCursor: string | null } }
interface SbMember { id: string; email: string; role: string }
interface SbInvite { id: string; email: string; role: string; status: 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'CANCELLED'; expiresAt: string }
interface SbInviteResult { email: string; outcome: 'INVITED' | 'REINVITED' | 'ALREADY_MEMBER' | 'ALREADY_INVITED'; invite: SbInvite | null }

/** The sandbox accepts at most 50 recipients per invite call. */
const batchSize = 50;

async function allPages<T>(client: SandboxClient, path: string, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = (await client.get<Page<T>>(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal))!;
    out.push(...page.data);
    cursor = page.page.nextCursor;
  } while (cursor);
  return out;
}

/** The Sandbox Business Center, reached only through its public admin API (a worked example for real apps). */
export function createSandboxConnector(opts: { baseUrl: string; timeoutMs?: number; readRetry?: ReadRetryPolicy }): Connector {
  const base = loadManifest('sandbox');
  const manifest: AppManifest = { ...base, loginUrl: new URL(base.loginUrl, opts.baseUrl).toString() };
  const client = (ctx: ConnectorContext): SandboxClient => sandboxClient({ baseUrl: opts.baseUrl, businessId: ctx.businessId, token: ctx.credential.token ?? '', timeoutMs: opts.timeoutMs ?? 15_000, ...(opts.readRetry ? { readRetry: opts.readRetry } : {}) });

  return {
    manifest,

    async validate(ctx) {
      const business = await client(ctx).get<{ name: string }>('', ctx.signal);
      return { spaceName: business!.name };
    },

    async snapshot(ctx): Promise<Snapshot> {
      const c = client(ctx);
      const [members, invites, assets] = await Promise.all([
        allPages<SbMember>(c, '/members', ctx.signal),
        allPages<SbInvite>(c, '/invites?status=ALL', ctx.signal),
        c.get<{ data: SbAsset[] }>('/assets', ctx.signal).then((r) => r!.data),
      ]);
      const assetsByUser = new Map<string, ObservedMember['assets']>();
      for (const a of assets) {
        for (const r of a.roles) {
          const list = assetsByUser.get(r.userId) ?? [];
          list.push({ externalId: a.id, type: assetType[a.kind], access: r.access === 'FULL' ? 'full' : 'partial', permissions: r.permissions });
          assetsByUser.set(r.userId, list);
        }
      }
      return {
        members: members.map((m) => ({ externalUserId: m.id, email: m.email, username: null, roles: [m.role], assets: assetsByUser.get(m.id) ?? [], isAppGuest: false })),
        invites: invites.map((i): ObservedInvite => ({ externalInviteId: i.id, email: i.email, roles: [i.role], status: i.status.toLowerCase() as ObservedInvite['status'], expiresAt: i.expiresAt, inviteUrl: null })),
        assets: assets.map((a) => ({ externalId: a.id, type: assetType[a.kind], name: a.name })),
        roles: [],
      };
    },

    async invite(ctx, people) {
      const c = client(ctx);
      const outcomes: InviteOutcome[] = [];
      for (let i = 0; i < people.length; i += batchSize) {
        const batch = people.slice(i, i + batchSize).map((p) => ({
          email: p.email,
          role: p.roles[0] ?? 'EMPLOYEE',
          assetGrants: p.assets.map((a) => ({ assetId: a.externalId, access: a.access === 'full' ? 'FULL' : 'PARTIAL', permissions: a.access === 'full' ? [] : a.permissions })),
        }));
        const res = await c.send<{ results: SbInviteResult[] }>('POST', '/invites', { invites: batch }, ctx.signal);
        for (const r of res!.results) {
          const outcome = r.outcome === 'ALREADY_MEMBER' ? 'already_member' : r.outcome === 'ALREADY_INVITED' ? 'already_invited' : 'invited';
          outcomes.push({ email: r.email, outcome, externalInviteId: r.invite?.id ?? null, expiresAt: r.invite?.expiresAt ?? null });
        }
      }
      return outcomes;
    },

    async updateRoles(ctx, externalUserId, roles) {
      await client(ctx).send('PATCH', `/members/${encodeURIComponent(externalUserId)}`, { role: roles[0] ?? 'EMPLOYEE' }, ctx.signal);
    },

    async remove(ctx, who) {
      const c = client(ctx);
      if (who.externalUserId) {
        // Removing a member also cancels their pending invites; "not found" means already gone.
        await c.send('DELETE', `/members/${encodeURIComponent(who.externalUserId)}`, undefined, ctx.signal, ['not_found']);
        return;
      }
      const open = await allPages<SbInvite>(c, '/invites?status=OPEN', ctx.signal);
      for (const i of open.filter((x) => x.email.toLowerCase() === who.email.toLowerCase())) {
        await c.send('DELETE', `/invites/${encodeURIComponent(i.id)}`, undefined, ctx.signal, ['not_found', 'invite_not_open']);
      }
    },

    assignAssets: (ctx, externalUserId, assets) => assignSandboxAssets(client(ctx), ctx.signal, externalUserId, assets),

    unassignAssets: (ctx, externalUserId, assets) => unassignSandboxAssets(client(ctx), ctx.signal, externalUserId, assets),
  };
}
