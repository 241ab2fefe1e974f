import { loadManifest } from '../../src/connectors/catalog.ts';
import type { Connector, ConnectorContext, InviteOutcome, ObservedAsset, ObservedInvite, ObservedMember } from '../../src/connectors/types.ts';
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
  calls: { op: string; email?: string }[];
  /** The next call of this operation fails with this error (once). */
  failNext: Partial<Record<'validate' | 'snapshot' | 'invite' | 'remove', JobError>>;
}

export function fakeSpace(over: Partial<FakeSpace> = {}): FakeSpace {
  return { businessId: '00000000-0000-4000-8000-000000000001', token: 'fake-token', members: [], invites: [], assets: [], seatLimit: null, calls: [], failNext: {}, ...over };
}

export const appMember = (email: string, role = 'EMPLOYEE'): ObservedMember => ({ externalUserId: `ext-${email}`, email, username: null, roles: [role], assets: [], isAppGuest: false });

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
  };
}
