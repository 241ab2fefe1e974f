import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { recoverOrphan, startEmbeddedPostgres } from '../src/db/embedded/index.ts';
import { pidState } from '../src/db/embedded/proc.ts';

/** Temp dirs of test clusters are named `<prefix><vitest pid>-XXXXXX`, so a sweep can tell whose they are. */
const TEST_DIR_PREFIX = 'latchkey-test-pg-';

/** `server/migrations` (drizzle-kit output). */
export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * Double-quotes an SQL identifier.
 *
 * @example `CREATE DATABASE ${quoteIdent('t_1_ab')}` // CREATE DATABASE "t_1_ab"
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Swaps the database of a connection URL, keeping credentials and query (`?host=<socket dir>`).
 * `new URL()` rejects the socket form `postgresql://u:p@/db`, hence the pattern.
 *
 * @example withDatabase('postgresql://u:p@/postgres?host=/tmp/x', 't_1') // 'postgresql://u:p@/t_1?host=/tmp/x'
 */
export function withDatabase(url: string, database: string): string {
  const m = /^(postgres(?:ql)?:\/\/[^/?#]*)(?:\/[^?#]*)?(.*)$/.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  return `${m[1]}/${encodeURIComponent(database)}${m[2]}`;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

/**
 * First 12 hex digits of a SHA-256 over every file name and content in `dir`, so any change to the
 * migrations yields a new template name instead of a stale template.
 *
 * @example await hashTree(migrationsDir) // '3f9a0c71be42'
 */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await listFiles(dir)).sort()) {
    hash.update(`${relative(dir, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Removes test cluster dirs whose vitest process died without teardown (e.g. `kill -9`), stopping a
 * postmaster that might still run there first. Dirs of live processes are left alone.
 *
 * @example await sweepStaleTestDirs();
 */
export async function sweepStaleTestDirs(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(TEST_DIR_PREFIX)) continue;
    const pid = Number.parseInt(name.slice(TEST_DIR_PREFIX.length), 10);
    const state = await pidState(pid);
    if (state === 'running' || state === 'not-permitted') continue;
    const dir = join(tmpdir(), name);
    try {
      await recoverOrphan(join(dir, 'pg'));
      await rm(dir, { recursive: true, force: true });
    } catch {
      // Someone else's leftovers we cannot clear; they do not affect this run.
    }
  }
}

/** A running throwaway server for one test run. */
export interface TestCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a non-durable embedded cluster in a fresh temp dir; `stop()` also deletes the dir.
 *
 * @example const cluster = await startTestCluster(); try { … } finally { await cluster.stop(); }
 */
export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), `${TEST_DIR_PREFIX}${process.pid}-`));
  const say = (obj: object | string, msg?: string): void => {
    process.stderr.write(`[test-pg] ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`);
  };
  try {
    const embedded = await startEmbeddedPostgres({
      dataDir,
      logger: { info: () => undefined, warn: say, error: say },
      extraArgs: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    });
    return {
      adminUrl: embedded.adminUrl,
      async stop() {
        await embedded.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Makes sure the template database `name` exists, migrated and frozen (`IS_TEMPLATE`, no
 * connections, which `CREATE DATABASE … TEMPLATE` requires). It is built under a scratch name and
 * renamed at the end, so concurrent runs against one external server never see a half-migrated
 * template; the loser of a race drops its copy.
 *
 * @example await ensureTemplate(adminUrl, 'tpl_3f9a0c71be42', runMigrations);
 */
export async function ensureTemplate(adminUrl: string, name: string, migrate: (url: string) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    const building = `${name}_b${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${quoteIdent(building)}`);
    try {
      await migrate(withDatabase(adminUrl, building));
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
    } catch (e) {
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} WITH IS_TEMPLATE false`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`).catch(() => undefined);
      // 42P04 duplicate_database: a concurrent run finished the same template first.
      if ((e as { code?: string }).code !== '42P04') throw e;
    }
  } finally {
    await admin.end();
  }
}
