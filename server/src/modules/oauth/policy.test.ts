import { describe, expect, it } from 'vitest';
import { checkOAuthState, hashState, stateTtlMs, type StateFacts } from './policy.ts';

const now = new Date('2026-03-01T12:00:00Z');
const who = { workspaceId: 'w1', memberId: 'm1' };
const expected = { purpose: 'hub_authorization', appKey: 'tiktok' };
const fresh: StateFacts = { ...who, ...expected, expiresAt: new Date(now.getTime() + stateTtlMs), usedAt: null };

describe('checkOAuthState', () => {
  it('accepts a fresh, unused state of the same member, workspace, purpose and app', () => {
    expect(checkOAuthState(fresh, who, expected, now)).toBeNull();
  });

  it('refuses a state nobody issued', () => {
    expect(checkOAuthState(undefined, who, expected, now)).toBe('unknown');
  });

  it('refuses a state issued for another app or purpose as unknown', () => {
    expect(checkOAuthState({ ...fresh, appKey: 'pinterest' }, who, expected, now)).toBe('unknown');
    expect(checkOAuthState({ ...fresh, purpose: 'facebook_profile' }, who, expected, now)).toBe('unknown');
  });

  it('refuses another member’s state, and one from another workspace', () => {
    expect(checkOAuthState(fresh, { ...who, memberId: 'm2' }, expected, now)).toBe('other_member');
    expect(checkOAuthState(fresh, { ...who, workspaceId: 'w2' }, expected, now)).toBe('other_member');
  });

  it('refuses a used state', () => {
    expect(checkOAuthState({ ...fresh, usedAt: now }, who, expected, now)).toBe('used');
  });

  it('takes a state of any app only when the callback serves every app of the purpose', () => {
    const facebook = { ...fresh, purpose: 'facebook_profile', appKey: 'meta' };
    expect(checkOAuthState(facebook, who, { purpose: 'facebook_profile', appKey: null }, now)).toBeNull();
    expect(checkOAuthState(facebook, who, { purpose: 'hub_authorization', appKey: null }, now)).toBe('unknown');
    expect(checkOAuthState({ ...facebook, memberId: 'm2' }, who, { purpose: 'facebook_profile', appKey: null }, now)).toBe('other_member');
    expect(checkOAuthState({ ...facebook, usedAt: now }, who, { purpose: 'facebook_profile', appKey: null }, now)).toBe('used');
  });

  it('refuses a state at and after its expiry', () => {
    expect(checkOAuthState(fresh, who, expected, new Date(now.getTime() + stateTtlMs - 1))).toBeNull();
    expect(checkOAuthState(fresh, who, expected, new Date(now.getTime() + stateTtlMs))).toBe('expired');
  });
});

describe('hashState', () => {
  it('stores a state as its SHA-256 hex, never the value', () => {
    expect(hashState('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
