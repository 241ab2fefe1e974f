/**
 * Hand-written mirror of the hubs and automation API (server/src/modules/hubs/dto.ts,
 * server/src/modules/automation/dto.ts, server/src/connectors/manifest-schema.ts).
 * Kept apart from `types.ts` so the hubs and vault work can move independently.
 * Enums are open (`| (string & {})`) where clients must tolerate values a newer server adds.
 */

export type LoginMethod = 'sso' | 'username_password';

export interface AppCapabilities {
  sync: boolean;
  addUser: boolean;
  removeUser: boolean;
  updateRole: boolean;
  manageAssets: boolean;
  listInvites: boolean;
  cancelInvite: boolean;
  updateInvite: boolean;
  detectAcceptance: boolean;
}

export interface AppRoleDefinition {
  key: string;
  label: string;
  rank?: number;
  isDefault?: boolean;
  assignable?: boolean;
}

export interface AppRoleGroup {
  key: string;
  label: string;
  model: 'rank' | 'permission';
  roles: AppRoleDefinition[];
}

export interface ConnectField {
  key: string;
  label: string;
  required: boolean;
  secret: boolean;
  hint?: string;
  pattern?: string;
}

/** One catalog entry (spec §3.12). */
export interface AppManifest {
  key: string;
  displayName: string;
  /** An inline SVG document. Render it only as an image source, never as markup. */
  logo: string;
  hubKind: 'seat_based' | 'paid_social';
  mechanism: 'api' | 'oauth' | 'agent';
  capabilities: AppCapabilities;
  businessIdField: { label: string; required: boolean; pattern?: string; hint: string };
  extraConnectFields: ConnectField[];
  serviceCredential: { kind: 'token' | 'account' | 'oauth'; label: string; requiredNativeRole: string; hint: string };
  loginMethods: LoginMethod[];
  roleGroups: AppRoleGroup[];
  /** `assignable: false`: Latchkey lists and observes these but cannot grant them (absent on an older server: assignable). */
  assetTypes: { type: string; label: string; permissions: string[]; supportsPartial: boolean; assignable?: boolean }[];
  passwordRules: string;
  /** Steps the connect dialog adds for this app, e.g. Meta's Facebook profile or TikTok's asset set-up on first open. */
  joinSteps: string[];
  inviteTtlHours: number;
  loginUrl: string;
  /** Null (or absent on an older server) when the app has no authorisation page: paste a token or pick an account. */
  oauth?: AppOAuth | null;
}

/** Whether "Authorise with <provider>" works on this Latchkey (the operator registered the provider app). */
export interface AppOAuth {
  /** How people know the provider, e.g. "TikTok". */
  provider: string;
  configured: boolean;
}

export type HubHealth = 'under_validation' | 'healthy' | 'requires_sync' | 'review_configuration' | 'review_service_account' | (string & {});

export type HubRole = 'owner' | 'security_manager' | 'manager' | 'collaborator';

export interface HubHealthReason {
  code: string;
  message: string;
  since: string;
  jobId: string | null;
  /** What the person must do (spec §8), worded by the server. */
  remedy: string;
}

export interface HaltedSync {
  removals: { email: string; state: string }[];
  /** External ids of assets the sync would mark removed. */
  assets: string[];
  population: number;
  pct: number;
}

export interface Hub {
  id: string;
  label: string;
  appKey: string;
  appName: string;
  businessId: string | null;
  loginMethod: LoginMethod;
  requestToSave: boolean;
  serviceCredentialId: string | null;
  health: HubHealth;
  healthReason: HubHealthReason | null;
  lastSyncedAt: string | null;
  syncing: boolean;
  syncSafeguardPct: number;
  dailySync: boolean;
  /** Automatic re-invites of a lapsed invite before it stops at "Invite expired" (0 = off). */
  autoReinviteMax: number;
  /** Grant assets on acceptance even where the app's join step would wait (TikTok's first card open, Meta's profile). */
  assetsOnAcceptance: boolean;
  haltedSync: HaltedSync | null;
  /** Null for workspace admins who see every hub's health without holding a role on it. */
  myRole: HubRole | null;
  createdAt: string;
}

