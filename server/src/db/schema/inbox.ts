import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

/** Managed e-mail addresses (spec §3.14): an opaque alias on the inbound domain, bound to one account. */
export const emailAddresses = pgTable(
  'email_addresses',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Lower case, `acct-<random>@<inbound domain>`; no + tags. */
    address: text('address').notNull(),
    accountId: uuid('account_id'),
    /** active | disabled */
    status: text('status').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('email_addresses_address_key').on(t.address),
    uniqueIndex('email_addresses_account_key').on(t.accountId).where(sql`status = 'active'`),
    index('email_addresses_workspace_idx').on(t.workspaceId),
  ],
);

/**
 * Messages received by managed numbers and addresses (spec §3.15), bound at receipt to the account
 * the number or address served. Everything that can carry a code (subject, bodies, the extracted code,
 * the raw original) is sealed with the workspace data key; only routing metadata is plain.
 */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: id(),
    workspaceId: workspaceId(),
    accountId: uuid('account_id').notNull(),
    /** sms | email */
    channel: text('channel').notNull(),
    /** The phone number or e-mail address row that received it. */
    contactId: uuid('contact_id').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    subjectEnc: bytea('subject_enc'),
    bodyTextEnc: bytea('body_text_enc').notNull(),
    bodyHtmlEnc: bytea('body_html_enc'),
    /** The original as received (Twilio form fields as JSON, or the MIME source). */
    rawEnc: bytea('raw_enc').notNull(),
    codeEnc: bytea('code_enc'),
    /** Which rule found the code (`app:<n>` or `generic:<kind>`), for audit. */
    codeRule: text('code_rule'),
    codeExpiresAt: ts('code_expires_at'),
    receivedAt: ts('received_at').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Provider retries and replays store one row (invariant 27).
    uniqueIndex('inbox_messages_provider_key').on(t.provider, t.providerMessageId),
    index('inbox_messages_account_idx').on(t.workspaceId, t.accountId, t.receivedAt),
    index('inbox_messages_received_idx').on(t.workspaceId, t.receivedAt),
  ],
);
