import { createServer } from 'node:net';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { EmbeddedPostgresError } from './errors.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './index.ts';
import { pidState } from './proc.ts';

const fast = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
const dirs: string[] = [];
const running = new Set<EmbeddedPostgres>();

function captureLogger(): EmbeddedPostgresOptions['logger'] & { entries: Array<{ level: string; obj: unknown; msg?: string }> } {
  const entries: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const at = (level: string) => (obj: object | string, msg?: string): void => void entries.push({ level, obj, msg });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

async function freshDir(prefix = 'lk-embedded-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function start(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const embedded = await startEmbeddedPostgres(opts);
  running.add(embedded);
  return embedded;
}

async function stop(embedded: EmbeddedPostgres): Promise<void> {
  await embedded.stop();
  running.delete(embedded);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface FirstStart {
  dataDir: string;
  embedded: EmbeddedPostgres;
  logger: ReturnType<typeof captureLogger>;
  settings: Record<string, string> | undefined;
  stoppedState: string;
}

let first: Promise<FirstStart> | undefined;
/**
 * The one initdb of this file (it costs seconds on a busy machine): a first start with production
 * defaults whose facts are recorded, then stopped. Later tests reuse the cluster, in any order.
 */
function firstStart(): Promise<FirstStart> {
  first ??= (async () => {
    const dataDir = await freshDir();
    const logger = captureLogger();
    const embedded = await start({ dataDir, logger });
    const [settings] = await query<Record<string, string>>(
      embedded.url,
      `select current_database() as db, current_user as who, current_setting('data_checksums') as checksums,
              current_setting('fsync') as fsync, current_setting('listen_addresses') as listen,
              pg_encoding_to_char(encoding) as enc from pg_database where datname = current_database()`,
    );
    await stop(embedded);
    return { dataDir, embedded, logger, settings, stoppedState: await pidState(embedded.pid) };
  })();
  return first;
}

async function existingCluster(): Promise<string> {
  return (await firstStart()).dataDir;
}

afterAll(async () => {
  await Promise.all([...running].map((e) => e.stop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('startEmbeddedPostgres', () => {
  test('first start creates the cluster and the app database, with durable defaults', async () => {
    const { dataDir, embedded, logger, settings, stoppedState } = await firstStart();

    expect(embedded.url).toMatch(new RegExp(`^postgresql://latchkey:[^@]+@/latchkey\\?host=${join(dataDir, 'pg')}$`));
    expect(embedded.adminUrl).toContain('@/postgres?host=');
    expect(settings).toEqual({ db: 'latchkey', who: 'latchkey', checksums: 'on', fsync: 'on', listen: '', enc: 'UTF8' });
    expect((await stat(join(dataDir, 'pg-password'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'pg'))).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) {
      expect((await stat(dataDir)).mode & 0o777).toBe(0o711);
      expect((await stat(join(dataDir, 'pg'))).uid).not.toBe(0);
    }
    expect(logger.entries.find((e) => e.msg === 'embedded postgres ready')?.obj).toMatchObject({ firstInit: true });
    expect(stoppedState).not.toBe('running');
    // Staging dir and the initdb password file are gone.
    expect((await readdir(dataDir)).sort()).toEqual(['pg', 'pg-password', 'postgres.log']);
  });

  test('a second start reuses the cluster, its password and its data', async () => {
    const dataDir = await existingCluster();
    const password = await readFile(join(dataDir, 'pg-password'), 'utf8');
    const first = await start({ dataDir, logger: captureLogger(), extraArgs: fast });
    await query(first.url, 'create table if not exists kept (v text); insert into kept values (\'survives\')');
    await stop(first);

    const logger = captureLogger();
    const second = await start({ dataDir, logger, extraArgs: fast });
    expect(second.url).toBe(first.url);
    expect(await readFile(join(dataDir, 'pg-password'), 'utf8')).toBe(password);
    expect(await query(second.url, 'select v from kept')).toContainEqual({ v: 'survives' });
    expect(logger.entries.find((e) => e.msg === 'embedded postgres ready')?.obj).toMatchObject({ firstInit: false });
    await stop(second);
  });

  test('a second owner of the same data dir is refused while the first runs', async () => {
    const dataDir = await existingCluster();
    const first = await start({ dataDir, logger: captureLogger(), extraArgs: fast });
    await expect(start({ dataDir, logger: captureLogger(), extraArgs: fast })).rejects.toMatchObject({ code: 'DB_LOCKED' });
    await stop(first);
  });

  test('tcp adds a loopback listener next to the socket', async () => {
    const dataDir = await existingCluster();
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as { port: number };
        srv.close(() => resolve(p));
      });
    });
    const embedded = await start({ dataDir, logger: captureLogger(), extraArgs: fast, tcp: `127.0.0.1:${port}` });
    expect(embedded.url).toContain(`&port=${port}`);
    const password = await readFile(join(dataDir, 'pg-password'), 'utf8');
    const overTcp = `postgresql://latchkey:${encodeURIComponent(password)}@127.0.0.1:${port}/latchkey`;
    expect(await query(overTcp, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await query(embedded.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await stop(embedded);
    await expect(start({ dataDir, logger: captureLogger(), tcp: '0.0.0.0:5432' })).rejects.toMatchObject({ code: 'PG_DATA_DIR_INVALID' });
  });

  test('a socket path over 107 bytes falls back to a short hashed dir in the temp dir', async () => {
    const base = await freshDir();
    const longDir = join(base, 'a-rather-long-directory-name-to-push-the-socket-path-over-the-unix-limit');
    // mkdtemp makes 0700 dirs; as root, the postgres user must be able to walk down to the data dir.
    await chmod(base, 0o755);
    await mkdir(longDir, { mode: 0o755 });
    // A link reaches the shared cluster under a long path without another initdb.
    const dataDir = join(longDir, 'data');
    await symlink(await existingCluster(), dataDir);
    const embedded = await start({ dataDir, logger: captureLogger(), extraArgs: fast });
    const host = new URLSearchParams(embedded.url.split('?')[1]).get('host') ?? '';
    dirs.push(host);
    expect(host).toMatch(new RegExp(`^${tmpdir()}/lk-pg-[0-9a-f]{12}$`));
    expect((await stat(host)).mode & 0o777).toBe(0o700);
    expect(await query(embedded.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await stop(embedded);
  });

  test('refuses a data dir from another PostgreSQL major and points to export/import', async () => {
    const dataDir = await freshDir();
    await mkdir(join(dataDir, 'pg'), { recursive: true, mode: 0o700 });
    await writeFile(join(dataDir, 'pg', 'PG_VERSION'), '17\n');
    const attempt = start({ dataDir, logger: captureLogger() });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(attempt).rejects.toMatchObject({ code: 'PG_VERSION_MISMATCH' });
    await expect(attempt).rejects.toThrow(/PostgreSQL 17.*bundles PostgreSQL 18.*latchkey export/s);
    // The failed start released its lock, so the same answer comes again rather than DB_LOCKED.
    await expect(start({ dataDir, logger: captureLogger() })).rejects.toMatchObject({ code: 'PG_VERSION_MISMATCH' });
  });

  test('a server that exits during start surfaces the last log lines', async () => {
    const dataDir = await existingCluster();
    const attempt = start({ dataDir, logger: captureLogger(), extraArgs: ['-c', 'no_such_setting=1'] });
    await expect(attempt).rejects.toMatchObject({ code: 'PG_START_FAILED' });
    await expect(attempt).rejects.toThrow(/unrecognized configuration parameter "no_such_setting"/);
  });
});
