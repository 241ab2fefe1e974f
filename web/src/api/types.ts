/**
 * Hand-written mirror of the server's API contract. Replace with the generated
 * `openapi.d.ts` types once the server publishes `/api/openapi.json`.
 * Enums are open (`| (string & {})`) where the spec says clients tolerate new values.
 */

export type WorkspaceRole = 'owner' | 'super_admin' | 'admin' | 'user' | 'login_only' | 'guest';

export type MemberStatus = 'pending' | 'active' | 'disabled' | (string & {});

export interface Member {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: WorkspaceRole;
  status: MemberStatus;
  isGuest: boolean;
  mfaEnabled: boolean;
  createdAt: string;
  activatedAt: string | null;
  inviteExpiresAt: string | null;
  lastActivityAt: string | null;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
}

export interface Session {
  member: Member;
  workspace: Workspace;
}

export interface Page<T> {
  data: T[];
  page: { nextCursor: string | null };
}

export interface SetupState {
  needsSetup: boolean;
}

export interface SetupInput {
  workspaceName: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string;
  workspace?: string;
}

export interface WorkspaceChoice {
  slug: string;
  name: string;
}

export interface InvitationDetails {
  email: string;
  workspaceName: string;
  firstName: string;
  lastName: string;
  expiresAt: string;
}

export interface AcceptInvitationInput {
  token: string;
  password: string;
  firstName: string;
  lastName: string;
}

export interface MemberFilters {
  q?: string;
  status?: string;
}

export interface InviteMemberInput {
  email: string;
  role: WorkspaceRole;
  firstName?: string;
  lastName?: string;
}

export interface UpdateMemberInput {
  role?: WorkspaceRole;
  firstName?: string;
  lastName?: string;
}

export type TeamRole = 'team_admin' | 'team_member';

export interface Team {
  id: string;
  name: string;
  memberCount: number;
  myTeamRole: TeamRole | null;
  createdAt: string;
}

export interface TeamMembership {
  memberId: string;
  email: string;
  firstName: string;
  lastName: string;
  teamRole: TeamRole;
}

export interface TeamDetail extends Team {
  members: TeamMembership[];
}

export type ActorKind = 'member' | 'system' | 'api_key' | (string & {});

export interface ActivityEvent {
  id: string;
  seq: number;
  at: string;
  type: string;
  actor: { kind: ActorKind; id: string | null; email: string | null };
  target: { type: string; id: string; label: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
}

export interface ActivityFilters {
  type?: string;
  actorId?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  status: string;
  createdAt: string;
  error: string | null;
}
