import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBinaries } from './binaries.ts';
import { EmbeddedPostgresError } from './errors.ts';
import { readPidFile } from './pid-file.ts';
import { childEnv, type RunAs } from './run-as.ts';

/** A postmaster we spawned and own. */
export interface Postmaster {
  pid: number;
  /** Resolves with a description (`exited with code 1`, `killed by SIGKILL`) once the process is gone. */
  exited: Promise<string>;
  /** Fast shutdown (SIGINT), then SIGQUIT if it hangs; resolves once the process is gone. Idempotent. */
  stop(): Promise<void>;
}

export interface PostmasterOptions {
  bin: PgBinaries;
  pgdata: string;
  socketDir: string;
  port: number;
  /** `listen_addresses`; empty for socket-only. */
  listen: string;
  extraArgs: string[];
  runAs: RunAs | null;
  logFile: string;
  /** Wrap in `setpriv --pdeathsig SIGINT` (Linux) so the server shuts down when we die. */
  pdeathsig: boolean;
  readyTimeoutMs: number;
}

const STOP_WAIT_MS = 30_000;
const LOG_TAIL_LINES = 20;

let setprivPath: string | null | undefined;
/** `setpriv` if it supports `--pdeathsig` (util-linux 2.33+; Ubuntu 18.04's 2.31 does not). Probed once. */
function pdeathsigWrapper(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  const found = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && existsSync(p));
  if (found) {
    const help = spawnSync(found, ['--help'], { encoding: 'utf8', timeout: 5_000 });
    if (help.stdout?.includes('--pdeathsig')) setprivPath = found;
  }
  return setprivPath;
}

/** A GUC list value: quoted so that spaces and commas in a path survive. */
function gucList(dir: string): string {
  return `"${dir.replace(/"/g, '""')}"`;
}

async function logTail(path: string, from: number): Promise<string> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return '(no log)';
  try {
    const size = (await fh.stat()).size;
    const start = Math.max(from, size - 64 * 1024);
    const buf = Buffer.alloc(Math.max(0, size - start));
    await fh.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-LOG_TAIL_LINES).join('\n') || '(log empty)';
  } finally {
    await fh.close();
  }
}

function exitOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(describeExit(child.exitCode, child.signalCode));
    child.once('exit', (code, signal) => resolve(describeExit(code, signal)));
    child.once('error', (e) => resolve(`spawn failed: ${e.message}`));
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

/**
 * Spawns postgres detached (so a terminal Ctrl-C reaches us, not it, and our shutdown order holds),
 * logging to `logFile`, and resolves once `postmaster.pid` says `ready` for this very PID.
 * If the process dies first, rejects with `PG_START_FAILED` carrying the last log lines.
 *
 * @example const pm = await startPostmaster({ ...opts, listen: '' }); await pm.stop();
 */
export async function startPostmaster(o: PostmasterOptions): Promise<Postmaster> {
  const args = [
    '-D', o.pgdata,
    '-p', String(o.port),
    '-c', `listen_addresses=${o.listen}`,
    '-c', `unix_socket_directories=${gucList(o.socketDir)}`,
    '-c', 'unix_socket_permissions=0700',
    ...o.extraArgs,
  ];
  const setpriv = o.pdeathsig ? pdeathsigWrapper() : null;
  const [cmd, argv] = setpriv ? [setpriv, ['--pdeathsig', 'SIGINT', '--', o.bin.postgres, ...args]] : [o.bin.postgres, args];
  const logFrom = (await stat(o.logFile).catch(() => null))?.size ?? 0;
  const log = await open(o.logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(cmd, argv, {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      cwd: o.pgdata,
      env: childEnv(o.runAs),
      ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
    });
  } finally {
    await log.close();
  }
  const exited = exitOf(child);
  let exitReason: string | null = null;
  void exited.then((r) => { exitReason = r; });

  const fail = async (why: string): Promise<never> => {
    const tail = await logTail(o.logFile, logFrom);
    throw new EmbeddedPostgresError('PG_START_FAILED', `postgres ${why} before it was ready (log: ${o.logFile}):\n${tail}`);
  };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitReason !== null) return;
      child.kill('SIGINT');
      // The timer is cancelled once postgres is gone, so it never holds the event loop open.
      const timer = new AbortController();
      const timedOut = Symbol('timeout');
      const first = await Promise.race([exited, sleep(STOP_WAIT_MS, timedOut, { signal: timer.signal }).catch(() => null)]);
      timer.abort();
      if (first !== timedOut) return;
      child.kill('SIGQUIT');
      await exited;
    })();
    return stopping;
  };

  const deadline = Date.now() + o.readyTimeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 20)) {
    if (exitReason !== null) return fail(exitReason);
    const pf = await readPidFile(o.pgdata).catch(() => null);
    if (pf?.kind === 'ok' && pf.pid === child.pid && pf.status === 'ready') break;
    if (Date.now() > deadline) {
      await stop();
      return fail(`was not ready after ${o.readyTimeoutMs} ms and was stopped`);
    }
    await Promise.race([sleep(delay), exited]);
  }
  if (child.pid === undefined) return fail('has no pid');
  return { pid: child.pid, exited, stop };
}
