import type { WorkspaceRole } from '../api/types.ts';
import { ASSIGNABLE_ROLES } from './labels.ts';

/** Spec §6.1: Owner, Super admin and Admin manage members, roles and workspace settings. */
export function isWorkspaceAdmin(role: WorkspaceRole): boolean {
  return role === 'owner' || role === 'super_admin' || role === 'admin';
}

/** Roles this member may invite with: admins any but Owner; users guests only; others none. */
export function invitableRoles(role: WorkspaceRole): WorkspaceRole[] {
  if (isWorkspaceAdmin(role)) return ASSIGNABLE_ROLES;
  if (role === 'user') return ['guest'];
  return [];
}

/** Spec §6.1: Login-only members and guests add only their own connected account, through the connect dialog. */
export function canCreateAccounts(role: WorkspaceRole): boolean {
  return role !== 'login_only' && role !== 'guest';
}
