import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createServices, jobAuditHooks, jobHandlers, type Services } from './app/services.ts';
import { installedConnectors } from './connectors/installed.ts';
import type { Config } from './config/config.ts';
import { loadMasterKey } from './crypto/master-key.ts';
import { openDatabase, type Database } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { openDataStore, type DataStore } from './db/store.ts';
import { buildApp } from './http/app.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createWorker, type Worker } from './jobs/worker.ts';
import { runInviteWatch, inviteWatchMinutes } from './modules/hubs/invite-watch.ts';
import { runDailySyncs } from './modules/hubs/schedule.ts';
import { systemClock } from './lib/clock.ts';
import { cryptoRandom } from './lib/random.ts';
import { checkMasterKey } from './modules/keyring/rotate-command.ts';
import { smtpTransport } from './modules/mail/transport.ts';
import { startInboundSmtp, type InboundSmtp } from './modules/mail-inbound/smtp.ts';
import { setConnectorRequestLog } from './connectors/request-log.ts';

export type Role = 'all' | 'api' | 'worker';

export interface Running {
  app: FastifyInstance | null;
  worker: Worker | null;
  services: Services;
  database: Database;
  store: DataStore;
  /** Shutdown order (stack §3.3): stop HTTP, stop claiming jobs, close the pool, stop postgres. */
  stop(): Promise<void>;
}

/** Opens the database (embedded unless DATABASE_URL), checks the master key, migrates, and starts the chosen roles. */
export async function openCore(config: Config, log: Logger, opts: { migrate: boolean }): Promise<{ store: DataStore; database: Database; services: Services }> {
  setConnectorRequestLog(log.child({ component: 'connector' }));
  const store = await openDataStore(config, log);
  try {
    if (opts.migrate) await runMigrations(store.url);
    const database = openDatabase(store.url, { onError: (e) => log.warn({ err: e }, 'idle database client error') });
    const loaded = await loadMasterKey({
      env: process.env,
      dataDir: config.dataDir,
      createIfMissing: true,
      onCreated: (path) => log.warn({ path }, 'created a new master key; back it up: without it the stored secrets cannot be read'),
    });
    const kek = await checkMasterKey(config, database, loaded);
    const services = createServices({
      config,
      database,
      kek,
      clock: systemClock,
      random: cryptoRandom,
      mailTransport: config.smtpUrl ? smtpTransport(config.smtpUrl) : null,
      connectors: installedConnectors(config),
      messaging: config.messaging,
      hubOAuth: config.hubOAuth,
      facebookLogin: config.facebookLogin,
    });
    return { store, database, services };
  } catch (e) {
    await store.stop();
    throw e;
  }
}

export async function startLatchkey(config: Config, log: Logger, role: Role): Promise<Running> {
  // Migrations run at boot for the single-process install; split roles run `latchkey migrate` first.
  const { store, database, services } = await openCore(config, log, { migrate: role === 'all' || !config.databaseUrl });
  let app: FastifyInstance | null = null;
  let worker: Worker | null = null;
  let scheduler: { stop(): void } | null = null;
  let inboundSmtp: InboundSmtp | null = null;
  try {
    if (role !== 'worker') {
      app = await buildApp({ services, database, logger: log, publicUrl: config.publicUrl, secureCookies: config.secureCookies, trustProxy: config.trustProxy });
      await app.listen({ host: config.host, port: config.port });
      const smtp = config.messaging.inboundSmtp;
      if (smtp) inboundSmtp = await startInboundSmtp({ ...smtp, addresses: services.messaging.emailAddresses, ingest: services.messaging.inboxIngest, log });
    }
    if (role !== 'api') {
      worker = createWorker({ database, handlers: jobHandlers(services), hooks: jobAuditHooks(services), clock: systemClock, log, pollMs: config.jobPollMs });
      worker.start();
      scheduler = startScheduler([
        { name: 'daily-sync', pattern: '*/10 * * * *', run: (now) => runDailySyncs({ database, activity: services.activity }, now) },
        { name: 'invite-watch', pattern: `*/${inviteWatchMinutes} * * * *`, run: (now) => runInviteWatch({ database }, now) },
        { name: 'grant-expiry', pattern: '* * * * *', run: async (now) => [await services.shares.remindExpiringGrants(now), await services.shares.expireGrants(now)] },
        // Inbox retention; deleting is idempotent, so several worker nodes may run it at once.
        { name: 'inbox-retention', pattern: '17 * * * *', run: () => services.messaging.inbox.purgeExpired() },
      ], log);
    }
  } catch (e) {
    await inboundSmtp?.close();
    await app?.close();
    await database.close();
    await store.stop();
    throw e;
  }
  let stopping: Promise<void> | null = null;
  return {
    app,
    worker,
    services,
    database,
    store,
    stop() {
      stopping ??= (async () => {
        await inboundSmtp?.close();
        await app?.close();
        scheduler?.stop();
        await worker?.stop();
        await database.close();
        await store.stop();
      })();
      return stopping;
    },
  };
}
