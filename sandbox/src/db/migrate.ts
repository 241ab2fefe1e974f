import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const sandboxMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant works; it only has to differ from other advisory locks on a shared server.
const LOCK_KEY = 0x5a4db0c;

/**
 * Applies `sandbox/migrations/*.sql` in name order, each once, each in its own transaction, and
 * records it in `sandbox.schema_migrations`. An advisory lock makes concurrent starts safe.
 * Returns the names applied by this call.
 *
 * @example await migrateSandbox(process.env.SANDBOX_DATABASE_URL!) // ['0001_business_center.sql']
 */
export async function migrateSandbox(url: string, dir: string = sandboxMigrationsDir): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query('CREATE SCHEMA IF NOT EXISTS sandbox');
    await client.query('CREATE TABLE IF NOT EXISTS sandbox.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM sandbox.schema_migrations')).rows.map((r) => r.name));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    const applied: string[] = [];
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = await readFile(join(dir, name), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO sandbox.schema_migrations (name) VALUES ($1)', [name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`sandbox migration ${name} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
