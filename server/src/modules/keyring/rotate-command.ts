import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/config.ts';
import { createLocalKek, type Kek } from '../../crypto/kek.ts';
import { decodeMasterKey, loadMasterKey, MASTER_KEY_ENV, MASTER_KEY_FILE } from '../../crypto/master-key.ts';
import type { Database } from '../../db/client.ts';
import { systemClock } from '../../lib/clock.ts';
import { AppError, isAppError } from '../../lib/errors.ts';
import { ensureMasterKeyMatches, rotateMasterKey } from './service.ts';

/** Written before the database switches keys and renamed over master.key after, so a crash in between is recoverable. */
const pendingFile = `${MASTER_KEY_FILE}.next`;

async function writeSecretFile(path: string, key: Buffer): Promise<void> {
  await unlink(path).catch(() => undefined);
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface RotationResult {
  rewrapped: number;
  oldKeyId: string;
  newKeyId: string;
  /** True when the key comes from LATCHKEY_MASTER_KEY, which the operator must now update. */
  fromEnvironment: boolean;
}

/**
 * Re-wraps every workspace data key under a new master key. Secrets are not re-encrypted.
 * With a key file, the new key replaces it; with LATCHKEY_MASTER_KEY, the new key must be
 * given as a file and the operator updates the variable afterwards.
 */
export async function rotateMasterKeyCommand(config: Pick<Config, 'dataDir'>, database: Database, newKeyFile: string | undefined): Promise<RotationResult> {
  const fromEnvironment = Boolean(process.env[MASTER_KEY_ENV]?.trim());
  if (fromEnvironment && !newKeyFile) {
    throw new AppError('validation_failed', `${MASTER_KEY_ENV} is set, so Latchkey cannot replace it for you. Create a key (openssl rand -base64 32 > new.key; chmod 600 new.key), run rotate-master-key --new-key-file new.key, then set ${MASTER_KEY_ENV} to it.`);
  }
  const oldKek = await loadMasterKey({ env: process.env, dataDir: config.dataDir, createIfMissing: false });
  const newKey = newKeyFile ? decodeMasterKey(await readFile(newKeyFile, 'utf8'), newKeyFile) : randomBytes(32);
  const newKek = createLocalKek(Buffer.from(newKey));
  if (newKek.id === oldKek.id) throw new AppError('validation_failed', 'The new master key is the same as the current one.');
  const pending = join(config.dataDir, pendingFile);
  if (!fromEnvironment) await writeSecretFile(pending, newKey);
  newKey.fill(0);
  const { rewrapped } = await rotateMasterKey(database, oldKek, newKek, systemClock);
  if (!fromEnvironment) await rename(pending, join(config.dataDir, MASTER_KEY_FILE));
  return { rewrapped, oldKeyId: oldKek.id, newKeyId: newKek.id, fromEnvironment };
}

/**
 * Start-up check of the master key. If the key file does not match but a pending rotation's
 * key does (a crash between the database commit and the file rename), finish the rotation.
 */
export async function checkMasterKey(config: Pick<Config, 'dataDir'>, database: Database, kek: Kek): Promise<Kek> {
  try {
    await ensureMasterKeyMatches(database, kek);
    return kek;
  } catch (e) {
    const pending = join(config.dataDir, pendingFile);
    const hasPending = await stat(pending).then(() => true, () => false);
    if (!isAppError(e) || e.code !== 'invalid_master_key' || process.env[MASTER_KEY_ENV]?.trim() || !hasPending) throw e;
    const next = createLocalKek(decodeMasterKey(await readFile(pending, 'utf8'), pending));
    await ensureMasterKeyMatches(database, next);
    await rename(pending, join(config.dataDir, MASTER_KEY_FILE));
    return next;
  }
}
