import { chmod, mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { resolveBinaries, type PgBinaries } from './binaries.ts';
import { acquireDirLock } from './dir-lock.ts';
import { EmbeddedPostgresError } from './errors.ts';
import { ensurePasswordFile, initCluster, PG_SUPERUSER, readPasswordFile } from './initdb.ts';
import { recoverOrphan } from './orphan.ts';
import { startPostmaster, type Postmaster } from './postmaster.ts';
import { canTraverse, chownTree, resolveRunAs, type RunAs } from './run-as.ts';
import { chooseSocketDir } from './socket-dir.ts';

export interface EmbeddedPostgresOptions {
  /** e.g. `./data`; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  logger: {
    info(obj: object | string, msg?: string): void;
    warn(obj: object | string, msg?: string): void;
    error(obj: object | string, msg?: string): void;
  };
  /** Extra server flags, e.g. `['-c', 'fsync=off']` for tests. */
  extraArgs?: string[];
  /** Optional loopback `host:port` to listen on in addition to the socket. */
  tcp?: string;
  /** Default `latchkey`; created on first init only. */
  database?: string;
}

export interface EmbeddedPostgres {
  /** `postgresql://latchkey:<pw>@/<db>?host=<abs socket dir>`, usable by node-postgres and psql. */
  url: string;
  /** Same server and credentials, database `postgres`. */
  adminUrl: string;
  pid: number;
  /** Fast shutdown (SIGINT), resolving once the postmaster is gone. Idempotent. */
  stop(): Promise<void>;
}

/** Knobs only tests turn; not part of the public API. */
export interface SupervisorInternals {
  /** `false` lets a test leave a real orphan behind when it `kill -9`s the owner. */
  pdeathsig: boolean;
  readyTimeoutMs: number;
}

// Generous: after a crash postgres replays WAL while reporting `starting`, which can take a while.
const defaultInternals: SupervisorInternals = { pdeathsig: true, readyTimeoutMs: 120_000 };

const DEFAULT_PORT = 5432;

function parseTcp(tcp: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(tcp);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  const loopback = host !== undefined && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
  if (!loopback || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `tcp must be a loopback host:port such as 127.0.0.1:5433, got "${tcp}"`);
  }
  return { host, port };
}

