import type { HubMemberState } from '../hubs/states.ts';

export type CardStatus = 'claim_your_invite' | 'connect_your_account' | 'ready' | 'hub_only' | 'disabled';

export interface CardInput {
  state: HubMemberState;
  loginMethod: 'sso' | 'username_password';
  requestToSave: boolean;
  connected: boolean;
  connectedDisabled: boolean;
}

const connectStates: ReadonlySet<HubMemberState> = new Set(['inviting', 'pending_invite_claim', 'invite_expired', 'invite_failed', 'awaiting_user_login']);

/** The dashboard card's status, derived and never stored (spec §4.2); null hides the card. */
export function cardStatus(c: CardInput): CardStatus | null {
  if (c.state === 'removed' || c.state === 'exempted' || c.state === 'unmatched') return null;
  if (c.state === 'pending_user_claim') return 'claim_your_invite';
  if (c.state === 'hub_only') return 'hub_only';
  if (c.connected && c.connectedDisabled) return 'disabled';
  if (c.connected || c.state === 'sso' || c.state === 'managed_outside' || c.loginMethod === 'sso' || !c.requestToSave) return 'ready';
  return connectStates.has(c.state) || c.state === 'onboarded' ? 'connect_your_account' : 'ready';
}

/** What is happening, in words, under "Connect your account" (spec §4.2). */
export function cardHint(state: HubMemberState, appName: string, reinvited = false): string | null {
  switch (state) {
    case 'inviting':
      return reinvited ? `Your invite expired, so Latchkey asked ${appName} for a new one` : 'Your invite is on its way';
    case 'pending_invite_claim':
      return reinvited ? `Your first invite expired. Check your email for the new invite from ${appName}` : `Check your email for the invite from ${appName}`;
    case 'invite_expired':
      return 'Your invite expired. Ask a hub owner to resend it';
    case 'invite_failed':
      return "We couldn't invite you. A hub owner has been notified";
    default:
      return null;
  }
}
