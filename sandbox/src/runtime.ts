import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openDatabase } from '../../server/src/db/client.ts';
import { systemClock } from '../../server/src/lib/clock.ts';
import { cryptoRandom } from '../../server/src/lib/random.ts';
import { smtpTransport } from '../../server/src/modules/mail/transport.ts';
import type { SandboxConfig } from './config.ts';
import { migrateSandbox } from './db/migrate.ts';
import { openSandboxStore } from './db/store.ts';
import { buildSandboxApp } from './http/app.ts';
import { createSandboxServices, type SandboxServices } from './services.ts';

export interface SandboxCore {
  services: SandboxServices;
  /** Closes the pool, then stops the bundled PostgreSQL if this process started it. */
  close(): Promise<void>;
}

/** Database (external or bundled) → migrations → services. Used by `start` and by the CLI's one-shot commands. */
export async function openSandboxCore(config: SandboxConfig, log: Logger): Promise<SandboxCore> {
  const store = await openSandboxStore(config, log);
  try {
    await migrateSandbox(store.url);
    const database = openDatabase(store.url, { max: 8, onError: (e) => log.warn({ err: e }, 'idle database client error') });
    const services = createSandboxServices({
      config,
      database,
      clock: systemClock,
      random: cryptoRandom,
      mailTransport: config.smtpUrl ? smtpTransport(config.smtpUrl) : null,
      log,
    });
    return {
      services,
      async close() {
        await services.carrier.drain();
        await database.close();
        await store.stop();
      },
    };
  } catch (e) {
    await store.stop();
    throw e;
  }
}

export interface RunningSandbox {
  app: FastifyInstance;
  services: SandboxServices;
  url: string;
  stop(): Promise<void>;
}

export async function startSandbox(config: SandboxConfig, log: Logger): Promise<RunningSandbox> {
  const core = await openSandboxCore(config, log);
  let app: FastifyInstance;
  try {
    app = await buildSandboxApp({ services: core.services, logger: log, publicUrl: config.publicUrl, faultDefaults: config.faults, apiRateLimitPerMinute: config.apiRateLimitPerMinute });
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await core.close();
    throw e;
  }
  let stopping: Promise<void> | null = null;
  return {
    app,
    services: core.services,
    url: config.publicUrl,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await core.close();
      })();
      return stopping;
    },
  };
}
