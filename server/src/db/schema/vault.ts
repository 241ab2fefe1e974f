import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

export const vaults = pgTable(
  'vaults',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** No new items; existing ones keep working (spec §3.4). */
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('vaults_one_default_key').on(t.workspaceId).where(sql`is_default`), index('vaults_workspace_idx').on(t.workspaceId)],
);

/** Credential items. Only non-secret fields live here; secrets are rows of `account_secrets`. */
export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    workspaceId: workspaceId(),
    vaultId: uuid('vault_id')
      .notNull()
      .references(() => vaults.id),
    label: text('label').notNull(),
    appKey: text('app_key'),
    loginUrl: text('login_url'),
    kind: text('kind').notNull(),
    username: text('username'),
    email: text('email'),
    phone: text('phone'),
    status: text('status').notNull(),
    passwordRules: text('password_rules'),
    hasPassword: boolean('has_password').notNull().default(false),
    hasTotp: boolean('has_totp').notNull().default(false),
    backupCodeCount: integer('backup_code_count').notNull().default(0),
    lastPasswordChangeAt: ts('last_password_change_at'),
    createdBy: uuid('created_by'),
    deletedAt: ts('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * One sealed value per (account, field, version). Passwords keep older versions for 30 days
 * (`superseded_at`); the other fields are replaced in place by a new version.
 */
export const accountSecrets = pgTable(
  'account_secrets',
  {
    workspaceId: workspaceId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    version: integer('version').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    createdAt: createdAt(),
    supersededAt: ts('superseded_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.field, t.version] })],
);

/** Access edges (spec §3.6). Accounts now; hubs, collections and assets extend the same table. */
export const grants = pgTable(
  'grants',
  {
    id: id(),
    workspaceId: workspaceId(),
    objectType: text('object_type').notNull(),
    objectId: uuid('object_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    role: text('role').notNull(),
    origin: text('origin').notNull().default('share'),
    /** Hub grants only (spec §3.6): seat, app roles and asset access this path gives. */
    hubAccess: jsonb('hub_access').$type<{ seat: boolean; appRoleKeys: string[]; assetGrants: { assetId: string; access: 'full' | 'partial'; permissions: string[] }[] } | null>(),
    expiresAt: ts('expires_at'),
    /** When Owners and the grantee were told the time-boxed grant ends soon (spec §10.5). */
    expiryRemindedAt: ts('expiry_reminded_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('grants_edge_key').on(t.objectType, t.objectId, t.subjectType, t.subjectId),
    index('grants_subject_idx').on(t.workspaceId, t.subjectType, t.subjectId),
  ],
);
