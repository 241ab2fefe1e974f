import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What repo functions take first: the pool-backed db or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Runs `fn` in a transaction, retrying serialization failures and deadlocks. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const retryableCodes = new Set(['40001', '40P01']);

/**
 * Opens a pool and a drizzle instance on it.
 *
 * @example const database = openDatabase(url, { onError: (e) => log.warn(e) });
 *          await database.tx(async (tx) => repo.insert(tx, row));
 */
export function openDatabase(url: string, opts: { max?: number; onError?: (e: Error) => void } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client that sees the server stop emits 'error'; unhandled, it would crash the process.
  pool.on('error', (e) => opts.onError?.(e));
  const db = drizzle(pool, { schema });
  return {
    db,
    pool,
    async tx(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction(fn);
        } catch (e) {
          const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
          if (!code || !retryableCodes.has(code) || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * (0.5 + Math.random())));
        }
      }
    },
    close: () => pool.end(),
  };
}
