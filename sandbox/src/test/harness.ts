import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../../server/src/db/client.ts';
import { fixedClock } from '../../../server/src/lib/clock.ts';
import { cryptoRandom } from '../../../server/src/lib/random.ts';
import type { MailTransport, OutgoingMail } from '../../../server/src/modules/mail/transport.ts';
import { useTestDb } from '../../../server/test/db.ts';
import type { FaultSettings } from '../api/faults.ts';
import type { GuardDeps } from '../api/guard.ts';
import type { BusinessRole } from '../lib/roles.ts';
import { migrateSandbox } from '../db/migrate.ts';
import { buildSandboxApp } from '../http/app.ts';
import { createSandboxServices, type SandboxServices } from '../services.ts';
import type { SmsRoute } from '../sms/routes.ts';

export const TEST_PUBLIC_URL = 'http://sandbox.test';

export interface SandboxHarness {
  app: FastifyInstance;
  services: SandboxServices;
  database: Database;
  clock: ReturnType<typeof fixedClock>;
  /** Every email "sent", in order. */
  mails: OutgoingMail[];
  /** The next fault draw; tests set it to force or avoid an injected 429/503. */
  draw: { value: number };
  url(): string;
  business(opts?: { seats?: number | null; role?: BusinessRole; rules?: string }): Promise<{ id: string; token: string }>;
  api(method: InjectOptions['method'], path: string, token: string | null, body?: unknown): Promise<LightMyRequestResponse>;
  /** The newest SMS code the carrier sent to `phone`. */
  lastSmsCode(phone: string): Promise<string>;
  /** The signup token from the newest invite email to `email`. */
  inviteToken(email: string): string;
}

/**
 * A sandbox on a fresh database per test file: Latchkey's migrated template cloned by `useTestDb`,
 * plus the sandbox schema, so every file also proves the two coexist in one database.
 * Mail is captured in memory; SMS have no routes, so codes are read from the carrier log.
 */
export function useSandbox(opts: { faults?: FaultSettings; smsRoutes?: SmsRoute[]; authToken?: string; guard?: Pick<GuardDeps, 'sleep' | 'draw'>; apiRateLimitPerMinute?: number } = {}): () => SandboxHarness {
  const db = useTestDb();
  let h: SandboxHarness | undefined;
  beforeAll(async () => {
    await migrateSandbox(db.url());
    const database = openDatabase(db.url(), { max: 4 });
    const clock = fixedClock(new Date('2030-01-01T09:00:00Z'));
    const mails: OutgoingMail[] = [];
    const transport: MailTransport = { send: async (m) => (mails.push(m), { messageId: `<${mails.length}@test>` }) };
    const log = pino({ level: 'silent' });
    const services = createSandboxServices({
      config: { publicUrl: TEST_PUBLIC_URL, mailFrom: 'Sandbox <no-reply@sandbox.test>', inviteTtlHours: 168, sms: { routes: opts.smsRoutes ?? [], authToken: opts.authToken, accountSid: 'AC172a2bb13923313a73ea9ac7443a4f10', from: '+15005550006' } },
      database,
      clock,
      random: cryptoRandom,
      mailTransport: transport,
      log,
      smsRetry: { attempts: 3, baseDelayMs: 20, timeoutMs: 2000 },
    });
    const draw = { value: 0.99 };
    const app = await buildSandboxApp({
      services,
      logger: log,
      publicUrl: TEST_PUBLIC_URL,
      faultDefaults: opts.faults ?? { latencyMs: 0, rate429: 0, rate503: 0 },
      apiRateLimitPerMinute: opts.apiRateLimitPerMinute ?? 10_000,
      guard: { draw: () => draw.value, ...opts.guard },
    });
    h = {
      app,
      services,
      database,
      clock,
      mails,
      draw,
      url: () => db.url(),
      async business(b = {}) {
        const row = await services.businesses.create({ name: `Biz ${Math.random().toString(36).slice(2, 8)}`, seatLimit: b.seats ?? null, ...(b.rules ? { passwordRules: b.rules } : {}) });
        const { token } = await services.businesses.createToken(row.id, { role: b.role ?? 'ADMIN' });
        return { id: row.id, token };
      },
      api(method, path, token, body) {
        return app.inject({ method, url: path, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
      },
      async lastSmsCode(phone) {
        const msg = (await services.carrier.recent(50)).find((m) => m.toNumber === phone);
        const code = /\b(\d{6})\b/.exec(msg?.body ?? '')?.[1];
        if (!code) throw new Error(`no SMS code was sent to ${phone}`);
        return code;
      },
      inviteToken(email) {
        const mail = [...mails].reverse().find((m) => m.to === email);
        const token = /[?&]token=([^\s&"]+)/.exec(mail?.text ?? '')?.[1];
        if (!token) throw new Error(`no invite email was sent to ${email}`);
        return decodeURIComponent(token);
      },
    };
  });
  afterAll(async () => {
    await h?.services.carrier.drain();
    await h?.app.close();
    await h?.database.close();
  });
  return () => {
    if (!h) throw new Error('useSandbox() is only ready inside tests');
    return h;
  };
}
