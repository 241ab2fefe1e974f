import { createServer } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
import { systemClock } from '../../server/src/lib/clock.ts';
import { cryptoRandom } from '../../server/src/lib/random.ts';
import { smtpTransport } from '../../server/src/modules/mail/transport.ts';
import { useTestDb } from '../../server/test/db.ts';
import { migrateSandbox } from '../../sandbox/src/db/migrate.ts';
import { buildSandboxApp } from '../../sandbox/src/http/app.ts';
import { createSandboxServices, type SandboxServices } from '../../sandbox/src/services.ts';
import type { SmsRoute } from '../../sandbox/src/sms/routes.ts';
import { startSmtpSink, type SmtpSink } from '../../sandbox/src/test/smtp-sink.ts';

export const SANDBOX_ACCOUNT_SID = 'AC172a2bb13923313a73ea9ac7443a4f10';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface SandboxApp {
  baseUrl: string;
  services: SandboxServices;
  /** The real SMTP server the sandbox mails its invites to. */
  smtp: SmtpSink;
  /** A business with an ADMIN service token, as an Owner would create in the Sandbox admin UI. */
  business(name: string): Promise<{ id: string; token: string }>;
  /** The signup link in the newest invite email to `email`. */
  inviteLink(email: string, timeoutMs?: number): Promise<string>;
  /** The newest SMS the carrier sent to `phone`, with when it was sent; waits for one sent after `after`. */
  lastSms(phone: string, after?: Date): Promise<{ body: string; code: string; sentAt: Date }>;
}

export interface SandboxAppOptions {
  /** Carrier routes: which numbers' SMS go to which Twilio-format webhook (e.g. Latchkey's). */
  smsRoutes: SmsRoute[];
  /** Signs the webhooks (X-Twilio-Signature); the receiver verifies with the same token. */
  authToken: string;
}

/**
 * A real Sandbox Business Center on loopback, on its own database: invites go out over real SMTP to
 * an in-process sink, SMS go out as signed Twilio webhooks to the configured routes. Options may be
 * a function, evaluated in `beforeAll` (after earlier hooks picked ports).
 */
export function useSandboxApp(opts: SandboxAppOptions | (() => SandboxAppOptions)): () => SandboxApp {
  const db = useTestDb();
  let ctx: SandboxApp | undefined;
  let database: Database | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const options = typeof opts === 'function' ? opts() : opts;
    const smtp = await startSmtpSink();
    await migrateSandbox(db.url());
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    database = openDatabase(db.url(), { max: 4 });
    const log = pino({ level: 'silent' });
    const services = createSandboxServices({
      config: { publicUrl: baseUrl, mailFrom: 'Sandbox <no-reply@sandbox.test>', inviteTtlHours: 168, sms: { routes: options.smsRoutes, authToken: options.authToken, accountSid: SANDBOX_ACCOUNT_SID, from: '+15005550006' } },
      database,
      clock: systemClock,
      random: cryptoRandom,
      mailTransport: smtpTransport(smtp.url),
      log,
      smsRetry: { attempts: 3, baseDelayMs: 100, timeoutMs: 5000 },
    });
    const app = await buildSandboxApp({ services, logger: log, publicUrl: baseUrl, faultDefaults: { latencyMs: 0, rate429: 0, rate503: 0 }, apiRateLimitPerMinute: 6000 });
    await app.listen({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
    close = async () => {
      await services.carrier.drain();
      await app.close();
      await smtp.close();
    };
    ctx = {
      baseUrl,
      services,
      smtp,
      async business(name) {
        const biz = await services.businesses.create({ name });
        const { token } = await services.businesses.createToken(biz.id, { role: 'ADMIN' });
        return { id: biz.id, token };
      },
      async inviteLink(email, timeoutMs = 20_000) {
        const mail = await smtp.waitFor(email, timeoutMs);
        const link = /(http:\/\/\S+\/signup\?token=\S+)/.exec(mail.text)?.[1];
        if (!link) throw new Error(`the invite email to ${email} has no signup link:\n${mail.text}`);
        return link;
      },
      async lastSms(phone, after = new Date(0)) {
        for (let i = 0; i < 400; i++) {
          const msg = (await services.carrier.recent(50)).find((m) => m.toNumber === phone && m.createdAt >= after);
          const code = /\b(\d{6})\b/.exec(msg?.body ?? '')?.[1];
          if (msg && code) return { body: msg.body, code, sentAt: msg.createdAt };
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error(`the sandbox sent no SMS to ${phone}`);
      },
    };
  });
  afterAll(async () => {
    await close?.();
    await database?.close();
  });
  return () => {
    if (!ctx) throw new Error('useSandboxApp() is only ready inside tests');
    return ctx;
  };
}
