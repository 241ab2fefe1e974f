import { describe, expect, it } from 'vitest';
import { pendingAssetGrants, resolveGrants } from '../hubs/asset-grants.ts';
import { assetSetupOf, checkOnOpen, nextStepOf, type OpenInput } from './join-steps.ts';

const tiktok: OpenInput = { joinSteps: ['assets_on_first_open'], state: 'awaiting_user_login', desiredSeat: true, pendingAssets: 2, profileBound: false, jobInFlight: false };

describe('join steps on the card', () => {
  it('reads the asset setup from the latest check or grant job', () => {
    for (const s of ['queued', 'running', 'retrying']) expect(assetSetupOf(s)).toBe('running');
    expect(assetSetupOf('not_completed')).toBe('failed');
    expect(assetSetupOf('completed')).toBe('idle');
    expect(assetSetupOf('cancelled')).toBe('idle');
    expect(assetSetupOf(null)).toBe('idle');
  });

  it('asks for the Facebook profile until one is bound, and nothing for other apps', () => {
    expect(nextStepOf(['facebook_profile'], false)).toBe('facebook_profile');
    expect(nextStepOf(['facebook_profile'], true)).toBeNull();
    expect(nextStepOf(['assets_on_first_open'], false)).toBeNull();
    expect(nextStepOf([], false)).toBeNull();
  });

  it('counts pending grants by the app ids, leaving out assets the app no longer lists', () => {
    const known = new Map([['h1', { externalId: 'adv-1', type: 'advertiser' }], ['h2', { externalId: 'adv-2', type: 'advertiser' }]]);
    const wanted = resolveGrants([{ assetId: 'h1', access: 'full', permissions: [] }, { assetId: 'h2', access: 'partial', permissions: ['ANALYST'] }, { assetId: 'gone', access: 'full', permissions: [] }], known);
    expect(wanted.map((w) => w.externalId)).toEqual(['adv-1', 'adv-2']);
    expect(pendingAssetGrants(wanted, []).length).toBe(2);
    expect(pendingAssetGrants(wanted, [{ externalId: 'adv-1', type: 'advertiser', access: 'full', permissions: [] }]).length).toBe(1);
    expect(pendingAssetGrants(wanted, [{ externalId: 'adv-1', type: 'advertiser', access: 'full', permissions: [] }, { externalId: 'adv-2', type: 'advertiser', access: 'partial', permissions: ['ANALYST'] }]).length).toBe(0);
  });

  it('starts the check on a TikTok card click when assets wait, once', () => {
    expect(checkOnOpen(tiktok)).toBe(true);
    expect(checkOnOpen({ ...tiktok, state: 'pending_invite_claim' })).toBe(true);
    expect(checkOnOpen({ ...tiktok, jobInFlight: true })).toBe(false);
    expect(checkOnOpen({ ...tiktok, pendingAssets: 0 })).toBe(false);
    expect(checkOnOpen({ ...tiktok, desiredSeat: false })).toBe(false);
  });

  it('never starts while another job changes the person or before they have an invite', () => {
    for (const state of ['inviting', 'awaiting_update', 'awaiting_deprovisioning', 'pending_user_claim', 'hub_only', 'removed'] as const) expect(checkOnOpen({ ...tiktok, state })).toBe(false);
  });

  it('waits for the bound profile on Meta, and does nothing on a click for apps without join steps', () => {
    expect(checkOnOpen({ ...tiktok, joinSteps: ['facebook_profile'] })).toBe(false);
    expect(checkOnOpen({ ...tiktok, joinSteps: ['facebook_profile'], profileBound: true })).toBe(true);
    expect(checkOnOpen({ ...tiktok, joinSteps: [] })).toBe(false);
  });
});
