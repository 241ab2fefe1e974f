import type { MantineColor } from '@mantine/core';
import type { HubHealth, HubMemberState, HubRole, JobStatus, LoginMethod, UsersTab } from '../../api/hub-types.ts';
import { humanize } from '../../lib/labels.ts';

export interface ChipStyle {
  label: string;
  color: MantineColor;
}

/** Hub health chips (spec §4.1). */
export const HEALTH_CHIPS: Record<string, ChipStyle> = {
  under_validation: { label: 'Under validation', color: 'blue' },
  healthy: { label: 'Healthy', color: 'green' },
  requires_sync: { label: 'Requires sync', color: 'yellow' },
  review_configuration: { label: 'Review configuration', color: 'red' },
  review_service_account: { label: 'Review service account', color: 'red' },
};

export function healthChip(health: HubHealth): ChipStyle {
  return HEALTH_CHIPS[health] ?? { label: humanize(health), color: 'gray' };
}

/**
 * Hub member chips, exactly as spec §4.3 words them. `onboarded` has no chip: the Users table
 * shows the detail text "Onboarded" instead.
 */
export const MEMBER_STATE_CHIPS: Record<string, ChipStyle | null> = {
  pending_user_claim: { label: 'Pending user claim', color: 'yellow' },
  inviting: { label: 'Inviting', color: 'blue' },
  invite_failed: { label: 'Invite failed', color: 'red' },
  pending_invite_claim: { label: 'Pending invite claim', color: 'yellow' },
  invite_expired: { label: 'Invite expired', color: 'orange' },
  awaiting_user_login: { label: 'Awaiting user login', color: 'yellow' },
  onboarded: null,
  sso: { label: 'SSO', color: 'teal' },
  managed_outside: { label: 'Managed outside Latchkey', color: 'gray' },
  hub_only: { label: 'Latchkey only', color: 'indigo' },
  awaiting_update: { label: 'Awaiting update', color: 'blue' },
  update_failed: { label: 'Update failed', color: 'red' },
  awaiting_deprovisioning: { label: 'Awaiting deprovisioning', color: 'blue' },
  deprovisioning_failed: { label: 'Deprovisioning failed', color: 'red' },
  removed: { label: 'Removed', color: 'gray' },
  unmatched: { label: 'Unmatched user', color: 'orange' },
  exempted: { label: 'Exempted', color: 'gray' },
  sync_failed: { label: 'Sync failed', color: 'red' },
};

/** States where a job is changing the person right now: their chip shows a spinner. */
export const IN_FLIGHT_STATES: ReadonlySet<string> = new Set(['inviting', 'awaiting_update', 'awaiting_deprovisioning']);

export function memberStateChip(state: HubMemberState): ChipStyle | null {
  if (state in MEMBER_STATE_CHIPS) return MEMBER_STATE_CHIPS[state] ?? null;
  return { label: humanize(state), color: 'gray' };
}

/** Job status chips (spec §4.4). */
export const JOB_STATUS_CHIPS: Record<string, ChipStyle> = {
  queued: { label: 'Queued', color: 'gray' },
  started: { label: 'Started', color: 'blue' },
  running: { label: 'Running', color: 'blue' },
  retrying: { label: 'Retrying', color: 'orange' },
  completed: { label: 'Completed', color: 'green' },
  not_completed: { label: 'Not completed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

export const ACTIVE_JOB_STATUSES: ReadonlySet<string> = new Set(['started', 'running', 'retrying']);

export function jobStatusChip(status: JobStatus): ChipStyle {
  return JOB_STATUS_CHIPS[status] ?? { label: humanize(status), color: 'gray' };
}

export const JOB_STATUS_OPTIONS: { value: string; label: string }[] = Object.entries(JOB_STATUS_CHIPS).map(([value, chip]) => ({ value, label: chip.label }));

/** Task labels (spec §3.17), for the task filter; rows use the server's `taskLabel`. */
export const TASK_LABELS: Record<string, string> = {
  validate_hub: 'Validating business hub',
  sync_hub: 'Syncing users',
  add_user: 'Adding users',
  check_invite: 'Checking invites',
  assign_assets: 'Assigning assets',
  update_user: 'Updating user roles',
  remove_user: 'Removing users',
  rotate_password: 'Rotating passwords',
  turn_on_mfa: 'Turning on MFA',
  turn_off_mfa: 'Turning off MFA',
};

export const TRIGGER_LABELS: Record<string, string> = {
  web_app: 'Web app',
  schedule: 'Schedule',
  system: 'Latchkey',
  team_event: 'Team change',
  collection_event: 'Collection change',
  api: 'API',
  card_open: 'Card opened',
  invite_watch: 'Invite watch',
  grant_expiry: 'Access expiry',
  offboarding: 'Offboarding',
};

export function triggerLabel(trigger: string): string {
  return TRIGGER_LABELS[trigger] ?? humanize(trigger);
}

export const HUB_ROLE_LABELS: Record<HubRole, string> = {
  owner: 'Owner',
  security_manager: 'Security Manager',
  manager: 'Manager',
  collaborator: 'Collaborator',
};

export const LOGIN_METHOD_LABELS: Record<LoginMethod, string> = {
  sso: 'SSO',
  username_password: 'Username and password',
};

export const USERS_TAB_LABELS: Record<UsersTab, string> = {
  all: 'All',
  onboarded: 'Onboarded',
  guests: 'Guests',
  unmatched: 'Unmatched',
  exempted: 'Exempted',
};

/** What each Users tab holds, said once above its table. */
export const USERS_TAB_DESCRIPTIONS: Record<UsersTab, string> = {
  all: 'Everyone Latchkey found in the app or added through it, with where each person stands.',
  onboarded: 'People in the app who are linked to a member of this workspace.',
  guests: 'Workspace guests, and guests or partner users on the app side.',
  unmatched: 'People in the app whose email matches no member here. Match them to a member, remove them from the app, or exempt them.',
  exempted: 'People left in the app on purpose, unmanaged by Latchkey. Each carries the reason someone gave.',
};

export const HUB_ROLE_CAN_MANAGE: ReadonlySet<string> = new Set(['owner', 'security_manager', 'manager']);

/** Spec §6.2: Owners, Security Managers and Managers see people, sync, and handle unmatched users. */
export function canManagePeople(role: HubRole | null): boolean {
  return role !== null && HUB_ROLE_CAN_MANAGE.has(role);
}

/** Spec §6.2: only Owners change settings, the service account, or delete the hub. */
export function canChangeSettings(role: HubRole | null): boolean {
  return role === 'owner';
}

/** The catalog logo as an image source: an SVG data URL can't run script or touch the page. */
export function logoSrc(svg: string | undefined): string | undefined {
  return svg ? `data:image/svg+xml;utf8,${encodeURIComponent(svg)}` : undefined;
}
