import type { MemberActor } from '../../lib/actor.ts';

/** Owners, Super Admins and Admins see all activity and verify the chain (spec §6.1). */
export function canViewAllActivity(actor: MemberActor): boolean {
  return actor.role === 'owner' || actor.role === 'super_admin' || actor.role === 'admin';
}
