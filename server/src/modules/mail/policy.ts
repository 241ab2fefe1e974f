import type { MemberActor } from '../../lib/actor.ts';

/** Held mail can carry one-time links, so only workspace administrators read the outbox. */
export function canReadOutbox(actor: MemberActor): boolean {
  return actor.role === 'owner' || actor.role === 'super_admin' || actor.role === 'admin';
}
