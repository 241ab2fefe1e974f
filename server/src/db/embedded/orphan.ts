import { execFile } from 'node:child_process';
import { readlink, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './errors.ts';
import { readPidFile, type PostmasterPidFile } from './pid-file.ts';
import { pidState, waitForPidExit } from './proc.ts';

const execFileAsync = promisify(execFile);

/** How `recoverOrphan` left the data directory; every value means "now free to start". */
export type OrphanOutcome = 'none' | 'stale' | 'foreign' | 'stopped';

// PostgreSQL refuses a PID that still exists (a zombie included) and some PID 1s reap slowly.
const STALE_WAIT_MS = 10_000;
// Fast shutdown of an idle server takes ~20 ms; a busy one finishes its checkpoint first.
const FAST_SHUTDOWN_WAIT_MS = 30_000;
const IMMEDIATE_SHUTDOWN_WAIT_MS = 5_000;

/**
 * Deletes the data-dir and socket lock files of a server that no longer exists. They hold nothing:
 * PostgreSQL still checks on start that the old shared-memory segment has no attached processes.
 *
 * @example await removeLockFiles('/data/pg', { pid: 4242, port: 5432, socketDir: '/data/pg', status: 'ready' });
 */
export async function removeLockFiles(pgdata: string, pf: Pick<PostmasterPidFile, 'port' | 'socketDir'>): Promise<void> {
  await rm(join(pgdata, 'postmaster.pid'), { force: true });
  if (pf.socketDir) await rm(join(pf.socketDir, `.s.PGSQL.${pf.port}.lock`), { force: true });
}

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/**
 * Proves that `pid` is the postmaster of `pgdata`: its executable is `postgres` and (on Linux) its
 * working directory is the data dir, because the postmaster chdirs there. `'unknown'` when the
 * process cannot be inspected; callers must then refuse rather than guess.
 *
 * @example if ((await isPostmasterFor(pf.pid, '/data/pg')) === true) process.kill(pf.pid, 'SIGINT');
 */
export async function isPostmasterFor(pid: number, pgdata: string): Promise<boolean | 'unknown'> {
  const wanted = await realpath(pgdata);
  if (process.platform === 'linux') {
    try {
      const exe = (await readlink(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, '');
      const cwd = await readlink(`/proc/${pid}/cwd`);
      return (exe === 'postgres' || exe.endsWith('/postgres')) && cwd === wanted;
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return false;
      return 'unknown';
    }
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]);
    return stdout.includes('postgres') && (stdout.includes(wanted) || stdout.includes(pgdata));
  } catch (e) {
    // ps exits 1 with empty output when the PID vanished in the meantime.
    if ((e as { code?: unknown }).code === 1) return false;
    return 'unknown';
  }
}

/**
 * Frees a data directory left behind by a previous run (stack.md §3.4): a stale lock file, a lock
 * held by a recycled PID, or a still-running postmaster whose Node owner was `kill -9`ed. Run it
 * before every start, while holding the data-dir lock, so that nobody else starts in between.
 *
 * @example
 * const outcome = await recoverOrphan('/var/lib/latchkey/pg');
 * if (outcome !== 'none') log.warn({ outcome }, 'recovered embedded postgres data dir');
 */
export async function recoverOrphan(pgdata: string): Promise<OrphanOutcome> {
  const read = await readPidFile(pgdata);
  if (read.kind === 'absent') return 'none';
  if (read.kind === 'unparseable') {
    // A torn file after power loss; PostgreSQL would refuse it forever, and we hold the dir lock.
    await rm(join(pgdata, 'postmaster.pid'), { force: true });
    return 'stale';
  }
  const pf = read;
  const state = await pidState(pf.pid);
  if (state === 'gone' || state === 'zombie') {
    if (!(await waitForPidExit(pf.pid, STALE_WAIT_MS, { acceptZombie: false }))) await removeLockFiles(pgdata, pf);
    return 'stale';
  }
  const ours = await isPostmasterFor(pf.pid, pgdata);
  if (ours === 'unknown') {
    throw new EmbeddedPostgresError('DB_LOCKED', `pid ${pf.pid} holds ${pgdata} and cannot be inspected; stop it or remove ${join(pgdata, 'postmaster.pid')} by hand`);
  }
  if (!ours) {
    await removeLockFiles(pgdata, pf);
    return 'foreign';
  }
  process.kill(pf.pid, 'SIGINT');
  if (await waitForPidExit(pf.pid, FAST_SHUTDOWN_WAIT_MS, { acceptZombie: true })) return 'stopped';
  process.kill(pf.pid, 'SIGQUIT');
  if (await waitForPidExit(pf.pid, IMMEDIATE_SHUTDOWN_WAIT_MS, { acceptZombie: true })) return 'stopped';
  throw new EmbeddedPostgresError('DB_LOCKED', `orphaned postmaster ${pf.pid} on ${pgdata} ignored SIGINT and SIGQUIT`);
}
