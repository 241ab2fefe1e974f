import { timingSafeEqual } from 'node:crypto';
import { AppError, isAppError } from '../lib/errors.ts';
import { KEY_CHECK_AAD } from './aad.ts';
import type { Kek } from './kek.ts';

// A fixed, public plaintext: the check proves only "this KEK made this blob", never anything secret.
const CHECK_PLAINTEXT = Buffer.from('latchkey key check value v1 ....', 'utf8');

/**
 * A value stored once per database so start-up can tell that the configured master key is the one that
 * wrapped the existing data keys, before anything is decrypted or written with the wrong key.
 *
 * @example await repo.saveKeyCheck(db, { kekId: kek.id, value: makeKeyCheck(kek) })
 */
export function makeKeyCheck(kek: Kek): Buffer {
  return kek.wrap(CHECK_PLAINTEXT, KEY_CHECK_AAD);
}

/**
 * True when `check` was made by this KEK. A wrong key, or a corrupted value, gives false (never throws for those).
 *
 * @example if (!verifyKeyCheck(kek, stored.value)) throw new AppError('invalid_master_key', '...')
 */
export function verifyKeyCheck(kek: Kek, check: Buffer): boolean {
  let opened: Buffer;
  try {
    opened = kek.unwrap(check, KEY_CHECK_AAD);
  } catch (e) {
    if (isAppError(e) && e.code === 'decrypt_failed') return false;
    throw e;
  }
  return opened.length === CHECK_PLAINTEXT.length && timingSafeEqual(opened, CHECK_PLAINTEXT);
}

/**
 * Start-up guard: refuse to run with a master key that does not match the database.
 *
 * @example assertKeyCheck(kek, stored.value, stored.kekId)
 */
export function assertKeyCheck(kek: Kek, check: Buffer, expectedKekId?: string): void {
  if (verifyKeyCheck(kek, check)) return;
  const expected = expectedKekId === undefined ? '' : ` (the database expects key ${expectedKekId})`;
  throw new AppError(
    'invalid_master_key',
    `The master key (id ${kek.id}) does not match this database${expected}. ` +
      'Check LATCHKEY_MASTER_KEY or <dataDir>/master.key; starting with the wrong key would make stored secrets unreadable.',
  );
}
