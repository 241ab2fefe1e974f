import type { MemberActor } from '../../lib/actor.ts';

export type EffectiveHubRole = 'owner' | 'security_manager' | 'manager' | 'collaborator';

const rank: Record<EffectiveHubRole, number> = { owner: 4, security_manager: 3, manager: 2, collaborator: 1 };

/**
 * The highest role over all of a member's paths, where an Owner path counts as Owner only with
 * access to the hub's service credential, and as Security Manager otherwise (spec §6.3).
 */
export function effectiveHubRole(pathRoles: readonly string[], hasCredentialAccess: boolean): EffectiveHubRole | null {
  let best: EffectiveHubRole | null = null;
  for (const r of pathRoles) {
    const role: EffectiveHubRole | null = r === 'owner' ? (hasCredentialAccess ? 'owner' : 'security_manager') : r === 'manager' || r === 'collaborator' ? r : null;
    if (role && (!best || rank[role] > rank[best])) best = role;
  }
  return best;
}

export type HubAction =
  | 'view_members' // members, states, assets, health, hub automation log
  | 'sync' // Check for updates, Resend invite, retry failed jobs
  | 'manage_people' // share, update role, remove, match / remove / exempt unmatched, review a halted sync
  | 'settings'; // settings, login method, safeguard, service credential, delete

/** Spec §6.2, by effective hub role. */
export function canOnHub(role: EffectiveHubRole | null, action: HubAction): boolean {
  if (!role) return false;
  if (action === 'settings') return role === 'owner';
  return role !== 'collaborator';
}

/** Login-Only and Guest members never connect hubs (invariant 7). */
export function canConnectHub(actor: MemberActor): boolean {
  return actor.role !== 'login_only' && actor.role !== 'guest';
}

/** Workspace admins see every hub's health, read-only (spec §6.1). */
export function seesAllHubs(actor: MemberActor): boolean {
  return actor.role === 'owner' || actor.role === 'super_admin' || actor.role === 'admin';
}