export interface ConnectHubInput {
  appKey: string;
  label: string;
  businessId?: string;
  connectFields?: Record<string, string>;
  loginMethod: LoginMethod;
  requestToSave?: boolean;
  serviceCredential: { accountId: string } | { label: string; token: string };
}

/** `POST /hubs/oauth/start`: the token connect's fields without the token, which the provider supplies. */
export type StartHubOAuthInput = Omit<ConnectHubInput, 'serviceCredential'> & { serviceCredential?: { label: string } };

export interface HubSettingsInput {
  label?: string;
  businessId?: string;
  loginMethod?: LoginMethod;
  requestToSave?: boolean;
  syncSafeguardPct?: number;
  dailySync?: boolean;
  autoReinviteMax?: number;
  assetsOnAcceptance?: boolean;
  serviceCredentialAccountId?: string;
}

export type HubMemberState =
  | 'pending_user_claim'
  | 'inviting'
  | 'invite_failed'
  | 'pending_invite_claim'
  | 'invite_expired'
  | 'awaiting_user_login'
  | 'onboarded'
  | 'sso'
  | 'managed_outside'
  | 'hub_only'
  | 'awaiting_update'
  | 'update_failed'
  | 'awaiting_deprovisioning'
  | 'deprovisioning_failed'
  | 'removed'
  | 'unmatched'
  | 'exempted'
  | 'sync_failed'
  | (string & {});

export interface HubMember {
  id: string;
  memberId: string | null;
  memberName: string | null;
  memberEmail: string | null;
  externalEmail: string;
  externalUserId: string | null;
  state: HubMemberState;
  isGuest: boolean;
  exemptReason: string | null;
  appRoles: string[];
  invite: { externalInviteId: string | null; expiresAt: string | null; status: string | null; reinviteCount: number } | null;
  removedBy: 'latchkey' | 'app' | 'idp' | (string & {}) | null;
  stateChangedAt: string;
}

/** The Users tab's filter tabs (spec §5.6), in the order the spec lists them. */
export const USERS_TABS = ['all', 'onboarded', 'guests', 'unmatched', 'exempted'] as const;
export type UsersTab = (typeof USERS_TABS)[number];

export interface HubAppRole {
  key: string;
  label: string;
  group: string;
  model: string;
  rank: number | null;
  isDefault: boolean;
  assignable: boolean;
}

export interface HubAsset {
  id: string;
  type: string;
  externalId: string;
  name: string;
  permissions: string[];
  supportsPartial: boolean;
  lastSeenAt: string | null;
}

// Automation (spec §3.17, §4.4).

export const JOB_STATUSES = ['queued', 'started', 'running', 'retrying', 'completed', 'not_completed', 'cancelled'] as const;

export type JobStatus = 'queued' | 'started' | 'running' | 'retrying' | 'completed' | 'not_completed' | 'cancelled' | (string & {});

export interface JobError {
  code: string;
  message: string;
  userAction: string | null;
  /** What the person must do, from spec §8. */
  remedy: string;
}

export interface Job {
  id: string;
  parentId: string | null;
  rootId: string | null;
  task: string;
  taskLabel: string;
  status: JobStatus;
  trigger: string;
  actor: { kind: string; id: string | null };
  target: { hubId?: string; hubMemberId?: string; accountId?: string; [key: string]: string | undefined };
  attempt: number;
  maxAttempts: number;
  canRetry: boolean;
  error: JobError | null;
  result: Record<string, unknown> | null;
  runAt: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface JobDetail extends Job {
  children: Job[];
}

export interface JobFilters {
  status?: string;
  task?: string;
  hubId?: string;
}
