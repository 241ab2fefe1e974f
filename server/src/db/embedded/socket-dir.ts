import { createHash } from 'node:crypto';
import { chown, lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError } from './errors.ts';
import type { RunAs } from './run-as.ts';

/** `sizeof(sun_path)` minus the terminating NUL: postgres rejects longer socket paths. */
const MAX_SOCKET_PATH = process.platform === 'darwin' ? 103 : 107;

function fits(dir: string, port: number): boolean {
  return Buffer.byteLength(join(dir, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH;
}

/**
 * Picks the directory for the server's unix socket: the data dir itself when the socket path fits,
 * otherwise a short directory named after a hash of the data dir (stable across restarts, so the
 * URL stays the same) in the temp dir, owned by the server's user with mode 0700.
 *
 * @example await chooseSocketDir('/var/lib/latchkey/pg', 5432, null) // '/var/lib/latchkey/pg'
 */
export async function chooseSocketDir(pgdata: string, port: number, runAs: RunAs | null): Promise<string> {
  if (fits(pgdata, port)) return pgdata;
  const name = `lk-pg-${createHash('sha256').update(pgdata).digest('hex').slice(0, 12)}`;
  const dir = fits(join(tmpdir(), name), port) ? join(tmpdir(), name) : join('/tmp', name);
  const owner = runAs?.uid ?? process.getuid?.() ?? 0;
  try {
    await mkdir(dir, { mode: 0o700 });
    if (runAs) await chown(dir, runAs.uid, runAs.gid);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // The temp dir is shared: refuse a directory someone else planted under our name.
  const st = await lstat(dir);
  if (!st.isDirectory() || st.uid !== owner || (st.mode & 0o077) !== 0) {
    throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `socket directory ${dir} exists but is not a private directory of uid ${owner}`);
  }
  return dir;
}
