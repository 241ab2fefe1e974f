import { loadManifest } from '../../src/connectors/catalog.ts';
import type { AssetGrant, Connector, ConnectorContext, InviteOutcome, ObservedAsset, ObservedInvite, ObservedMember } from '../../src/connectors/types.ts';
import { JobError } from '../../src/jobs/types.ts';

/**
 * A third-party space held in memory, behind the real Connector contract: the edge that
 * integration tests fake. It checks the token and business id like an app would.
 */
export interface FakeSpace {
  businessId: string;
  token: string;
  members: ObservedMember[];
  invites: ObservedInvite[];
  assets: ObservedAsset[];
  seatLimit: number | null;
  /** Every operation, in order; asset operations name the member and the assets' external ids. */
  calls: { op: string; email?: string; externalUserId?: string; assets?: string[] }[];
  /** The next call of this operation fails with this error (once). */
  failNext: Partial<Record<'validate' | 'snapshot' | 'invite' | 'remove' | 'assignAssets' | 'unassignAssets', JobError>>;
}

export function fakeSpace(over: Partial<FakeSpace> = {}): FakeSpace {
  return { businessId: '00000000-0000-4000-8000-000000000001', token: 'fake-token', members: [], invites: [], assets: [], seatLimit: null, calls: [], failNext: {}, ...over };
}

export const appMember = (email: string, role = 'EMPLOYEE'): ObservedMember => ({ externalUserId: `ext-${email}`, email, username: null, roles: [role], assets: [], isAppGuest: false });

const sameAsset = (a: { externalId: string; type: string }) => (b: { externalId: string; type: string }): boolean => a.externalId === b.externalId && a.type === b.type;

/** Like an app: only members get access, only to assets the space has; a grant replaces the earlier one on that asset. */
function grantAssets(space: FakeSpace, externalUserId: string, grants: AssetGrant[]): void {
  const m = space.members.find((x) => x.externalUserId === externalUserId);
  if (!m) throw new JobError('InviteRejected', `no member ${externalUserId}`, { userAction: 'review_invite' });
  const unknown = grants.find((g) => !space.assets.some(sameAsset(g)));
  if (unknown) throw new JobError('InviteRejected', `no ${unknown.type} ${unknown.externalId}`, { userAction: 'review_invite' });
  for (const g of grants) m.assets = [...m.assets.filter((a) => !sameAsset(g)(a)), { externalId: g.externalId, type: g.type, access: g.access, permissions: [...g.permissions] }];
}

export function fakeConnector(space: FakeSpace): Connector {
  function check(ctx: ConnectorContext, op: keyof FakeSpace['failNext']): void {
    const fail = space.failNext[op];
    if (fail) {
      delete space.failNext[op];
      throw fail;
    }
    if (ctx.credential.token !== space.token) throw new JobError('TokenExpired', 'token not accepted', { userAction: 'reauthorize' });
    if (ctx.businessId !== space.businessId) throw new JobError('InvalidBusinessId', 'unknown business', { userAction: 'fix_business_id' });
  }
  return {
    manifest: loadManifest('sandbox'),
    async validate(ctx) {
      check(ctx, 'validate');
      space.calls.push({ op: 'validate' });
      return { spaceName: 'Fake space' };
    },
    async snapshot(ctx) {
      check(ctx, 'snapshot');
      space.calls.push({ op: 'snapshot' });
      return { members: structuredClone(space.members), invites: structuredClone(space.invites), assets: structuredClone(space.assets), roles: [] };
    },
    async invite(ctx, people) {
      check(ctx, 'invite');
      const out: InviteOutcome[] = [];
      for (const p of people) {
        space.calls.push({ op: 'invite', email: p.email });
        if (space.members.some((m) => m.email === p.email)) out.push({ email: p.email, outcome: 'already_member', externalInviteId: null, expiresAt: null });
        else if (space.invites.some((i) => i.email === p.email && i.status === 'pending')) out.push({ email: p.email, outcome: 'already_invited', externalInviteId: null, expiresAt: null });
        else {
          if (space.seatLimit !== null && space.members.length + space.invites.filter((i) => i.status === 'pending').length >= space.seatLimit) throw new JobError('NotEnoughSeats', 'no free seat', { userAction: 'add_licenses' });
          const inv: ObservedInvite = { externalInviteId: `inv-${space.invites.length + 1}`, email: p.email, roles: p.roles, status: 'pending', expiresAt: '2099-01-01T00:00:00.000Z', inviteUrl: null };
          space.invites.push(inv);
          out.push({ email: p.email, outcome: 'invited', externalInviteId: inv.externalInviteId, expiresAt: inv.expiresAt });
        }
      }
      return out;
    },
    async updateRoles(ctx, externalUserId, roles) {
      check(ctx, 'snapshot');
      const m = space.members.find((x) => x.externalUserId === externalUserId);
      if (m) m.roles = roles;
    },
    async remove(ctx, who) {
      check(ctx, 'remove');
      space.calls.push({ op: 'remove', email: who.email });
      space.members = space.members.filter((m) => m.externalUserId !== who.externalUserId && m.email !== who.email);
      for (const i of space.invites) if (i.email === who.email && i.status === 'pending') i.status = 'cancelled';
    },
    async assignAssets(ctx, externalUserId, assets) {
      check(ctx, 'assignAssets');
      space.calls.push({ op: 'assignAssets', externalUserId, assets: assets.map((a) => a.externalId) });
      grantAssets(space, externalUserId, assets);
    },
    async unassignAssets(ctx, externalUserId, assets) {
      check(ctx, 'unassignAssets');
      space.calls.push({ op: 'unassignAssets', externalUserId, assets: assets.map((a) => a.externalId) });
      // Someone who is not a member, or lacks an asset, holds nothing to revoke: success.
      const m = space.members.find((x) => x.externalUserId === externalUserId);
      if (m) m.assets = m.assets.filter((a) => !assets.some((x) => sameAsset(x)(a)));
    },
  };
}
