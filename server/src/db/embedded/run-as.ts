import { execFile } from 'node:child_process';
import { lchown, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The OS account postgres runs as when we are root (PostgreSQL refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

const PG_USER = 'postgres';

function parsePasswdLine(name: string, line: string | undefined): RunAs | null {
  const [user, , uid, gid, , home] = (line ?? '').trim().split(':');
  if (user !== name || uid === undefined || gid === undefined) return null;
  return { name, uid: Number(uid), gid: Number(gid), home: home || '/' };
}

async function lookupUser(name: string): Promise<RunAs | null> {
  // /etc/passwd first: it saves a process spawn on every start.
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const local = parsePasswdLine(name, passwd.split('\n').find((l) => l.startsWith(`${name}:`)));
  if (local) return local;
  try {
    // getent also sees NSS sources such as LDAP or sssd.
    const { stdout } = await execFileAsync('getent', ['passwd', name]);
    return parsePasswdLine(name, stdout);
  } catch {
    return null;
  }
}

/**
 * Decides which account postgres runs as: `null` means "as ourselves"; as root it is the `postgres`
 * system user, created when missing.
 *
 * @example const runAs = await resolveRunAs(); // { name: 'postgres', uid: 101, gid: 104, home: '/var/lib/postgresql' } under root
 */
export async function resolveRunAs(): Promise<RunAs | null> {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return null;
  const existing = await lookupUser(PG_USER);
  if (existing) return existing;
  await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER]);
  const created = await lookupUser(PG_USER);
  if (!created) throw new Error(`useradd created no "${PG_USER}" user`);
  return created;
}

/** The permission bit that applies to `who` for a file, following owner → group → other. */
function hasBit(st: { uid: number; gid: number; mode: number }, who: RunAs, bit: 1 | 2 | 4): boolean {
  if (st.uid === who.uid) return (st.mode & (bit << 6)) !== 0;
  if (st.gid === who.gid) return (st.mode & (bit << 3)) !== 0;
  return (st.mode & bit) !== 0;
}

/**
 * Whether `who` can traverse every directory from `/` down to `path` (inclusive when it is a
 * directory). Supplementary groups are ignored, so the answer errs on the side of "no".
 *
 * @example await canTraverse('/home/alice/latchkey/node_modules', runAs) // false inside a 0700 home
 */
export async function canTraverse(path: string, who: RunAs): Promise<boolean> {
  let dir = resolve(path);
  for (;;) {
    const st = await stat(dir).catch(() => null);
    if (!st) return false;
    if (st.isDirectory() && !hasBit(st, who, 1)) return false;
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/**
 * Whether `who` may read (`'r'`) or execute (`'x'`) a file.
 *
 * @example await canAccess('/opt/pg/native/bin/postgres', runAs, 'x')
 */
export async function canAccess(path: string, who: RunAs, mode: 'r' | 'x'): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  return st !== null && hasBit(st, who, mode === 'r' ? 4 : 1);
}

/**
 * The environment for initdb and postgres: a fixed, minimal set. Inheriting ours would leak secrets
 * (`DATABASE_URL`, `LATCHKEY_MASTER_KEY`) into the server's `/proc/<pid>/environ`, let stray `PG*`
 * variables change its behaviour, and give it root's HOME when it runs as `postgres`.
 *
 * @example spawn(bin.initdb, args, { env: childEnv(runAs), uid: runAs?.uid, gid: runAs?.gid })
 */
export function childEnv(runAs: RunAs | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
    HOME: runAs ? runAs.home : (process.env.HOME ?? '/'),
  };
  if (runAs) {
    env.USER = runAs.name;
    env.LOGNAME = runAs.name;
  }
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

/**
 * Hands a cluster directory to `who`, e.g. one created by an earlier non-root run. Symlinks are
 * re-owned themselves, never followed.
 *
 * @example if ((await stat(pgdata)).uid !== runAs.uid) await chownTree(pgdata, runAs);
 */
export async function chownTree(dir: string, who: RunAs): Promise<void> {
  await lchown(dir, who.uid, who.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, who);
    else await lchown(p, who.uid, who.gid);
  }
}
