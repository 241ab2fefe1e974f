import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createServices, jobHandlers, type Services } from '../../server/src/app/services.ts';
import { createLocalKek } from '../../server/src/crypto/kek.ts';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
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

/**
 * A real Latchkey (built SPA, real HTTP on loopback, real PostgreSQL, worker running) and a
 * headless Debian Chromium driven by playwright-core. Mail is held in the outbox, as on a
 * fresh install without SMTP.
 */
export function useBrowserApp(): () => BrowserApp {
  const db = useTestDb();
  let ctx: BrowserApp | undefined;
  let worker: Worker | undefined;
  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const database = openDatabase(db.url(), { max: 6 });
    const services = createServices({
      config: { publicUrl: baseUrl, mailFrom: 'Latchkey <no-reply@latchkey.test>', sessionTtlHours: 24, inviteTtlHours: 72, resetTtlMinutes: 60, loginMaxFailures: 5 },
      database,
      kek: createLocalKek(randomBytes(32)),
      clock: systemClock,
      random: cryptoRandom,
      mailTransport: null,
      connectors: [],
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
