import { describe, expect, it } from 'vitest';
import { followUpFor, type FollowUpInput } from './follow-ups.ts';

const asset = { externalId: 'act_1', type: 'ad_account', access: 'full' as const, permissions: [] };
const joined: FollowUpInput = { state: 'awaiting_user_login', externalUserId: 'u1', desiredSeat: true, pendingAssets: [asset], firstCardOpenAt: null, profileBound: false, reinviteCount: 0 };
const hub = { assetsOnAcceptance: false, autoReinviteMax: 2 };

describe('followUpFor', () => {
  it('grants pending assets as soon as a person joined when the app has no join step (Pinterest)', () => {
    expect(followUpFor(joined, [], hub)).toEqual({ kind: 'assign_assets' });
  });

  it('waits for the first card open on TikTok, unless the hub assigns on acceptance', () => {
    expect(followUpFor(joined, ['assets_on_first_open'], hub)).toEqual({ kind: 'none' });
    expect(followUpFor({ ...joined, firstCardOpenAt: new Date() }, ['assets_on_first_open'], hub)).toEqual({ kind: 'assign_assets' });
    expect(followUpFor(joined, ['assets_on_first_open'], { ...hub, assetsOnAcceptance: true })).toEqual({ kind: 'assign_assets' });
  });

  it('waits for the bound Facebook profile on Meta', () => {
    expect(followUpFor(joined, ['facebook_profile'], hub)).toEqual({ kind: 'none' });
    expect(followUpFor({ ...joined, profileBound: true }, ['facebook_profile'], hub)).toEqual({ kind: 'assign_assets' });
    expect(followUpFor(joined, ['facebook_profile'], { ...hub, assetsOnAcceptance: true })).toEqual({ kind: 'assign_assets' });
  });

  it('does nothing for people who have not joined, hold no seat, or lack nothing', () => {
    expect(followUpFor({ ...joined, externalUserId: null, state: 'pending_invite_claim' }, [], hub)).toEqual({ kind: 'none' });
    expect(followUpFor({ ...joined, desiredSeat: false }, [], hub)).toEqual({ kind: 'none' });
    expect(followUpFor({ ...joined, pendingAssets: [] }, [], hub)).toEqual({ kind: 'none' });
  });

  it('re-sends an expired invite until the automatic re-invites are used up', () => {
    const expired = { ...joined, state: 'invite_expired' as const, externalUserId: null };
    expect(followUpFor(expired, [], hub)).toEqual({ kind: 'reinvite', attempt: 1 });
    expect(followUpFor({ ...expired, reinviteCount: 1 }, [], hub)).toEqual({ kind: 'reinvite', attempt: 2 });
    expect(followUpFor({ ...expired, reinviteCount: 2 }, [], hub)).toEqual({ kind: 'none' });
    expect(followUpFor(expired, [], { ...hub, autoReinviteMax: 0 })).toEqual({ kind: 'none' });
    expect(followUpFor({ ...expired, desiredSeat: false }, [], hub)).toEqual({ kind: 'none' });
  });
});
