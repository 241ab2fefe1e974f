import type { MemberActor } from '../../lib/actor.ts';
import { isWorkspaceAdmin } from '../members/policy.ts';
import type { PhoneNumberRow } from './repo.ts';

/** The number pool is an admin concern (spec §3.2: "number pool"); admins get no rights on the accounts behind it. */
export function canManagePool(actor: MemberActor): boolean {
  return isWorkspaceAdmin(actor);
}

/**
 * A number may go back to its provider only when nobody's codes can still reach it: free, or
 * quarantined with the quarantine over (invariant 25). A bound number is never given up.
 */
export function retireRefusal(n: Pick<PhoneNumberRow, 'status' | 'quarantineUntil'>, now: Date): string | null {
  if (n.status === 'retired') return 'This number is already retired.';
  if (n.status === 'assigned') return 'This number is bound to an account. Delete the account (or move it to another number) first.';
  if (n.status === 'quarantined' && n.quarantineUntil && n.quarantineUntil > now) return `This number is quarantined until ${n.quarantineUntil.toISOString()} so that codes for its previous account cannot reach anyone else.`;
  return null;
}
