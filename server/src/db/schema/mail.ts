import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, ts, workspaceId } from './columns.ts';

/**
 * Every outgoing email, written in the same transaction as the change that caused it.
 * Bodies can carry one-time links, so they are sealed with the workspace data key.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyEnc: bytea('body_enc').notNull(),
    /** held: no SMTP configured, kept for admins; queued → sent | failed when SMTP is configured. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('mail_messages_workspace_idx').on(t.workspaceId, t.createdAt)],
);
