import { z } from 'zod';

export const inboxMessageSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  channel: z.enum(['sms', 'email']),
  provider: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string().nullable(),
  bodyText: z.string(),
  /** Sanitised at receipt: no scripts, forms, event handlers, remote images or javascript: links. */
  bodyHtml: z.string().nullable(),
  /** The extracted code while it is visible (`codeVisibilityMinutes`), else null. */
  code: z.string().nullable(),
  codeExpiresAt: z.date().nullable(),
  receivedAt: z.date(),
});
export type InboxMessageDto = z.infer<typeof inboxMessageSchema>;

/** What a provider hands over; bound to an account by the number or address that received it. */
export interface InboundMessage {
  workspaceId: string;
  accountId: string;
  channel: 'sms' | 'email';
  contactId: string;
  provider: string;
  providerMessageId: string;
  from: string;
  to: string;
  subject: string | null;
  text: string;
  /** Already sanitised. */
  html: string | null;
  /** The original as received, kept sealed. */
  raw: string;
}
