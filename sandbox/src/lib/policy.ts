import { rank, type BusinessRole } from './roles.ts';

/**
 * What a service token may do, by its role. Pure, so each rule has a one-line test.
 * The rules mirror the paid-social business centers: every role may read; only Admins and Managers
 * administer people, and nobody hands out or takes away a role above their own.
 */

/** Inviting, re-sending or cancelling an invite for `target`. */
export function canInvite(actor: BusinessRole, target: BusinessRole): boolean {
  return rank(actor) <= rank('MANAGER') && rank(target) >= rank(actor);
}

/** Changing a member from `from` to `to`: the actor must outrank-or-equal both. */
export function canChangeRole(actor: BusinessRole, from: BusinessRole, to: BusinessRole): boolean {
  return canInvite(actor, from) && canInvite(actor, to);
}

/** Removing a member who holds `target`. */
export function canRemove(actor: BusinessRole, target: BusinessRole): boolean {
  return canInvite(actor, target);
}

/** Assigning or unassigning asset roles: Admins and Managers. */
export function canManageAssets(actor: BusinessRole): boolean {
  return rank(actor) <= rank('MANAGER');
}
