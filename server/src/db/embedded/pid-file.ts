import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fields of `postmaster.pid` the supervisor relies on (lines 1, 4, 5 and 8). */
export interface PostmasterPidFile {
  pid: number;
  port: number;
  /** First entry of `unix_socket_directories`; empty when the server has no socket. */
  socketDir: string;
  /** `starting`, `ready`, `stopping` or `standby`; empty until the postmaster has written it. */
  status: string;
}

/**
 * Parses the text of `postmaster.pid`. Returns `null` when line 1 is not a PID, which happens for an
 * empty or torn file after power loss.
 *
 * @example parsePidFile('4242\n/data/pg\n1732000000\n5432\n/data/pg\n\n  1234 5\nready   \n')?.status // 'ready'
 */
export function parsePidFile(text: string): PostmasterPidFile | null {
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number.parseInt(lines[3] ?? '', 10);
  return {
    pid,
    port: Number.isInteger(port) ? port : 5432,
    socketDir: (lines[4] ?? '').trim(),
    status: (lines[7] ?? '').trim(),
  };
}

/** What the data directory's lock file says, or why it could not be read. */
export type PidFileRead = { kind: 'absent' } | { kind: 'unparseable' } | ({ kind: 'ok' } & PostmasterPidFile);

/**
 * Reads `<pgdata>/postmaster.pid`.
 *
 * @example const pf = await readPidFile('/var/lib/latchkey/pg'); if (pf.kind === 'ok') console.log(pf.pid);
 */
export async function readPidFile(pgdata: string): Promise<PidFileRead> {
  let text: string;
  try {
    text = await readFile(join(pgdata, 'postmaster.pid'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  const parsed = parsePidFile(text);
  return parsed ? { kind: 'ok', ...parsed } : { kind: 'unparseable' };
}
