import type { InviteRow } from './repo.ts';

export type InviteStatus = 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'CANCELLED';

/** A pending invite past its expiry reads as EXPIRED; deriving it keeps expiry exact under any clock. */
export function inviteStatus(invite: Pick<InviteRow, 'status' | 'expiresAt'>, now: Date): InviteStatus {
  if (invite.status === 'PENDING' && invite.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return invite.status;
}
