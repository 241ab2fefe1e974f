import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AppError } from '../lib/errors.ts';
import { cryptoRandom, type Random } from '../lib/random.ts';

/**
 * The one on-disk layout for everything we encrypt (sealed fields, wrapped data keys, key checks):
 * `version (1 byte) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
 * The version byte lets a future format (another cipher, a key id prefix) coexist with old rows.
 */
export const FORMAT_V1 = 0x01;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

/** Why decryption failed; kept coarse so it can go into logs without helping an attacker. */
export type DecryptFailure = 'truncated' | 'unsupported_version' | 'authentication_failed';

/**
 * The single failure for every decrypt path. The message is fixed text: never plaintext, key bytes or ciphertext.
 *
 * @example throw decryptFailed('authentication_failed')
 */
export function decryptFailed(reason: DecryptFailure): AppError {
  return new AppError(
    'decrypt_failed',
    'Stored data could not be decrypted (wrong key, wrong record or field, or corrupted data).',
    { reason },
  );
}

function assertKey(key: Buffer): void {
  // A wrong-sized key is a programming error; fail before OpenSSL gives a less helpful message.
  if (key.length !== KEY_BYTES) throw new TypeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key, got ${key.length}`);
}

/**
 * AES-256-GCM encrypt with a fresh random 96-bit nonce. The version byte is authenticated together with `aad`,
 * so flipping it cannot downgrade the format.
 *
 * @example const blob = aeadSeal(key, Buffer.from('s3cret'), Buffer.from('context'))
 */
export function aeadSeal(key: Buffer, plaintext: Buffer, aad: Buffer, random: Random = cryptoRandom): Buffer {
  assertKey(key);
  const nonce = random.bytes(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new TypeError('Random source returned a short nonce');
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header[0] = FORMAT_V1;
  nonce.copy(header, 1);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  // GCM accepts AAD in pieces; feeding the version byte separately saves a copy on every call.
  cipher.setAAD(header.subarray(0, 1));
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const final = cipher.final();
  return Buffer.concat([header, body, final, cipher.getAuthTag()]);
}

/**
 * Decrypt and authenticate a blob made by {@link aeadSeal}. Any mismatch (key, aad, a flipped bit) throws
 * `AppError('decrypt_failed')`.
 *
 * @example const plaintext = aeadOpen(key, blob, Buffer.from('context'))
 */
export function aeadOpen(key: Buffer, blob: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  if (blob.length < HEADER_BYTES + TAG_BYTES) throw decryptFailed('truncated');
  if (blob[0] !== FORMAT_V1) throw decryptFailed('unsupported_version');
  const nonce = blob.subarray(1, HEADER_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const body = blob.subarray(HEADER_BYTES, blob.length - TAG_BYTES);
  // No authTagLength option (it costs ~1 µs per call): the tag is always sliced to exactly 16 bytes above, so a
  // truncated-tag forgery cannot reach setAuthTag.
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(blob.subarray(0, 1));
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const out = decipher.update(body);
  try {
    const rest = decipher.final();
    // GCM is a stream mode: final() only checks the tag and yields nothing, so skip the copy.
    return rest.length === 0 ? out : Buffer.concat([out, rest]);
  } catch {
    // Unauthenticated plaintext must not escape, even partially.
    out.fill(0);
    throw decryptFailed('authentication_failed');
  }
}
