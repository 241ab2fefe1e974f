import { describe, expect, it } from 'vitest';
import { checkOAuthState, stateTtlMs, type StateFacts } from './policy.ts';

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

  it('refuses a state at and after its expiry', () => {
    expect(checkOAuthState(fresh, who, expected, new Date(now.getTime() + stateTtlMs - 1))).toBeNull();
    expect(checkOAuthState(fresh, who, expected, new Date(now.getTime() + stateTtlMs))).toBe('expired');
  });
});
