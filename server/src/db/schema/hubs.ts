import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

/** A workspace's handle on one collaboration space of a third-party app (spec §3.8). */
export const hubs = pgTable(
  'hubs',
  {
    id: id(),
    workspaceId: workspaceId(),
    label: text('label').notNull(),
    appKey: text('app_key').notNull(),
    businessId: text('business_id'),
    /** App-specific connect fields that are not secrets (e.g. Meta's App Id). */
    connectFields: jsonb('connect_fields').$type<Record<string, string>>().notNull().default({}),
    loginMethod: text('login_method').notNull(),
    requestToSave: boolean('request_to_save').notNull().default(true),
    /** The vault account holding the service account or API token. */
    serviceCredentialId: uuid('service_credential_id'),
    health: text('health').notNull(),
    healthReason: jsonb('health_reason').$type<{ code: string; message: string; since: string; jobId: string | null } | null>(),
    lastSyncedAt: ts('last_synced_at'),
    syncing: boolean('syncing').notNull().default(false),
    syncSafeguardPct: integer('sync_safeguard_pct').notNull().default(20),
    dailySync: boolean('daily_sync').notNull().default(true),
    /** A sync the safeguard halted, waiting for "Apply anyway" or "Cancel". */
    haltedSync: jsonb('halted_sync').$type<Record<string, unknown> | null>(),
    /** How many times an expired invite is re-sent on its own before it stops at "Invite expired" (0 = never; spec §10.7). */
    autoReinviteMax: integer('auto_reinvite_max').notNull().default(2),
    /** "Assign assets as soon as the invite is accepted", for apps whose assets otherwise wait for a join step (spec §5.13). */
    assetsOnAcceptance: boolean('assets_on_acceptance').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('hubs_workspace_idx').on(t.workspaceId), uniqueIndex('hubs_service_credential_key').on(t.serviceCredentialId)],
);

export const hubAppRoles = pgTable(
  'hub_app_roles',
  {
    id: id(),
    workspaceId: workspaceId(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    group: text('group').notNull().default('primary'),
    model: text('model').notNull(),
    rank: integer('rank'),
    isDefault: boolean('is_default').notNull().default(false),
    assignable: boolean('assignable').notNull().default(true),
  },
  (t) => [uniqueIndex('hub_app_roles_key').on(t.hubId, t.group, t.key)],
);

export const hubAssets = pgTable(
  'hub_assets',
  {
    id: id(),
    workspaceId: workspaceId(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    supportsPartial: boolean('supports_partial').notNull().default(false),
    lastSeenAt: ts('last_seen_at'),
    removedAt: ts('removed_at'),
  },
  (t) => [uniqueIndex('hub_assets_external_key').on(t.hubId, t.type, t.externalId)],
);

/** One person in the space as Latchkey sees it (spec §3.9), matched to a member or not. */
export const hubMembers = pgTable(
  'hub_members',
  {
    id: id(),
    workspaceId: workspaceId(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id'),
    externalUserId: text('external_user_id'),
    externalEmail: text('external_email').notNull(),
    externalEmailNormalized: text('external_email_normalized').notNull(),
    externalUsername: text('external_username'),
    isAppGuest: boolean('is_app_guest').notNull().default(false),
    state: text('state').notNull(),
    exemptReason: text('exempt_reason'),
    /** What the app last showed: membership, roles, assets. */
    observed: jsonb('observed').$type<Record<string, unknown>>().notNull().default({}),
    /** What Latchkey wants, computed from grants (access shares fill this in). */
    desired: jsonb('desired').$type<Record<string, unknown>>().notNull().default({}),
    invite: jsonb('invite').$type<Record<string, unknown> | null>(),
    removedBy: text('removed_by'),
    connectedAccountId: uuid('connected_account_id'),
    /** The managed identity being set up in the connect dialog, kept so the dialog can be resumed. */
    draftAccountId: uuid('draft_account_id'),
    lastJobId: uuid('last_job_id'),
    /** The first click on the card (TikTok propagates assets then; spec §5.13). */
    firstCardOpenAt: ts('first_card_open_at'),
    /** The app identity a join step bound, e.g. the Facebook profile from "Connect your Facebook profile" (spec §5.12). */
    appProfile: jsonb('app_profile').$type<{ kind: string; externalUserId: string | null; appScopedUserId: string | null; name: string | null; boundAt: string } | null>(),
    stateChangedAt: ts('state_changed_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hub_members_member_key').on(t.hubId, t.memberId).where(sql`member_id is not null`),
    uniqueIndex('hub_members_email_key').on(t.hubId, t.externalEmailNormalized),
    index('hub_members_state_idx').on(t.hubId, t.state),
  ],
);

/**
 * One OAuth round trip in flight: the `state` parameter points here, so a callback is accepted once,
 * only for the member and workspace that started it, and only before it expires. Used by hub
 * authorisation (Pinterest, TikTok) and by "Connect your Facebook profile".
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    id: id(),
    workspaceId: workspaceId(),
    memberId: uuid('member_id').notNull(),
    /** `hub_authorization` or `facebook_profile`. */
    purpose: text('purpose').notNull(),
    appKey: text('app_key').notNull(),
    hubId: uuid('hub_id'),
    hubMemberId: uuid('hub_member_id'),
    /** SHA-256 of the random `state` value sent to the provider; the value itself is never stored. */
    stateHash: text('state_hash').notNull(),
    /** Non-secret context the callback needs (e.g. the label and business id of a hub being connected). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('oauth_states_hash_key').on(t.stateHash), index('oauth_states_workspace_idx').on(t.workspaceId)],
);
