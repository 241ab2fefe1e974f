import type { AccountRole, TeamRole, WorkspaceRole } from '../api/types.ts';

export const ROLE_LABELS: Record<WorkspaceRole, string> = {
  owner: 'Owner',
  super_admin: 'Super admin',
  admin: 'Admin',
  user: 'User',
  login_only: 'Login-only',
  guest: 'Guest',
};

/** Roles an inviter may hand out; Owner only changes hands through an ownership transfer. */
export const ASSIGNABLE_ROLES: WorkspaceRole[] = ['super_admin', 'admin', 'user', 'login_only', 'guest'];

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  team_admin: 'Team admin',
  team_member: 'Team member',
};

/** Roles on one account (spec §6.4). */
export const ACCOUNT_ROLE_LABELS: Record<AccountRole, string> = {
  owner: 'Owner',
  collaborator: 'Collaborator',
};

export const ACCOUNT_ROLE_DESCRIPTIONS: Record<AccountRole, string> = {
  owner: 'Sees and copies the password, exports the authenticator seed, edits, shares and deletes the account.',
  collaborator: 'Logs in with Latchkey: gets usernames and authenticator codes, but never sees the password or the seed.',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as WorkspaceRole] ?? humanize(role);
}

export function teamRoleLabel(role: string | null): string {
  if (!role) return '—';
  return TEAM_ROLE_LABELS[role as TeamRole] ?? humanize(role);
}

/** `login_only` → "Login only": a readable fallback for values this build doesn't know yet. */
export function humanize(value: string): string {
  const words = value.replace(/[._-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}

export function memberName(person: { firstName: string; lastName: string; email: string }): string {
  const name = `${person.firstName} ${person.lastName}`.trim();
  return name || person.email;
}
