import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PgBinaries } from './binaries.ts';
import { EmbeddedPostgresError } from './errors.ts';
import { childEnv, type RunAs } from './run-as.ts';

/** The superuser initdb creates; the app connects as it. */
export const PG_SUPERUSER = 'latchkey';

/**
 * Reads `<data>/pg-password`, creating it (0600, 24 random bytes) when absent. The file stays owned
 * by us, never by the postgres user: it is our secret, the server only keeps the SCRAM verifier.
 *
 * @example const password = await ensurePasswordFile('/var/lib/latchkey/pg-password');
 */
export async function ensurePasswordFile(path: string): Promise<string> {
  const fresh = randomBytes(24).toString('base64url');
  try {
    await writeFile(path, fresh, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readPasswordFile(path);
}

/**
 * Reads the cluster password written by `ensurePasswordFile`.
 *
 * @example const url = `postgresql://latchkey:${await readPasswordFile(file)}@/latchkey?host=${dir}`;
 */
export async function readPasswordFile(path: string): Promise<string> {
  const password = (await readFile(path, 'utf8')).trim();
  if (!password) throw new EmbeddedPostgresError('PG_DATA_DIR_INVALID', `${path} is empty`);
  return password;
}

function run(cmd: string, args: string[], runAs: RunAs | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(runAs),
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * Creates a cluster in `pgdata` (which must not exist or be empty) with SCRAM auth for the
 * `latchkey` superuser, UTF-8, C locale and data checksums. The password reaches initdb through a
 * 0600 file that is removed afterwards, so it never appears in a process list.
 *
 * @example await initCluster({ pgdata: '/data/pg.new', password, bin, runAs: null, noSync: false });
 */
export async function initCluster(o: { pgdata: string; password: string; bin: PgBinaries; runAs: RunAs | null; noSync: boolean }): Promise<void> {
  await mkdir(o.pgdata, { mode: 0o700 });
  const pwfile = join(dirname(o.pgdata), `.initdb-pw-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(pwfile, o.password, { mode: 0o600, flag: 'wx' });
    if (o.runAs) {
      await chown(o.pgdata, o.runAs.uid, o.runAs.gid);
      await chown(pwfile, o.runAs.uid, o.runAs.gid);
    }
    const args = [
      '-D', o.pgdata,
      '-U', PG_SUPERUSER,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--locale=C',
      '--data-checksums',
      ...(o.noSync ? ['--no-sync'] : []),
    ];
    const { code, output } = await run(o.bin.initdb, args, o.runAs);
    if (code !== 0) {
      const tail = output.trim().split('\n').slice(-15).join('\n');
      throw new EmbeddedPostgresError('PG_INITDB_FAILED', `initdb exited with ${code}:\n${tail}`);
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}
