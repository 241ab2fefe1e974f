import { createHash, hkdfSync } from 'node:crypto';
import { cryptoRandom, type Random } from '../lib/random.ts';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead.ts';

/**
 * A key-encryption key. Only data keys (and the key check) are ever wrapped with it; secrets themselves are
 * sealed with data keys. An external KMS can implement the same shape later.
 */
export interface Kek {
  /** Short public fingerprint (8 hex chars) to tell keys apart in logs and rows. Never derived reversibly from the key. */
  readonly id: string;
  wrap(dek: Buffer, aad: string): Buffer;
  unwrap(blob: Buffer, aad: string): Buffer;
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, KEY_BYTES));
}

/**
 * A KEK held in process memory, built from 32 raw bytes. The raw master key is used only as HKDF input:
 * the wrapping key and the fingerprint come from separate derivations, so publishing the id reveals nothing
 * usable about the wrapping key.
 *
 * @example
 * const kek = createLocalKek(randomBytes(32));
 * const wrapped = kek.wrap(dek, dataKeyAad({ workspaceId: 'w1', version: 1 }));
 */
export function createLocalKek(master: Buffer, random: Random = cryptoRandom): Kek {
  if (master.length !== KEY_BYTES) throw new TypeError(`A master key must be ${KEY_BYTES} bytes, got ${master.length}`);
  const wrapKey = derive(master, 'latchkey/kek/wrap/v1');
  const id = createHash('sha256').update(derive(master, 'latchkey/kek/id/v1')).digest('hex').slice(0, 8);
  return {
    id,
    wrap: (dek, aad) => aeadSeal(wrapKey, dek, Buffer.from(aad, 'utf8'), random),
    unwrap: (blob, aad) => aeadOpen(wrapKey, blob, Buffer.from(aad, 'utf8')),
  };
}
