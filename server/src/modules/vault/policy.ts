import type { MemberActor } from '../../lib/actor.ts';
import type { AccountRole } from './repo.ts';

/** Login-Only and Guest members create only their own connected account, through the connect dialog (spec §6.1). */
export function canCreateAccount(actor: MemberActor): boolean {
  return actor.role !== 'login_only' && actor.role !== 'guest';
}

/** Log-in data, TOTP codes and the inbox: Owners and Collaborators (spec §6.4). */
export function canUseAccount(role: AccountRole | null): boolean {
  return role === 'owner' || role === 'collaborator';
}

/**
 * Showing or copying the password, the TOTP seed and backup codes: Owners only. Collaborators
 * never receive them through any browser-facing route (the automation reads them server-side).
 */
export function canRevealSecrets(role: AccountRole | null): boolean {
  return role === 'owner';
}

/** Edit, share, manage grants, delete and restore: Owners only. */
export function canManageAccount(role: AccountRole | null): boolean {
  return role === 'owner';
}

/** Guests and Login-Only members (and teams containing them) hold only Collaborator grants (invariant 7). */
export function canHoldRole(subjectRoles: readonly string[], role: AccountRole): boolean {
  return role === 'collaborator' || subjectRoles.every((r) => r !== 'guest' && r !== 'login_only');
}

export function canManageVaults(actor: MemberActor): boolean {
  return actor.role === 'owner' || actor.role === 'super_admin' || actor.role === 'admin';
}
