import { createHash } from 'node:crypto';

/** Why a returning authorisation is refused; null when its state may be used. */
export type StateRefusal = 'unknown' | 'used' | 'expired' | 'other_member';

export interface StateFacts {
  workspaceId: string;
  memberId: string;
  purpose: string;
  appKey: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * An OAuth `state` is single use, lives ten minutes, and belongs to the member (in the workspace)
 * who started the flow and to the app it was started for: a callback that another session or
 * another app's redirect carries in is refused (login-CSRF and code-injection defence). Every flow
 * that sends a browser away with a state (hub authorisation, "Connect your Facebook profile")
 * checks it here. `expected.appKey` is null only for a callback shared by every app with that
 * purpose (Facebook Login serves any Meta hub; its state then names the seat it is for).
 */
export function checkOAuthState(state: StateFacts | undefined, who: { workspaceId: string; memberId: string }, expected: { purpose: string; appKey: string | null }, now: Date): StateRefusal | null {
  if (!state || state.purpose !== expected.purpose || (expected.appKey !== null && state.appKey !== expected.appKey)) return 'unknown';
  if (state.workspaceId !== who.workspaceId || state.memberId !== who.memberId) return 'other_member';
  if (state.usedAt) return 'used';
  if (state.expiresAt <= now) return 'expired';
  return null;
}

/** How long a started authorisation may take before its state expires. */
export const stateTtlMs = 10 * 60_000;

/** Only this hash of a state is stored (`oauth_states.state_hash`): a database reader cannot finish someone's authorisation. */
export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
