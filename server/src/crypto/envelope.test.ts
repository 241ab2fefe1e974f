import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { dataKeyAad } from './aad.ts';
import { generateDataKey, openField, openFieldText, sealField, unwrapDataKey, wrapDataKey } from './envelope.ts';
import { createLocalKek } from './kek.ts';

const where = { workspaceId: 'ws-1', itemId: 'acct-1', field: 'password' };

function expectDecryptFailed(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('decrypt_failed');
    expect((e as AppError).status).toBe(500);
    return;
  }
  throw new Error('expected decrypt_failed');
}

describe('sealField / openField', () => {
  const dek = generateDataKey();

  it('round-trips strings and bytes', () => {
    expect(openFieldText(dek, sealField(dek, 'hunter2 ✓', where), where)).toBe('hunter2 ✓');
    const bytes = randomBytes(100);
    expect(openField(dek, sealField(dek, bytes, where), where).equals(bytes)).toBe(true);
    expect(openFieldText(dek, sealField(dek, '', where), where)).toBe('');
  });

  it('lays out version, 12-byte nonce, ciphertext and 16-byte tag, with a fresh nonce each time', () => {
    const a = sealField(dek, 'abc', where);
    const b = sealField(dek, 'abc', where);
    expect(a.length).toBe(1 + 12 + 3 + 16);
    expect(a[0]).toBe(1);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
  });

  it.each([
    ['another workspace', { ...where, workspaceId: 'ws-2' }],
    ['another item', { ...where, itemId: 'acct-2' }],
    ['another field', { ...where, field: 'totpSecret' }],
  ])('refuses a ciphertext moved to %s', (_label, other) => {
    expectDecryptFailed(() => openField(dek, sealField(dek, 'secret', where), other));
  });

  it('does not confuse field boundaries (no delimiter collisions)', () => {
    const a = { workspaceId: 'w', itemId: 'a|b', field: 'c' };
    const b = { workspaceId: 'w', itemId: 'a', field: 'b|c' };
    expectDecryptFailed(() => openField(dek, sealField(dek, 'x', a), b));
  });

  it('detects any flipped byte: version, nonce, body or tag', () => {
    const blob = sealField(dek, 'secret value', where);
    for (const i of [0, 1, 12, 13, blob.length - 17, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expectDecryptFailed(() => openField(dek, tampered, where));
    }
    expectDecryptFailed(() => openField(dek, blob.subarray(0, 20), where));
    expectDecryptFailed(() => openField(dek, Buffer.alloc(0), where));
  });

  it('refuses a different data key, and never puts plaintext or key bytes in the error', () => {
    const blob = sealField(dek, 'very-secret-password', where);
    try {
      openField(generateDataKey(), blob, where);
      throw new Error('unreachable');
    } catch (e) {
      const text = `${String(e)} ${JSON.stringify((e as AppError).details)}`;
      expect((e as AppError).code).toBe('decrypt_failed');
      expect(text).not.toContain('very-secret-password');
      expect(text).not.toContain(dek.toString('hex'));
      expect(text).not.toContain(dek.toString('base64'));
    }
  });

  it('rejects empty context ids rather than binding to nothing', () => {
    expect(() => sealField(dek, 'x', { ...where, itemId: '' })).toThrow(/itemId/);
  });
});

describe('data keys under a KEK', () => {
  const kek = createLocalKek(randomBytes(32));
  const ctx = { workspaceId: 'ws-1', version: 1 };

  it('wraps and unwraps', () => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(kek, dek, ctx);
    expect(wrapped.includes(dek)).toBe(false);
    expect(unwrapDataKey(kek, wrapped, ctx).equals(dek)).toBe(true);
  });

  it('binds the wrapped key to its workspace and version', () => {
    const wrapped = wrapDataKey(kek, generateDataKey(), ctx);
    expectDecryptFailed(() => unwrapDataKey(kek, wrapped, { workspaceId: 'ws-2', version: 1 }));
    expectDecryptFailed(() => unwrapDataKey(kek, wrapped, { workspaceId: 'ws-1', version: 2 }));
  });

  it('fails with the wrong KEK', () => {
    const wrapped = wrapDataKey(kek, generateDataKey(), ctx);
    expectDecryptFailed(() => unwrapDataKey(createLocalKek(randomBytes(32)), wrapped, ctx));
  });

  it('cannot open a wrapped data key as a field, or a field as a wrapped key', () => {
    const dek = generateDataKey();
    const sealed = sealField(dek, generateDataKey(), where);
    expectDecryptFailed(() => kek.unwrap(sealed, dataKeyAad(ctx)));
  });

  it('rejects a data key of the wrong size', () => {
    expect(() => wrapDataKey(kek, randomBytes(16), ctx)).toThrow(/32 bytes/);
  });
});
