import type { Database, Executor } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import { JobError, type JobHandler } from '../../jobs/types.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import type { Keyring } from '../keyring/service.ts';
import { canReadOutbox } from './policy.ts';
import { findMail, insertMail, listMail, markMail, type MailRow } from './repo.ts';
import type { MailContent } from './templates.ts';
import type { MailTransport } from './transport.ts';

export interface QueuedMail extends MailContent {
  workspaceId: string;
  kind: string;
  to: string;
}

export interface OutboxEntry {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface MailService {
  /** Records the message in the caller's transaction; delivery is a job in that same transaction. */
  queue(tx: Executor, mail: QueuedMail): Promise<string>;
  listOutbox(ctx: RequestContext, limit: number, cursor?: string): Promise<{ data: OutboxEntry[]; nextCursor: string | null }>;
  sendHandler: JobHandler;
}

const bodyField = 'mail_body';

export function createMailService(deps: { database: Database; keyring: Keyring; clock: Clock; transport: MailTransport | null; from: string }): MailService {
  const { database, keyring, clock, transport } = deps;

  async function open(row: MailRow): Promise<{ text: string; html: string }> {
    const json = await keyring.open(database.db, row.workspaceId, row.id, bodyField, row.bodyEnc);
    return JSON.parse(json) as { text: string; html: string };
  }

  return {
    async queue(tx, mail) {
      const id = newId();
      const bodyEnc = await keyring.seal(tx, mail.workspaceId, id, bodyField, JSON.stringify({ text: mail.text, html: mail.html }));
      // Without SMTP the message is held for admins to read: nothing is silently dropped.
      await insertMail(tx, { id, workspaceId: mail.workspaceId, kind: mail.kind, toAddress: mail.to, subject: mail.subject, bodyEnc, status: transport ? 'queued' : 'held', createdAt: clock.now() });
      if (transport) {
        await enqueueJob(tx, { workspaceId: mail.workspaceId, task: 'send_email', trigger: 'system', actor: { kind: 'system', id: null }, payload: { messageId: id }, idempotencyKey: `send_email:${id}`, maxAttempts: 10 }, clock.now());
      }
      return id;
    },

    async listOutbox(ctx, limit, cursor) {
      if (!canReadOutbox(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins can read the email outbox.');
      const c = decodeCursor(cursor, 2);
      const rows = await listMail(database.db, ctx.actor.workspaceId, limit + 1, c ? { createdAt: new Date(String(c[0])), id: String(c[1]) } : null);
      const page = rows.slice(0, limit);
      const data = await Promise.all(
        page.map(async (r) => ({ id: r.id, kind: r.kind, to: r.toAddress, subject: r.subject, ...(await open(r)), status: r.status, error: r.lastError, createdAt: r.createdAt, sentAt: r.sentAt })),
      );
      const last = page[page.length - 1];
      return { data, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    sendHandler: async ({ job }) => {
      if (!transport) throw new JobError('ConnectorUnavailable', 'SMTP is not configured', { transient: false });
      const messageId = String(job.payload.messageId);
      const row = await findMail(database.db, job.workspaceId ?? '', messageId);
      if (!row) throw new JobError('not_found', `mail ${messageId} no longer exists`, { transient: false, canRetry: false });
      if (row.status === 'sent') return { alreadySent: true };
      const body = await open(row);
      try {
        const info = await transport.send({ from: deps.from, to: row.toAddress, subject: row.subject, ...body });
        await markMail(database.db, row.id, { status: 'sent', sentAt: clock.now(), attempts: row.attempts + 1, lastError: null });
        return { smtpMessageId: info.messageId };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const final = job.attempt >= job.maxAttempts;
        await markMail(database.db, row.id, { status: final ? 'failed' : 'queued', attempts: row.attempts + 1, lastError: message });
        throw new JobError('ConnectorUnavailable', `SMTP delivery failed: ${message}`, { transient: true, userAction: 'retry_later' });
      }
    },
  };
}
