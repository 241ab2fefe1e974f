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

// Vault and accounts (spec §3.4–§3.6, §3.16).

export interface Vault {
  id: string;
  name: string;
  isDefault: boolean;
  disabled: boolean;
}

export type AccountRole = 'owner' | 'collaborator';
export type AccountStatus = 'enabled' | 'disabled';
export type AccountKind = 'managed' | 'self_managed' | 'no_url' | (string & {});
export type CustomFieldType = 'url' | 'text' | 'long_text';

export interface CustomField {
  name: string;
  type: CustomFieldType;
  value: string;
}

/** An account as listed: never a secret value, only flags and counts. */
export interface Account {
  id: string;
  vaultId: string;
  vaultName: string;
  label: string;
  appKey: string | null;
  loginUrl: string | null;
  kind: AccountKind;
  username: string | null;
  email: string | null;
  phone: string | null;
  status: AccountStatus;
  hasPassword: boolean;
  hasTotp: boolean;
  backupCodeCount: number;
  myRole: AccountRole;
  lastPasswordChangeAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TotpSettings {
  issuer: string | null;
  label: string | null;
  algorithm: string;
  digits: number;
  period: number;
}

/** Owners also get notes, custom fields and TOTP settings (never the seed); Collaborators get null. */
export interface AccountDetail extends Account {
  notes: string | null;
  customFields: CustomField[] | null;
  totp: TotpSettings | null;
  passwordRules: string | null;
}

export interface AccountFilters {
  q?: string;
  status?: AccountStatus;
  deleted?: boolean;
}

/** Create and update share one shape; on update every field is optional and `null` clears it. */
export interface AccountInput {
  label?: string;
  vaultId?: string;
  loginUrl?: string | null;
  username?: string | null;
  email?: string | null;
  phone?: string | null;
  password?: string | null;
  /** Base32 secret or otpauth:// URI. */
  totp?: string | null;
  backupCodes?: string[] | null;
  notes?: string | null;
  customFields?: CustomField[] | null;
  passwordRules?: string | null;
}

export interface TotpCode {
  code: string;
  secondsLeft: number;
  period: number;
  digits: number;
}

export interface TotpExport {
  secret: string;
  otpauthUri: string;
}

export type GrantSubjectType = 'user' | 'team';

export interface AccountGrant {
  id: string;
  subjectType: GrantSubjectType;
  subjectId: string;
  subjectLabel: string;
  role: AccountRole;
  createdAt: string;
}

export interface ShareInput {
  subjectType: GrantSubjectType;
  subjectId: string;
  role: AccountRole;
}

export interface GeneratePasswordsInput {
  rules?: string;
  length?: number;
  count?: number;
}

export interface GeneratedPasswords {
  passwords: string[];
  rules: string;
}