function socketUrl(password: string, database: string, socketDir: string, port: number): string {
  const host = encodeURIComponent(socketDir).replace(/%2F/gi, '/');
  const portParam = port === DEFAULT_PORT ? '' : `&port=${port}`;
  return `postgresql://${PG_SUPERUSER}:${encodeURIComponent(password)}@/${encodeURIComponent(database)}?host=${host}${portParam}`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function createDatabase(adminUrl: string, database: string): Promise<void> {
  if (database === 'postgres') return;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  } finally {
    await client.end();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

interface Ctx {
  dataDir: string;
  pgdata: string;
  bin: PgBinaries;
  runAs: RunAs | null;
  extraArgs: string[];
  internals: SupervisorInternals;
}

function launch(ctx: Ctx, pgdata: string, socketDir: string, port: number, listen: string): Promise<Postmaster> {
  return startPostmaster({
    bin: ctx.bin,
    pgdata,
    socketDir,
    port,
    listen,
    extraArgs: ctx.extraArgs,
    runAs: ctx.runAs,
    logFile: join(ctx.dataDir, 'postgres.log'),
    pdeathsig: ctx.internals.pdeathsig,
    readyTimeoutMs: ctx.internals.readyTimeoutMs,
  });
}

/**
 * First init, staged in `<data>/pg.new` and renamed into place only once the app database exists,
 * so a crash at any step leaves either no cluster or a complete one, never a half-made `<data>/pg`.
 */
async function initialise(ctx: Ctx, database: string): Promise<void> {
  const staging = `${ctx.pgdata}.new`;
  if (await stat(staging).catch(() => null)) {
    await recoverOrphan(staging);
    await rm(staging, { recursive: true, force: true });
  }
  const password = await ensurePasswordFile(join(ctx.dataDir, 'pg-password'));
  // fsync=off in extraArgs marks a throwaway cluster (tests); only then skip initdb's syncs too.
  const noSync = ctx.extraArgs.includes('fsync=off');
  await initCluster({ pgdata: staging, password, bin: ctx.bin, runAs: ctx.runAs, noSync });
  const socketDir = await chooseSocketDir(staging, DEFAULT_PORT, ctx.runAs);
  const pm = await launch(ctx, staging, socketDir, DEFAULT_PORT, '');
  try {
    await createDatabase(socketUrl(password, 'postgres', socketDir, DEFAULT_PORT), database);
  } finally {
    await pm.stop();
  }
  await rename(staging, ctx.pgdata);
  if (!noSync) await fsyncDir(ctx.dataDir);
}

/** Returns whether the cluster still has to be created. */
async function inspectCluster(ctx: Ctx): Promise<'absent' | 'present'> {
  let version: string;
  try {
    version = (await readFile(join(ctx.pgdata, 'PG_VERSION'), 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const entries = await readdir(ctx.pgdata).catch(() => null);
    if (entries === null) return 'absent';
    if (entries.length === 0) {
      await rmdir(ctx.pgdata);
      return 'absent';
    }
    throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `${ctx.pgdata} is not empty but has no PG_VERSION; move it away or restore it`);
  }
  if (version !== ctx.bin.major) {
    throw new EmbeddedPostgresError(
      'PG_VERSION_MISMATCH',
      `${ctx.pgdata} was created by PostgreSQL ${version}, but this build bundles PostgreSQL ${ctx.bin.major} (${ctx.bin.version}). ` +
        `Start the previous Latchkey version and run \`latchkey export\`, then \`latchkey import\` into a fresh data directory with this one.`,
    );
  }
  return 'present';
}

/**
 * Same as `startEmbeddedPostgres`, with test-only knobs.
 *
 * @example const pg = await startEmbeddedPostgresWith({ dataDir, logger }, { pdeathsig: false, readyTimeoutMs: 10_000 });
 */
export async function startEmbeddedPostgresWith(opts: EmbeddedPostgresOptions, internals: SupervisorInternals): Promise<EmbeddedPostgres> {
  const started = Date.now();
  const dataDir = resolve(opts.dataDir);
  const database = opts.database ?? 'latchkey';
  const tcp = opts.tcp ? parseTcp(opts.tcp) : null;
  const runAs = await resolveRunAs();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    // postgres must reach <data>/pg, but not list or read our secrets next to it.
    await chmod(dataDir, 0o711);
    if (!(await canTraverse(dataDir, runAs))) {
      throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `user ${runAs.name} cannot reach ${dataDir}; choose a data dir outside private home directories, e.g. /var/lib/latchkey`);
    }
  }
  const lock = await acquireDirLock(join(dataDir, 'pg.lock'));
  try {
    const bin = await resolveBinaries(runAs);
    const ctx: Ctx = { dataDir, pgdata: join(dataDir, 'pg'), bin, runAs, extraArgs: opts.extraArgs ?? [], internals };
    const firstInit = (await inspectCluster(ctx)) === 'absent';
    if (firstInit) {
      await initialise(ctx, database);
    } else {
      const outcome = await recoverOrphan(ctx.pgdata);
      if (outcome !== 'none') opts.logger.warn({ pgdata: ctx.pgdata, outcome }, 'embedded postgres: cleared a previous run');
      if (runAs && (await stat(ctx.pgdata)).uid !== runAs.uid) await chownTree(ctx.pgdata, runAs);
    }
    const password = await readPasswordFile(join(dataDir, 'pg-password')).catch((e: unknown) => {
      throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `cannot read ${join(dataDir, 'pg-password')}; without it nobody can log in to ${ctx.pgdata}`, { cause: e });
    });
    const port = tcp?.port ?? DEFAULT_PORT;
    const socketDir = await chooseSocketDir(ctx.pgdata, port, runAs);
    const pm = await launch(ctx, ctx.pgdata, socketDir, port, tcp?.host ?? '');
    let stopped = false;
    void pm.exited.then((reason) => {
      if (!stopped) opts.logger.error({ pid: pm.pid, reason, log: join(dataDir, 'postgres.log') }, 'embedded postgres exited unexpectedly');
    });
    let stopping: Promise<void> | null = null;
    const result: EmbeddedPostgres = {
      url: socketUrl(password, database, socketDir, port),
      adminUrl: socketUrl(password, 'postgres', socketDir, port),
      pid: pm.pid,
      stop: () => {
        stopped = true;
        stopping ??= pm.stop().finally(() => lock.release());
        return stopping;
      },
    };
    opts.logger.info({ pid: pm.pid, pgdata: ctx.pgdata, socketDir, firstInit, ms: Date.now() - started }, 'embedded postgres ready');
    return result;
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/**
 * Starts the bundled PostgreSQL on `<dataDir>/pg` (creating the cluster and the app database on first
 * run), after clearing whatever a crashed previous owner left behind. Socket-only unless `tcp` is set.
 * Call `stop()` after closing your pools; until then this process owns the data directory.
 *
 * @example
 * const embedded = await startEmbeddedPostgres({ dataDir: './data', logger });
 * const pool = new pg.Pool({ connectionString: embedded.url });
 * pool.on('error', (e) => logger.warn(e));
 * // … on shutdown:
 * await pool.end();
 * await embedded.stop();
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgresWith(opts, defaultInternals);
}
