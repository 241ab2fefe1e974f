import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKek } from './kek.ts';
import { assertKeyCheck, makeKeyCheck, verifyKeyCheck } from './key-check.ts';
import { generateDataKey, unwrapDataKey, wrapDataKey } from './envelope.ts';
import { rewrapDataKey } from './rotate.ts';

describe('createLocalKek', () => {
  it('has a stable 8-hex id that is not a slice of the key', () => {
    const key = randomBytes(32);
    const a = createLocalKek(Buffer.from(key));
    const b = createLocalKek(Buffer.from(key));
    expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    expect(a.id).toBe(b.id);
    expect(key.toString('hex')).not.toContain(a.id);
    expect(createLocalKek(randomBytes(32)).id).not.toBe(a.id);
  });

  it('does not expose the key when logged or serialised', () => {
    const key = randomBytes(32);
    const kek = createLocalKek(key);
    const shown = `${JSON.stringify(kek)} ${String(Object.values(kek))}`;
    expect(shown).not.toContain(key.toString('hex'));
    expect(shown).not.toContain(key.toString('base64'));
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createLocalKek(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('key check', () => {
  it('accepts the KEK that made it and rejects any other', () => {
    const key = randomBytes(32);
    const kek = createLocalKek(key);
    const check = makeKeyCheck(kek);
    expect(verifyKeyCheck(kek, check)).toBe(true);
    expect(verifyKeyCheck(createLocalKek(Buffer.from(key)), check)).toBe(true);
    expect(verifyKeyCheck(createLocalKek(randomBytes(32)), check)).toBe(false);
  });

  it('treats a corrupted check value as a mismatch', () => {
    const kek = createLocalKek(randomBytes(32));
    const check = makeKeyCheck(kek);
    check[check.length - 1] = (check[check.length - 1] ?? 0) ^ 0xff;
    expect(verifyKeyCheck(kek, check)).toBe(false);
    expect(verifyKeyCheck(kek, Buffer.alloc(3))).toBe(false);
  });

  it('assertKeyCheck names both key ids and the remedy', () => {
    const good = createLocalKek(randomBytes(32));
    const wrong = createLocalKek(randomBytes(32));
    const check = makeKeyCheck(good);
    expect(() => assertKeyCheck(good, check, good.id)).not.toThrow();
    expect(() => assertKeyCheck(wrong, check, good.id)).toThrow(
      expect.objectContaining({ code: 'invalid_master_key', message: expect.stringContaining(good.id) }),
    );
  });
});

describe('rewrapDataKey', () => {
  it('moves a data key to a new KEK without changing it', () => {
    const oldKek = createLocalKek(randomBytes(32));
    const newKek = createLocalKek(randomBytes(32));
    const ctx = { workspaceId: 'ws-1', version: 3 };
    const dek = generateDataKey();
    const rewrapped = rewrapDataKey(oldKek, newKek, wrapDataKey(oldKek, dek, ctx), ctx);
    expect(unwrapDataKey(newKek, rewrapped, ctx).equals(dek)).toBe(true);
    expect(() => unwrapDataKey(oldKek, rewrapped, ctx)).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
  });

  it('refuses to re-wrap with the wrong old KEK or context', () => {
    const oldKek = createLocalKek(randomBytes(32));
    const newKek = createLocalKek(randomBytes(32));
    const ctx = { workspaceId: 'ws-1', version: 1 };
    const wrapped = wrapDataKey(oldKek, generateDataKey(), ctx);
    expect(() => rewrapDataKey(newKek, newKek, wrapped, ctx)).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
    expect(() => rewrapDataKey(oldKek, newKek, wrapped, { ...ctx, workspaceId: 'ws-2' })).toThrow(
      expect.objectContaining({ code: 'decrypt_failed' }),
    );
  });
});
