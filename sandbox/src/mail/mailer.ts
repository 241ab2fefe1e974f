import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { newId } from '../../../server/src/lib/ids.ts';
import type { MailTransport } from '../../../server/src/modules/mail/transport.ts';
import { many, sql } from '../db/sql.ts';

export interface SandboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailLogRow {
  id: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  status: 'SENT' | 'HELD' | 'FAILED';
  lastError: string | null;
  createdAt: Date;
}

export interface Mailer {
  /** Sends over SMTP when configured, else holds the message; either way it lands in the mail log. */
  send(mail: SandboxMail): Promise<EmailLogRow['status']>;
  recent(limit: number): Promise<EmailLogRow[]>;
}

export function createMailer(deps: { database: Database; transport: MailTransport | null; from: string; clock: Clock }): Mailer {
  const { database, transport, from, clock } = deps;
  return {
    async send(mail) {
      let status: EmailLogRow['status'] = 'HELD';
      let error: string | null = null;
      if (transport) {
        try {
          await transport.send({ from, ...mail });
          status = 'SENT';
        } catch (e) {
          // A mail server outage must not fail the API call that caused the mail; the log shows it.
          status = 'FAILED';
          error = (e as Error).message.slice(0, 500);
        }
      }
      await database.db.execute(sql`INSERT INTO sandbox.emails (id, to_address, subject, body_text, status, last_error, created_at)
        VALUES (${newId()}, ${mail.to}, ${mail.subject}, ${mail.text}, ${status}, ${error}, ${clock.now()})`);
      return status;
    },
    recent(limit) {
      return many<EmailLogRow>(database.db, sql`SELECT id, to_address AS "toAddress", subject, body_text AS "bodyText", status, last_error AS "lastError", created_at AS "createdAt"
        FROM sandbox.emails ORDER BY seq DESC LIMIT ${limit}`);
    },
  };
}
