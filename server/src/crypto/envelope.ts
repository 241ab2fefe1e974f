import { cryptoRandom, type Random } from '../lib/random.ts';
import { dataKeyAad, fieldAad, type DataKeyContext, type FieldContext } from './aad.ts';
import { aeadOpen, aeadSeal, KEY_BYTES } from './aead.ts';
import type { Kek } from './kek.ts';

export type { DataKeyContext, FieldContext } from './aad.ts';

/**
 * A fresh 256-bit data key (DEK) for one workspace.
 *
 * @example const dek = generateDataKey(cryptoRandom)
 */
export function generateDataKey(random: Random = cryptoRandom): Buffer {
  const dek = random.bytes(KEY_BYTES);
  if (dek.length !== KEY_BYTES) throw new TypeError('Random source returned a short data key');
  return dek;
}

function assertDek(dek: Buffer): void {
  if (dek.length !== KEY_BYTES) throw new TypeError(`A data key must be ${KEY_BYTES} bytes, got ${dek.length}`);
}

/**
 * Wrap a data key under the KEK, bound to its workspace and version so a wrapped key copied to another
 * workspace's row cannot be unwrapped there.
 *
 * @example const wrapped = wrapDataKey(kek, dek, { workspaceId, version: 1 })
 */
export function wrapDataKey(kek: Kek, dek: Buffer, ctx: DataKeyContext): Buffer {
  assertDek(dek);
  return kek.wrap(dek, dataKeyAad(ctx));
}

/**
 * Recover a data key. Throws `AppError('decrypt_failed')` for a wrong KEK, context or corrupted blob.
 *
 * @example const dek = unwrapDataKey(kek, row.wrappedKey, { workspaceId: row.workspaceId, version: row.version })
 */
export function unwrapDataKey(kek: Kek, wrapped: Buffer, ctx: DataKeyContext): Buffer {
  return kek.unwrap(wrapped, dataKeyAad(ctx));
}

/**
 * Encrypt one secret value for one (workspace, item, field). Strings are stored as UTF-8.
 *
 * @example const blob = sealField(dek, 'hunter2', { workspaceId, itemId: accountId, field: 'password' })
 */
export function sealField(
  dek: Buffer,
  plaintext: string | Buffer,
  aad: FieldContext,
  random: Random = cryptoRandom,
): Buffer {
  assertDek(dek);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return aeadSeal(dek, data, fieldAad(aad), random);
}

/**
 * Decrypt a value sealed by {@link sealField}. The context must match exactly; a blob moved to another row or
 * field throws `AppError('decrypt_failed')`.
 *
 * @example const bytes = openField(dek, row.passwordEnc, { workspaceId, itemId: row.id, field: 'password' })
 */
export function openField(dek: Buffer, blob: Buffer, aad: FieldContext): Buffer {
  assertDek(dek);
  return aeadOpen(dek, blob, fieldAad(aad));
}

/**
 * {@link openField} for values sealed from a string.
 *
 * @example const password = openFieldText(dek, row.passwordEnc, { workspaceId, itemId: row.id, field: 'password' })
 */
export function openFieldText(dek: Buffer, blob: Buffer, aad: FieldContext): string {
  return openField(dek, blob, aad).toString('utf8');
}
