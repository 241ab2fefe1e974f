import { describe, expect, it } from 'vitest';
import type { ObservedMember, Snapshot } from '../../connectors/types.ts';
import { reconcile, type CurrentHubMember, type ReconcileInput } from './reconcile.ts';

const member = (email: string, roles = ['EMPLOYEE']): ObservedMember => ({ externalUserId: `u-${email}`, email, username: null, roles, assets: [], isAppGuest: false });
const snap = (s: Partial<Snapshot>): Snapshot => ({ members: [], invites: [], assets: [], roles: [], ...s });
const hub = { loginMethod: 'username_password' as const, requestToSave: true };
const cur = (email: string, state: CurrentHubMember['state'], memberId: string | null = `m-${email}`): CurrentHubMember => ({ id: `h-${email}`, memberId, externalEmailNormalized: email, state, connected: false, desiredSeat: true });
const base = (over: Partial<ReconcileInput>): ReconcileInput => ({ snapshot: snap({}), current: [], people: [], currentAssetIds: [], hub, safeguardPct: 20, ...over });

describe('reconcile', () => {
  it('matches app users to members by case-insensitive email, guests included, and leaves the rest unmatched', () => {
    const r = reconcile(base({
      snapshot: snap({ members: [member('Ana@Acme.test'), member('guest@agency.test'), member('stranger@else.test')] }),
      people: [{ id: 'm1', emailNormalized: 'ana@acme.test', isGuest: false }, { id: 'm2', emailNormalized: 'guest@agency.test', isGuest: true }],
    }));
    expect(r.changes).toEqual([
      expect.objectContaining({ kind: 'create', emailNormalized: 'ana@acme.test', memberId: 'm1', state: 'awaiting_user_login', matched: true }),
      expect.objectContaining({ kind: 'create', emailNormalized: 'guest@agency.test', memberId: 'm2', matched: true }),
      expect.objectContaining({ kind: 'create', emailNormalized: 'stranger@else.test', memberId: null, state: 'unmatched', matched: false }),
    ]);
    expect(r.halt).toBeNull();
  });

  it('settles accepted invites, marks expired ones, and keeps pending ones pending', () => {
    const r = reconcile(base({
      snapshot: snap({
        members: [member('accepted@a.test')],
        invites: [
          { externalInviteId: 'i1', email: 'expired@a.test', roles: ['ANALYST'], status: 'expired', expiresAt: '2026-01-01T00:00:00Z', inviteUrl: null },
          { externalInviteId: 'i2', email: 'waiting@a.test', roles: ['ANALYST'], status: 'pending', expiresAt: '2027-01-01T00:00:00Z', inviteUrl: null },
        ],
      }),
      current: [cur('accepted@a.test', 'pending_invite_claim'), cur('expired@a.test', 'pending_invite_claim'), cur('waiting@a.test', 'inviting')],
    }));
    const states = Object.fromEntries(r.changes.map((c) => [c.kind === 'update' ? c.hubMemberId : '', c.kind === 'update' ? c.state : '']));
    expect(states).toEqual({ 'h-accepted@a.test': 'awaiting_user_login', 'h-expired@a.test': 'invite_expired', 'h-waiting@a.test': 'pending_invite_claim' });
  });

  it('expires invites still pending past their tracked expiry, but never while a new invite is being sent', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const pending = (email: string, expiresAt: string | null) => ({ externalInviteId: `i-${email}`, email, roles: ['STANDARD'], status: 'pending' as const, expiresAt, inviteUrl: null });
    const lapsedAt = '2026-05-31T00:00:00Z';
    const r = reconcile(base({
      now,
      snapshot: snap({
        // TikTok shows no expiry and keeps PENDING: Latchkey's own tracked expiry decides.
        invites: [pending('tracked@a.test', null), pending('resending@a.test', null), pending('fresh@a.test', null), { ...pending('old@a.test', lapsedAt), status: 'expired' }],
      }),
      current: [
        { ...cur('tracked@a.test', 'pending_invite_claim'), inviteExpiresAt: lapsedAt },
        { ...cur('resending@a.test', 'inviting'), inviteExpiresAt: lapsedAt },
        { ...cur('fresh@a.test', 'pending_invite_claim'), inviteExpiresAt: '2026-06-07T00:00:00Z' },
        cur('old@a.test', 'inviting'),
      ],
    }));
    const states = Object.fromEntries(r.changes.map((c) => [c.kind === 'update' ? c.hubMemberId : '', c.kind === 'update' ? c.state : '']));
    expect(states).toEqual({ 'h-tracked@a.test': 'invite_expired', 'h-resending@a.test': 'inviting', 'h-fresh@a.test': 'pending_invite_claim', 'h-old@a.test': 'inviting' });
  });

  it('marks people gone from the app as removed, but never those with a job in flight', () => {
    const present = Array.from({ length: 10 }, (_, i) => member(`p${i}@a.test`));
    const r = reconcile(base({
      snapshot: snap({ members: present }),
      current: [...present.map((m) => cur(m.email, 'awaiting_user_login')), cur('gone@a.test', 'onboarded'), cur('leaving@a.test', 'awaiting_deprovisioning'), cur('joining@a.test', 'inviting')],
    }));
    expect(r.changes.filter((c) => c.kind === 'remove')).toEqual([{ kind: 'remove', hubMemberId: 'h-gone@a.test', from: 'onboarded', memberId: 'm-gone@a.test' }]);
    expect(r.halt).toBeNull();
  });

  it('halts when removals exceed the safeguard, and applies when forced', () => {
    const all = Array.from({ length: 10 }, (_, i) => cur(`p${i}@a.test`, 'awaiting_user_login'));
    const stay = all.slice(3).map((c) => member(c.externalEmailNormalized));
    const halted = reconcile(base({ snapshot: snap({ members: stay }), current: all }));
    expect(halted.halt).toEqual({ removals: 3, population: 10, pct: 20 });
    const forced = reconcile(base({ snapshot: snap({ members: stay }), current: all, force: true }));
    expect(forced.halt).toBeNull();
    expect(forced.changes.filter((c) => c.kind === 'remove')).toHaveLength(3);
    // At exactly the threshold nothing halts: 2 of 10 is 20 %.
    expect(reconcile(base({ snapshot: snap({ members: all.slice(2).map((c) => member(c.externalEmailNormalized)) }), current: all })).halt).toBeNull();
  });

  it('counts vanished assets against the safeguard too', () => {
    const r = reconcile(base({ snapshot: snap({ assets: [{ externalId: 'a1', type: 'page', name: 'One' }] }), currentAssetIds: ['page:a1', 'page:a2'] }));
    expect(r.assets.removedExternalIds).toEqual(['page:a2']);
    expect(r.halt).not.toBeNull();
  });

  it('keeps exempted and unmatched people as they are', () => {
    const r = reconcile(base({ snapshot: snap({ members: [member('x@a.test'), member('y@a.test')] }), current: [cur('x@a.test', 'exempted', null), cur('y@a.test', 'unmatched', null)] }));
    expect(r.changes.map((c) => c.kind === 'update' && c.state)).toEqual(['exempted', 'unmatched']);
  });

  it('uses SSO and "managed outside" settled states from the hub settings', () => {
    const sso = reconcile(base({ snapshot: snap({ members: [member('a@a.test')] }), people: [{ id: 'm', emailNormalized: 'a@a.test', isGuest: false }], hub: { loginMethod: 'sso', requestToSave: true } }));
    expect(sso.changes[0]).toMatchObject({ state: 'sso' });
    const outside = reconcile(base({ snapshot: snap({ members: [member('a@a.test')] }), people: [{ id: 'm', emailNormalized: 'a@a.test', isGuest: false }], hub: { loginMethod: 'username_password', requestToSave: false } }));
    expect(outside.changes[0]).toMatchObject({ state: 'managed_outside' });
  });
});
