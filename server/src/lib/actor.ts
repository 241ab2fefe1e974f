export const workspaceRoles = ['owner', 'super_admin', 'admin', 'user', 'login_only', 'guest'] as const;
export type WorkspaceRole = (typeof workspaceRoles)[number];

export const memberStatuses = ['pending', 'active', 'disabled'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** Who is acting. Every service call is scoped to `workspaceId`. */
export interface MemberActor {
  kind: 'member';
  workspaceId: string;
  memberId: string;
  role: WorkspaceRole;
  email: string;
  sessionId: string | null;
}

/** The actor plus where the request came from, for the activity log. */
export interface RequestContext {
  actor: MemberActor;
  ip: string | null;
  userAgent: string | null;
}

/** Request origin for flows that have no signed-in actor yet (login, invite acceptance). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
