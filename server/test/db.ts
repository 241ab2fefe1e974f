import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { quoteIdent, withDatabase } from './test-pg.ts';

/** Handles to this test file's private database; valid from `beforeAll` until `afterAll`. */
export interface TestDb {
  url(): string;
  pool(): pg.Pool;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file a fresh database cloned from the migrated template (tens of ms), and
 * drops it afterwards. Call at the top level of a test file.
 *
 * @example
 * const db = useTestDb();
 * test('inserts', async () => {
 *   await db.pool().query('insert into workspaces (name) values ($1)', ['Acme']);
 * });
 */
export function useTestDb(): TestDb {
  // The worker pid keeps names unique across parallel files; the random part across reruns.
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  let url: string | undefined;
  let pool: pg.Pool | undefined;
  let closing = false;

  beforeAll(async () => {
    const template = inject('pgTemplate');
    await admin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
    url = withDatabase(inject('pgAdminUrl'), name);
    pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle client whose backend goes away emits 'error'; unhandled, it would kill the worker.
    pool.on('error', (e) => {
      if (!closing) process.stderr.write(`[useTestDb] idle client error on ${name}: ${e.message}\n`);
    });
  });

  afterAll(async () => {
    closing = true;
    await pool?.end();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  });

  return {
    url() {
      if (!url) throw new Error('useTestDb(): url() is only available inside tests and hooks, after beforeAll');
      return url;
    },
    pool() {
      if (!pool) throw new Error('useTestDb(): pool() is only available inside tests and hooks, after beforeAll');
      return pool;
    },
  };
}
