import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { startEmbeddedPostgres } from '../../../server/src/db/embedded/index.ts';

export interface SandboxStore {
  url: string;
  stop(): Promise<void>;
}

/**
 * `SANDBOX_DATABASE_URL` → use it, start nothing. Otherwise run the bundled PostgreSQL (the same
 * supervisor Latchkey uses) in the sandbox's own data dir, with its own database.
 */
export async function openSandboxStore(opts: { databaseUrl: string | undefined; dataDir: string }, log: Logger): Promise<SandboxStore> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, stop: async () => undefined };
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const pg = await startEmbeddedPostgres({ dataDir: opts.dataDir, logger: log.child({ component: 'postgres' }), database: 'sandbox' });
  return { url: pg.url, stop: () => pg.stop() };
}
