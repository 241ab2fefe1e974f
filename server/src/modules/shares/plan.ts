import type { HubMemberState } from '../hubs/states.ts';
import { inFlightStates, seatedStates } from '../hubs/states.ts';
import { sameAccess, type EffectiveAccess } from './effective.ts';

/** What one access change does to one person in the app (the preview's rows). */
export type PlannedAction =
  | { kind: 'invite'; roles: string[] }
  | { kind: 'update'; fromRoles: string[]; toRoles: string[] }
  | { kind: 'remove_seat' }
  | { kind: 'cancel_queued_invite' }
  | { kind: 'hub_only' }
  | { kind: 'claim_required' }
  | { kind: 'record_only' }
  | { kind: 'none' };

export interface PersonNow {
  /** Null when the person has no hub member yet. */
  state: HubMemberState | null;
  desired: { seat: boolean; appRoleKeys: string[]; assetGrants: EffectiveAccess['assetGrants'] } | null;
  /** True while a queued add_user has not called the app yet (T21 may cancel it). */
  inviteNotSent: boolean;
}

const joined = (s: HubMemberState): boolean => seatedStates.has(s);
const invitedSide = (s: HubMemberState): boolean => s === 'pending_invite_claim' || s === 'invite_failed' || s === 'invite_expired' || s === 'inviting';

/**
 * The lifecycle transition (spec §4.3) an effective-access change causes for one person.
 * A job is planned only when the effective value differs from what was last applied (invariant 9).
 */
export function planFor(now: PersonNow, next: EffectiveAccess, hasAnyPath: boolean, claimPending = false): PlannedAction {
  const s = now.state;
  if (s === 'exempted' || s === 'unmatched') return { kind: 'none' };
  if (s === 'pending_user_claim') {
    if (!hasAnyPath) return { kind: 'cancel_queued_invite' };
    if (next.seat) return { kind: 'invite', roles: next.appRoleKeys }; // T4: "Send email invite", or a direct seat path arrived
    if (next.hubRole === 'owner' && !claimPending) return { kind: 'hub_only' }; // T5: "Skip for now"
    return { kind: 'none' };
  }
  // T2: access through a collection waits for the person to claim it before any invite.
  if (claimPending && !next.seat && (s === null || s === 'removed')) return { kind: 'claim_required' };
  if (!hasAnyPath || (!next.seat && next.hubRole !== 'owner')) {
    if (s === null || s === 'removed') return { kind: 'none' };
    if (s === 'hub_only' || (s === 'inviting' && now.inviteNotSent)) return { kind: 'cancel_queued_invite' };
    if (joined(s) || invitedSide(s) || s === 'update_failed' || s === 'deprovisioning_failed') return { kind: 'remove_seat' };
    return { kind: 'none' };
  }
  if (!next.seat) {
    // An Owner path without a seat: "Share only business hub in Latchkey" (T3), or the seat's last path went.
    if (s === null || s === 'removed') return { kind: 'hub_only' };
    if (s === 'hub_only') return { kind: 'none' };
    return s === 'inviting' && now.inviteNotSent ? { kind: 'cancel_queued_invite' } : { kind: 'remove_seat' };
  }
  if (s === null || s === 'removed' || s === 'hub_only') return { kind: 'invite', roles: next.appRoleKeys };
  const before = now.desired ?? { seat: true, appRoleKeys: [], assetGrants: [] };
  if (sameAccess(before, next)) return { kind: 'none' };
  // Not accepted yet, or a job in flight: keep the new value in `desired`; it is applied after (invariants 16, 17).
  if (invitedSide(s) || inFlightStates.has(s)) return { kind: 'record_only' };
  return { kind: 'update', fromRoles: before.appRoleKeys, toRoles: next.appRoleKeys };
}
