/**
 * Associated-data encodings. Each part is length-prefixed ("3:abc"), so the encoding is unambiguous (no
 * "a|b" + "c" vs "a" + "b|c" collisions) and, unlike JSON.stringify, cheap enough for the per-secret hot path.
 * The leading label separates the purposes, so a wrapped data key can never be opened as a field value or vice
 * versa, and its "v1" lets the scheme change later. Changing this encoding makes existing ciphertext unreadable.
 */

function frame(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) out += `${p.length}:${p}`;
  return out;
}

/** AAD of the key check value (see key-check.ts): a purpose of its own, with nothing else to bind. */
export const KEY_CHECK_AAD = frame(['latchkey.key-check.v1']);

/** Where a data key belongs: one workspace, one key version. */
export interface DataKeyContext {
  workspaceId: string;
  version: number;
}

/** Where a sealed value belongs: the exact row and column it was written to. */
export interface FieldContext {
  workspaceId: string;
  itemId: string;
  field: string;
}

/**
 * AAD string for wrapping a workspace data key under the KEK.
 *
 * @example dataKeyAad({ workspaceId: 'w1', version: 1 }) // '15:latchkey.dek.v12:w11:1'
 */
export function dataKeyAad(ctx: DataKeyContext): string {
  if (!Number.isSafeInteger(ctx.version) || ctx.version < 1) {
    throw new TypeError('Data key version must be a positive integer');
  }
  return frame(['latchkey.dek.v1', requireId(ctx.workspaceId, 'workspaceId'), String(ctx.version)]);
}

/**
 * AAD bytes for one sealed field.
 *
 * @example fieldAad({ workspaceId: 'w1', itemId: 'a1', field: 'password' })
 */
export function fieldAad(ctx: FieldContext): Buffer {
  return Buffer.from(
    frame([
      'latchkey.field.v1',
      requireId(ctx.workspaceId, 'workspaceId'),
      requireId(ctx.itemId, 'itemId'),
      requireId(ctx.field, 'field'),
    ]),
    'utf8',
  );
}

function requireId(value: string, name: string): string {
  // An empty id would bind the ciphertext to "nothing" and silently weaken the row binding.
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  return value;
}
