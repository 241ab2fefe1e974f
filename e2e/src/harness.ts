import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { defaultMessagingSettings } from '../../server/src/app/messaging.ts';
import { createServices, jobHandlers, type Services } from '../../server/src/app/services.ts';
import type { FacebookLoginSettings, HubOAuthSettings, MessagingSettings } from '../../server/src/config/config.ts';
import { createLocalKek } from '../../server/src/crypto/kek.ts';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
import type { Connector } from '../../server/src/connectors/types.ts';
import { buildApp } from '../../server/src/http/app.ts';
import { createWorker, type Worker } from '../../server/src/jobs/worker.ts';
import { systemClock } from '../../server/src/lib/clock.ts';
import { cryptoRandom } from '../../server/src/lib/random.ts';
import { useTestDb } from '../../server/test/db.ts';

export const chromiumPath = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserApp {
  baseUrl: string;
  app: FastifyInstance;
  services: Services;
  database: Database;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) per person in a test. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface BrowserAppOptions {
  /** The app connectors this Latchkey installs, e.g. `fakeConnector(space)`; none by default. */
  connectors?: Connector[];
  /** Listen here (e.g. a port picked earlier so another app can be told where to send webhooks); a free one by default. */
  port?: number;
  /**
   * Managed phone numbers, inbound SMS and the inbox, over the defaults (local number range). Set
   * `webhookAuthToken` to accept signed SMS webhooks. Without it managed identities get no numbers.
   */
  messaging?: Partial<MessagingSettings>;
  /** Pinterest and TikTok authorisation ("Authorise with …" in the wizard), e.g. pointed at the fakes; off by default. */
  hubOAuth?: HubOAuthSettings;
  /** Facebook Login for Meta's "Connect your Facebook profile" (e.g. the fake Graph's dialog); off by default. */
  facebookLogin?: FacebookLoginSettings;
}

/**
 * A real Latchkey (built SPA, real HTTP on loopback, real PostgreSQL, worker running) and a
 * headless Debian Chromium driven by playwright-core. Mail is held in the outbox, as on a
 * fresh install without SMTP. Options may be a function, evaluated in `beforeAll`.
 */
export function useBrowserApp(opts: BrowserAppOptions | (() => BrowserAppOptions) = {}): () => BrowserApp {
  const db = useTestDb();
  let ctx: BrowserApp | undefined;
  let worker: Worker | undefined;
  beforeAll(async () => {
    // A function is called here, after earlier hooks ran (e.g. one that started the app a connector talks to).
    const options = typeof opts === 'function' ? opts() : opts;
    const port = options.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const database = openDatabase(db.url(), { max: 6 });
    const services = createServices({
      config: { publicUrl: baseUrl, mailFrom: 'Latchkey <no-reply@latchkey.test>', sessionTtlHours: 24, inviteTtlHours: 72, resetTtlMinutes: 60, loginMaxFailures: 5 },
      database,
      kek: createLocalKek(randomBytes(32)),
      clock: systemClock,
      random: cryptoRandom,
      mailTransport: null,
      connectors: options.connectors ?? [],
      ...(options.messaging ? { messaging: { ...defaultMessagingSettings(), ...options.messaging } } : {}),
      ...(options.hubOAuth ? { hubOAuth: options.hubOAuth } : {}),
      ...(options.facebookLogin ? { facebookLogin: options.facebookLogin } : {}),
    });
    const app = await buildApp({ services, database, logger: pino({ level: 'silent' }), publicUrl: baseUrl, secureCookies: false });
    await app.listen({ host: '127.0.0.1', port });
    worker = createWorker({ database, handlers: jobHandlers(services), clock: systemClock, log: pino({ level: 'silent' }), pollMs: 50 });
    worker.start();
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    ctx = {
      baseUrl,
      app,
      services,
      database,
      browser,
      async newPage() {
        const context = await browser.newContext({ baseURL: baseUrl });
        context.setDefaultTimeout(15_000);
        return { context, page: await context.newPage() };
      },
    };
  });
  afterAll(async () => {
    await ctx?.browser.close();
    await worker?.stop();
    await ctx?.app.close();
    await ctx?.database.close();
  });
  return () => {
    if (!ctx) throw new Error('useBrowserApp() is only ready inside tests');
    return ctx;
  };
}
