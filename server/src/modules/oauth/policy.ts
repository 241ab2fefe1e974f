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
 * another app's redirect carries in is refused (login-CSRF and code-injection defence).
 */
export function checkOAuthState(state: StateFacts | undefined, who: { workspaceId: string; memberId: string }, expected: { purpose: string; appKey: string }, now: Date): StateRefusal | null {
  if (!state || state.purpose !== expected.purpose || state.appKey !== expected.appKey) return 'unknown';
  if (state.workspaceId !== who.workspaceId || state.memberId !== who.memberId) return 'other_member';
  if (state.usedAt) return 'used';
  if (state.expiresAt <= now) return 'expired';
  return null;
}

/** How long a started authorisation may take before its state expires. */
export const stateTtlMs = 10 * 60_000;
