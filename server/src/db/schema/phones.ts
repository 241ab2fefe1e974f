import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

/**
 * Managed phone numbers (spec §3.13). A number belongs to one workspace's pool; while `assigned` it is
 * bound to exactly one account, and after release it stays `quarantined` until `quarantine_until`
 * before anyone may get it again (invariant 25).
 */
export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** E.164, e.g. +15550100001. */
    e164: text('e164').notNull(),
    /** `local` (a configured fictional range) or `twilio`. */
    provider: text('provider').notNull(),
    /** The provider's id for the number (Twilio's `PN…` sid); null for local numbers. */
    providerRef: text('provider_ref'),
    voip: boolean('voip').notNull().default(false),
    /** available | assigned | quarantined | retired */
    status: text('status').notNull(),
    accountId: uuid('account_id'),
    assignedAt: ts('assigned_at'),
    releasedAt: ts('released_at'),
    quarantineUntil: ts('quarantine_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A number is in at most one live pool; a retired number may come back through its provider later.
    uniqueIndex('phone_numbers_e164_key').on(t.e164).where(sql`status <> 'retired'`),
    // One managed number per account.
    uniqueIndex('phone_numbers_account_key').on(t.accountId).where(sql`status = 'assigned'`),
    index('phone_numbers_pool_idx').on(t.workspaceId, t.provider, t.status),
  ],
);
