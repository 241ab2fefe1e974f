import type { DataKeyContext } from './aad.ts';
import { unwrapDataKey, wrapDataKey } from './envelope.ts';
import type { Kek } from './kek.ts';

/**
 * Move one wrapped data key from the old KEK to the new one. Secrets sealed with the data key stay as they
 * are, so master-key rotation costs one small write per workspace key, not one per secret.
 *
 * @example
 * const rewrapped = rewrapDataKey(oldKek, newKek, row.wrappedKey, { workspaceId: row.workspaceId, version: row.version });
 */
export function rewrapDataKey(oldKek: Kek, newKek: Kek, wrapped: Buffer, ctx: DataKeyContext): Buffer {
  const dek = unwrapDataKey(oldKek, wrapped, ctx);
  try {
    return wrapDataKey(newKek, dek, ctx);
  } finally {
    // The plaintext key should live no longer than the re-wrap.
    dek.fill(0);
  }
}
