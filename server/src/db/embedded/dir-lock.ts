import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { EmbeddedPostgresError } from './errors.ts';
import { pidState, processStartTime } from './proc.ts';

/** A held data-dir lock; `release` is idempotent. */
export interface DirLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  /** `/proc` start time, so a recycled PID is not mistaken for the holder. */
  start: string | null;
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' ? { pid: h.pid, start: typeof h.start === 'string' ? h.start : null } : null;
  } catch {
    return null;
  }
}

async function holderIsAlive(h: Holder): Promise<boolean> {
  const state = await pidState(h.pid);
  if (state === 'gone' || state === 'zombie') return false;
  if (h.start === null) return true;
  const start = await processStartTime(h.pid);
  return start === null || start === h.start;
}

/**
 * Takes a stale lock out of the way without deleting a fresh one another process just wrote: the
 * rename is atomic, and only if the renamed file still has the stale content do we discard it.
 */
async function evictStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) {
    // We grabbed a lock someone else just took; put it back unless a third party beat us.
    await writeFile(path, moved, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/**
 * Makes this process the only one starting or running postgres on a data directory. A lock left by
 * a dead process (or a recycled PID) is taken over; a live holder, including this same process,
 * fails with `DB_LOCKED`.
 *
 * @example
 * const lock = await acquireDirLock('/var/lib/latchkey/pg.lock');
 * try { await run(); } finally { await lock.release(); }
 */
export async function acquireDirLock(path: string): Promise<DirLock> {
  // The nonce makes each acquisition distinct, so a late release never deletes a successor's lock.
  const mine = JSON.stringify({ pid: process.pid, start: await processStartTime(process.pid), nonce: randomBytes(8).toString('hex') });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(path, mine, { mode: 0o600, flag: 'wx' });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          const current = await readFile(path, 'utf8').catch(() => null);
          if (current === mine) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const holder = parseHolder(text);
    if (holder && (await holderIsAlive(holder))) {
      const who = holder.pid === process.pid ? 'this process' : `pid ${holder.pid}`;
      throw new EmbeddedPostgresError('DB_LOCKED', `${path} is held by ${who}; only one process may own an embedded data directory`);
    }
    await evictStale(path, text);
  }
  throw new EmbeddedPostgresError('DB_LOCKED', `could not acquire ${path}: it keeps changing hands`);
}
