import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** What `kill(pid, 0)` plus `/proc/<pid>/stat` say about a PID. */
export type PidState = 'running' | 'zombie' | 'gone' | 'not-permitted';

/**
 * Fields of `/proc/<pid>/stat` we use. `comm` may contain spaces and parentheses, so the record is
 * split after the last `)`.
 */
interface ProcStat {
  state: string;
  /** Clock ticks since boot at which the process started; stable for the life of the PID. */
  startTime: string;
}

async function readProcStat(pid: number): Promise<ProcStat | null> {
  if (process.platform !== 'linux') return null;
  let raw: string;
  try {
    raw = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  // After the comm field, field 3 (state) is index 0 and field 22 (starttime) is index 19.
  const state = fields[0];
  const startTime = fields[19];
  if (!state || !startTime) return null;
  return { state, startTime };
}

/**
 * Classifies a PID. A zombie counts separately because `kill(pid, 0)` succeeds on it while
 * PostgreSQL (and we) must treat it as dead.
 *
 * @example if ((await pidState(pf.pid)) === 'gone') console.log('stale lock');
 */
export async function pidState(pid: number): Promise<PidState> {
  if (!Number.isInteger(pid) || pid <= 0) return 'gone';
  try {
    process.kill(pid, 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code !== 'EPERM') throw e;
    const stat = await readProcStat(pid);
    return stat?.state === 'Z' ? 'zombie' : 'not-permitted';
  }
  const stat = await readProcStat(pid);
  return stat?.state === 'Z' ? 'zombie' : 'running';
}

/**
 * Start time of a process, used to tell a recycled PID from the process that wrote a lock file.
 * `null` where `/proc` is unavailable (macOS), in which case callers fall back to the PID alone.
 *
 * @example const owner = { pid: process.pid, start: await processStartTime(process.pid) };
 */
export async function processStartTime(pid: number): Promise<string | null> {
  return (await readProcStat(pid))?.startTime ?? null;
}

/**
 * Polls until the PID no longer runs. With `acceptZombie` a zombie counts as gone: it holds no
 * resources, but its PID stays taken until the parent (often a slow PID 1) reaps it.
 *
 * @example const gone = await waitForPidExit(pid, 30_000, { acceptZombie: true });
 */
export async function waitForPidExit(pid: number, timeoutMs: number, opts: { acceptZombie: boolean }): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const state = await pidState(pid);
    if (state === 'gone' || (opts.acceptZombie && state === 'zombie')) return true;
    if (Date.now() >= deadline) return false;
    await sleep(delay);
  }
}
