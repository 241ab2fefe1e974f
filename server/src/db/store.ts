import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/index.ts';

/** Where the database lives for this process: an external URL, or the bundled server this process owns. */
export interface DataStore {
  url: string;
  embedded: EmbeddedPostgres | null;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` set → use it and start nothing. Otherwise start (or recover) the bundled
 * PostgreSQL under the data dir.
 *
 * @example const store = await openDataStore(config, log); … await store.stop();
 */
export async function openDataStore(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgTcp'>, log: Logger): Promise<DataStore> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, stop: async () => {} };
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, logger: log.child({ component: 'postgres' }), ...(config.pgTcp ? { tcp: config.pgTcp } : {}) });
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}
