import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../src/db/migrate.ts';
import { quoteIdent, startTestCluster, withDatabase, type TestCluster } from '../test/test-pg.ts';

/**
 * The database benches' PostgreSQL: `TEST_DATABASE_URL` when set (an admin URL, as for the tests), else a
 * throwaway embedded cluster in a temp dir, started on first use and stopped by `run.ts`. It runs with the
 * test cluster's settings (fsync and synchronous_commit off), so both sides of a comparison measure
 * round trips and query work, not the disk.
 */
let cluster: Promise<TestCluster> | null = null;
const created: { adminUrl: string; name: string }[] = [];

async function adminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  cluster ??= startTestCluster();
  return (await cluster).adminUrl;
}

/** A fresh, migrated database of its own; dropped when the run ends. */
export async function benchDatabase(label: string): Promise<string> {
  const admin = await adminUrl();
  const name = `bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
  created.push({ adminUrl: admin, name });
  const url = withDatabase(admin, name);
  await runMigrations(url);
  return url;
}

export async function stopBenchPostgres(): Promise<void> {
  // A throwaway cluster goes with its directory; on an external server each database is dropped.
  for (const { adminUrl: admin, name } of cluster ? [] : created.splice(0)) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).finally(() => client.end());
  }
  const c = cluster;
  cluster = null;
  if (c) await (await c).stop();
}
