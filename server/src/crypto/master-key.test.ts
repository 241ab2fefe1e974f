import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { generateDataKey, unwrapDataKey, wrapDataKey } from './envelope.ts';
import { createLocalKek } from './kek.ts';
import { decodeMasterKey, loadMasterKey } from './master-key.ts';

const posix = process.platform !== 'win32';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-mk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

describe('LATCHKEY_MASTER_KEY', () => {
  it('accepts hex, base64 and base64url for the same key', async () => {
    const key = randomBytes(32);
    const expected = createLocalKek(Buffer.from(key)).id;
    for (const value of [key.toString('hex'), key.toString('base64'), key.toString('base64url'), ` ${key.toString('hex')}\n`]) {
      const kek = await loadMasterKey({ env: { LATCHKEY_MASTER_KEY: value }, dataDir: dir, createIfMissing: false });
      expect(kek.id).toBe(expected);
    }
  });

  it.each([
    ['too short hex', randomBytes(16).toString('hex')],
    ['too long base64', randomBytes(33).toString('base64')],
    ['not an encoding', 'correct horse battery staple'],
    ['all zero', Buffer.alloc(32).toString('hex')],
  ])('rejects %s, naming the variable and never echoing the value', async (_label, value) => {
    const err = await caught(loadMasterKey({ env: { LATCHKEY_MASTER_KEY: value }, dataDir: dir, createIfMissing: true }));
    expect(err.code).toBe('invalid_master_key');
    expect(err.message).toContain('LATCHKEY_MASTER_KEY');
    expect(err.message).not.toContain(value.trim());
    expect(JSON.stringify(err.details)).not.toContain(value.trim());
  });

  it('wins over an existing key file', async () => {
    const fileKey = randomBytes(32);
    await writeFile(join(dir, 'master.key'), fileKey.toString('base64'), { mode: 0o600 });
    const envKey = randomBytes(32);
    const kek = await loadMasterKey({ env: { LATCHKEY_MASTER_KEY: envKey.toString('hex') }, dataDir: dir, createIfMissing: true });
    expect(kek.id).toBe(createLocalKek(envKey).id);
  });

  it('treats an empty variable as unset', async () => {
    const kek = await loadMasterKey({ env: { LATCHKEY_MASTER_KEY: '  ' }, dataDir: dir, createIfMissing: true });
    expect(kek.id).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('master.key file', () => {
  it('is created on first start with mode 0600 and reused afterwards', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const created: string[] = [];
    const first = await loadMasterKey({ env: {}, dataDir, createIfMissing: true, onCreated: (p) => created.push(p) });
    const path = join(dataDir, 'master.key');
    expect(created).toEqual([path]);
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(decodeMasterKey(await readFile(path, 'utf8'), path)).toHaveLength(32);

    const second = await loadMasterKey({ env: {}, dataDir, createIfMissing: true, onCreated: (p) => created.push(p) });
    expect(second.id).toBe(first.id);
    expect(created).toHaveLength(1);
    const ctx = { workspaceId: 'w', version: 1 };
    const dek = generateDataKey();
    expect(unwrapDataKey(second, wrapDataKey(first, dek, ctx), ctx).equals(dek)).toBe(true);
  });

  it('leaves no temp files behind and yields one key under concurrent first starts', async () => {
    const keks = await Promise.all(
      Array.from({ length: 5 }, () => loadMasterKey({ env: {}, dataDir: dir, createIfMissing: true })),
    );
    expect(new Set(keks.map((k) => k.id)).size).toBe(1);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['master.key']);
  });

  it.runIf(posix)('refuses a key file readable by group or others, naming the path', async () => {
    const path = join(dir, 'master.key');
    await writeFile(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    await chmod(path, 0o640);
    const err = await caught(loadMasterKey({ env: {}, dataDir: dir, createIfMissing: true }));
    expect(err.code).toBe('invalid_master_key');
    expect(err.message).toContain(path);
    expect(err.message).toContain('chmod 600');
  });

  it('refuses a malformed key file, naming the path', async () => {
    const path = join(dir, 'master.key');
    await writeFile(path, 'not a key', { mode: 0o600 });
    const err = await caught(loadMasterKey({ env: {}, dataDir: dir, createIfMissing: true }));
    expect(err.message).toContain(path);
    expect(err.message).not.toContain('not a key');
  });

  it('does not create a key when creation is off, and says where it looked', async () => {
    const err = await caught(loadMasterKey({ env: {}, dataDir: dir, createIfMissing: false }));
    expect(err.code).toBe('invalid_master_key');
    expect(err.message).toContain('LATCHKEY_MASTER_KEY');
    expect(err.message).toContain(join(dir, 'master.key'));
  });
});
