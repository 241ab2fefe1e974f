import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Applies every pending migration in `server/migrations`.
 *
 * @example await runMigrations(process.env.DATABASE_URL!);
 */
export async function runMigrations(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  try {
    await migrate(drizzle(pool), { migrationsFolder });
  } finally {
    await pool.end();
  }
}

/** How many migrations exist on disk versus how many the database has applied. */
export async function migrationState(pool: pg.Pool): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const expected = journal.entries.length;
  try {
    const r = await pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    return { expected, applied: r.rows[0]?.n ?? 0 };
  } catch (e) {
    if ((e as { code?: string }).code === '42P01' || (e as { code?: string }).code === '3F000') return { expected, applied: 0 };
    throw e;
  }
}
