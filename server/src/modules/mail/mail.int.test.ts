import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { buildWorkspace, uniqueEmail } from '../../../test/factories.ts';
import { jobHandlers } from '../../app/services.ts';
import { createWorker } from '../../jobs/worker.ts';
import { systemClock } from '../../lib/clock.ts';
import { smtpTransport } from './transport.ts';

/** A real SMTP server on loopback that keeps what it receives. */
const received: { to: string; subject: string; text: string }[] = [];
let failNext = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    if (failNext > 0) {
      failNext--;
      stream.resume();
      return callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 }));
    }
    simpleParser(stream).then((m) => {
      received.push({ to: session.envelope.rcptTo[0]?.address ?? '', subject: m.subject ?? '', text: m.text ?? '' });
      callback();
    }, callback);
  },
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => smtp.close(r)));

const get = useTestApp({ mailTransport: { send: (m) => smtpTransport(`smtp://127.0.0.1:${port}`).send(m) } });

describe('mail delivery over SMTP', () => {
  it('queues the invitation with the change and delivers it through a job, retrying a temporary failure', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const email = uniqueEmail('smtp');
    failNext = 1;
    await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: { cookie: owner.cookie }, payload: { email, role: 'user' } });
    const queued = (await t.app.inject({ url: '/api/v1/outbox', headers: { cookie: owner.cookie } })).json() as { data: { to: string; status: string }[] };
    expect(queued.data.find((m) => m.to === email)?.status).toBe('queued');

    const worker = createWorker({ database: t.database, handlers: jobHandlers(t.services), clock: systemClock, log: pino({ level: 'silent' }), pollMs: 10, retryBaseMs: 1 });
    for (let i = 0; i < 50 && !received.some((r) => r.to === email); i++) {
      await worker.tick();
      await new Promise((r) => setTimeout(r, 10));
    }
    const mail = received.find((r) => r.to === email);
    expect(mail?.subject).toContain('invited you to Acme');
    expect(mail?.text).toMatch(/accept-invite#token=/);
    const sent = (await t.app.inject({ url: '/api/v1/outbox', headers: { cookie: owner.cookie } })).json() as { data: { to: string; status: string }[] };
    expect(sent.data.find((m) => m.to === email)?.status).toBe('sent');
    const job = await t.database.pool.query(`select status, attempt from jobs where task = 'send_email' order by created_at desc limit 1`);
    expect(job.rows[0]).toMatchObject({ status: 'completed', attempt: 2 });
  });

  it('stores mail bodies sealed: the one-time link is not in the table', async () => {
    const t = get();
    await buildWorkspace(t);
    const rows = await t.database.pool.query<{ body_enc: Buffer; subject: string }>('select body_enc, subject from mail_messages');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r.body_enc.toString('latin1')).not.toContain('token=');
  });
});
