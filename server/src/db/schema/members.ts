import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';
import { workspaces } from './workspaces.ts';

export const members = pgTable(
  'members',
  {
    id: id(),
    workspaceId: workspaceId().references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** lower(trim(email)): emails compare case-insensitively (spec §3.2). */
    emailNormalized: text('email_normalized').notNull(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    role: text('role').notNull(),
    status: text('status').notNull(),
    isGuest: boolean('is_guest').notNull().default(false),
    passwordHash: text('password_hash'),
    mfaEnabled: boolean('mfa_enabled').notNull().default(false),
    /** The member's own sign-in TOTP seed, sealed with the workspace data key. */
    totpSecretEnc: bytea('totp_secret_enc'),
    /** A seed being set up but not yet confirmed with a code. */
    totpPendingEnc: bytea('totp_pending_enc'),
    invitedBy: uuid('invited_by'),
    inviteExpiresAt: ts('invite_expires_at'),
    activatedAt: ts('activated_at'),
    disabledAt: ts('disabled_at'),
    lastActivityAt: ts('last_activity_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('members_workspace_email_key').on(t.workspaceId, t.emailNormalized),
    index('members_email_idx').on(t.emailNormalized),
    uniqueIndex('members_one_owner_key').on(t.workspaceId).where(sql`role = 'owner'`),
  ],
);
