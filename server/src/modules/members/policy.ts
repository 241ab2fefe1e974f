import type { MemberActor, WorkspaceRole } from '../../lib/actor.ts';

const adminRoles: ReadonlySet<WorkspaceRole> = new Set(['owner', 'super_admin', 'admin']);

export function isWorkspaceAdmin(actor: MemberActor): boolean {
  return adminRoles.has(actor.role);
}

/** Admins invite anyone but an owner; Users invite guests only (spec §6.1). */
export function canInviteMember(actor: MemberActor, role: WorkspaceRole): boolean {
  if (role === 'owner') return false;
  if (isWorkspaceAdmin(actor)) return actor.role !== 'admin' || role !== 'super_admin';
  return actor.role === 'user' && role === 'guest';
}

/** Changing roles, disabling and resending invites are admin actions; nobody changes the owner this way. */
export function canManageMember(actor: MemberActor, target: { id: string; role: WorkspaceRole }): boolean {
  if (!isWorkspaceAdmin(actor)) return false;
  if (target.role === 'owner' || target.id === actor.memberId) return false;
  if (actor.role === 'admin' && target.role === 'super_admin') return false;
  return true;
}

export function canAssignRole(actor: MemberActor, role: WorkspaceRole): boolean {
  if (role === 'owner' || !isWorkspaceAdmin(actor)) return false;
  return actor.role !== 'admin' || role !== 'super_admin';
}
