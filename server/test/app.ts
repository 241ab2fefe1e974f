import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createServices, type Services } from '../src/app/services.ts';
import { createLocalKek } from '../src/crypto/kek.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { cryptoRandom } from '../src/lib/random.ts';
import type { MailTransport } from '../src/modules/mail/transport.ts';
import type { Connector } from '../src/connectors/types.ts';
import { defaultMessagingSettings } from '../src/app/messaging.ts';
import type { FacebookLoginSettings, HubOAuthSettings, MessagingSettings } from '../src/config/config.ts';
import { useTestDb } from './db.ts';

export const testPublicUrl = 'http://latchkey.test';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: Database;
  clock: ReturnType<typeof fixedClock>;
  /** This file's database, for child processes that share it. */
  dbUrl: string;
}

/**
 * A real app on a fresh database cloned from the migrated template: real SQL, real crypto,
 * real argon2; only the clock (settable) and the mail transport (null = outbox) are edges.
 */
export function useTestApp(
  opts: {
    mailTransport?: MailTransport | null;
    loginMaxFailures?: number;
    authRateLimitPerMinute?: number;
    /** A function is called in `beforeAll`, after earlier hooks ran (e.g. one that started the app the connector talks to). */
    connectors?: Connector[] | (() => Connector[]);
    /** The KEK's key; pass one to share the vault with a child process (a worker), else it is random. */
    masterKey?: Buffer;
    /** Where the app says it lives (webhook signatures are checked against it); a test that listens passes its own address. */
    publicUrl?: string;
    /** Messaging settings over the defaults; without it managed identities get no phone numbers. */
    messaging?: Partial<MessagingSettings>;
    /** Pinterest and TikTok authorisation (e.g. pointed at the fakes); a function is called in `beforeAll`. */
    hubOAuth?: HubOAuthSettings | (() => HubOAuthSettings);
    /** Facebook Login for "Connect your Facebook profile" (e.g. pointed at the fake Graph API); a function is called in `beforeAll`. */
    facebookLogin?: FacebookLoginSettings | (() => FacebookLoginSettings);
  } = {},
): () => TestApp {
  const db = useTestDb();
  let t: TestApp | undefined;
  beforeAll(async () => {
    const database = openDatabase(db.url(), { max: 4 });
    const clock = fixedClock(new Date());
    const services = createServices({
      config: { publicUrl: opts.publicUrl ?? testPublicUrl, mailFrom: 'Latchkey <no-reply@latchkey.test>', sessionTtlHours: 24, inviteTtlHours: 72, resetTtlMinutes: 60, loginMaxFailures: opts.loginMaxFailures ?? 5 },
      database,
      kek: createLocalKek(Buffer.from(opts.masterKey ?? randomBytes(32))),
      clock,
      random: cryptoRandom,
      mailTransport: opts.mailTransport ?? null,
      ...(opts.messaging ? { messaging: { ...defaultMessagingSettings(), ...opts.messaging } } : {}),
      ...(opts.hubOAuth ? { hubOAuth: typeof opts.hubOAuth === 'function' ? opts.hubOAuth() : opts.hubOAuth } : {}),
      ...(opts.facebookLogin ? { facebookLogin: typeof opts.facebookLogin === 'function' ? opts.facebookLogin() : opts.facebookLogin } : {}),
      connectors: typeof opts.connectors === 'function' ? opts.connectors() : (opts.connectors ?? []),
    });
    const app = await buildApp({ services, database, logger: pino({ level: 'silent' }), publicUrl: opts.publicUrl ?? testPublicUrl, secureCookies: false, webDist: '/nonexistent', authRateLimitPerMinute: opts.authRateLimitPerMinute ?? 30 });
    t = { app, services, database, clock, dbUrl: db.url() };
  });
  afterAll(async () => {
    await t?.app.close();
    await t?.database.close();
  });
  return () => {
    if (!t) throw new Error('useTestApp() is only ready inside tests');
    return t;
  };
}

/** The session cookie from a login/setup/accept response, as a Cookie header value. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'lk_session');
  if (!c) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `lk_session=${c.value}`;
}
