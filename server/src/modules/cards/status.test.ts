import { describe, expect, it } from 'vitest';
import { cardHint, cardStatus } from './status.ts';

const base = { loginMethod: 'username_password' as const, requestToSave: true, connected: false, connectedDisabled: false };

describe('dashboard card status', () => {
  it('asks to connect until an account is linked, from the moment the grant exists', () => {
    for (const state of ['inviting', 'pending_invite_claim', 'invite_expired', 'invite_failed', 'awaiting_user_login'] as const) expect(cardStatus({ ...base, state })).toBe('connect_your_account');
    expect(cardStatus({ ...base, state: 'onboarded', connected: true })).toBe('ready');
  });
  it('never asks for SSO hubs or hubs managed outside Latchkey', () => {
    expect(cardStatus({ ...base, state: 'sso', loginMethod: 'sso' })).toBe('ready');
    expect(cardStatus({ ...base, state: 'managed_outside', requestToSave: false })).toBe('ready');
  });
  it('shows claims, hub-only access and disabled accounts, and hides removed people', () => {
    expect(cardStatus({ ...base, state: 'pending_user_claim' })).toBe('claim_your_invite');
    expect(cardStatus({ ...base, state: 'hub_only' })).toBe('hub_only');
    expect(cardStatus({ ...base, state: 'onboarded', connected: true, connectedDisabled: true })).toBe('disabled');
    expect(cardStatus({ ...base, state: 'removed' })).toBeNull();
  });
  it('says what is happening', () => {
    expect(cardHint('pending_invite_claim', 'Pinterest Business')).toBe('Check your email for the invite from Pinterest Business');
    expect(cardHint('onboarded', 'x')).toBeNull();
    // After an automatic re-invite the card says why a new e-mail is coming.
    expect(cardHint('inviting', 'TikTok Business Center', true)).toBe('Your invite expired, so Latchkey asked TikTok Business Center for a new one');
    expect(cardHint('pending_invite_claim', 'Meta Business', true)).toBe('Your first invite expired. Check your email for the new invite from Meta Business');
  });
});
