/** The canonical hub-member states (spec §4.3), each with exactly one chip. */
export const hubMemberStates = [
  'pending_user_claim', 'inviting', 'invite_failed', 'pending_invite_claim', 'invite_expired', 'awaiting_user_login', 'onboarded',
  'sso', 'managed_outside', 'hub_only', 'awaiting_update', 'update_failed', 'awaiting_deprovisioning', 'deprovisioning_failed',
  'removed', 'unmatched', 'exempted', 'sync_failed',
] as const;
export type HubMemberState = (typeof hubMemberStates)[number];

/** States where a job is (or may be) changing the person in the app: a sync never calls them removed. */
export const inFlightStates: ReadonlySet<HubMemberState> = new Set(['inviting', 'awaiting_update', 'awaiting_deprovisioning']);

/** States that mean "the app should list this person as a member". */
export const seatedStates: ReadonlySet<HubMemberState> = new Set(['awaiting_user_login', 'onboarded', 'sso', 'managed_outside', 'hub_only', 'awaiting_update', 'update_failed', 'sync_failed']);

export const inviteSideStates: ReadonlySet<HubMemberState> = new Set(['pending_invite_claim', 'invite_failed', 'invite_expired', 'inviting', 'pending_user_claim']);

export interface SettleInput {
  desiredSeat: boolean;
  loginMethod: 'sso' | 'username_password';
  requestToSave: boolean;
  connected: boolean;
}

/** Where a seated person rests once nothing is in flight (spec §4.3 "Settled state"). */
export function settledState(p: SettleInput): HubMemberState {
  if (!p.desiredSeat) return 'hub_only';
  if (p.loginMethod === 'sso') return 'sso';
  if (!p.requestToSave) return 'managed_outside';
  return p.connected ? 'onboarded' : 'awaiting_user_login';
}
