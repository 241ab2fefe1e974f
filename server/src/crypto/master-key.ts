import { link, mkdir, open, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../lib/errors.ts';
import { cryptoRandom, type Random } from '../lib/random.ts';
import { KEY_BYTES } from './aead.ts';
import { createLocalKek, type Kek } from './kek.ts';

export const MASTER_KEY_ENV = 'LATCHKEY_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';

export interface LoadMasterKeyOptions {
  env: Record<string, string | undefined>;
  dataDir: string;
  /** First start of an embedded install: create `<dataDir>/master.key`. Off for `--role=api|worker` on shared DBs. */
  createIfMissing: boolean;
  random?: Random;
  /** Called once when a new key file is written, so start-up can tell the operator to back it up. */
  onCreated?: (path: string) => void;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/;

/**
 * Decode 32 key bytes from hex (64 chars) or base64/base64url (43–44 chars). `source` names the variable or file
 * in the error; the value itself is never echoed, because the error ends up in logs.
 *
 * @example decodeMasterKey(process.env.LATCHKEY_MASTER_KEY ?? '', 'LATCHKEY_MASTER_KEY')
 */
export function decodeMasterKey(value: string, source: string): Buffer {
  const text = value.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(text)) key = Buffer.from(text, 'hex');
  else if (BASE64_KEY.test(text)) key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key === undefined || key.length !== KEY_BYTES) {
    throw new AppError(
      'invalid_master_key',
      `${source} must hold a ${KEY_BYTES}-byte key as 64 hex characters or 44 base64 characters ` +
        `(got ${text.length} characters). Generate one with: openssl rand -base64 32`,
      { source },
    );
  }
  // An all-zero key is what a placeholder or a failed secret injection looks like; refuse it loudly.
  if (key.every((b) => b === 0)) {
    throw new AppError('invalid_master_key', `${source} holds an all-zero key; use a random key`, { source });
  }
  return key;
}

/**
 * The KEK for this installation: `LATCHKEY_MASTER_KEY` when set (it wins over any key file), else
 * `<dataDir>/master.key`, created with mode 0600 on first start when `createIfMissing` is true.
 *
 * @example
 * const kek = await loadMasterKey({ env: process.env, dataDir: config.dataDir, createIfMissing: config.embedded });
 */
export async function loadMasterKey(opts: LoadMasterKeyOptions): Promise<Kek> {
  const random = opts.random ?? cryptoRandom;
  const fromEnv = opts.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return kekFrom(decodeMasterKey(fromEnv, MASTER_KEY_ENV), random);
  }
  const path = join(opts.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return kekFrom(existing, random);
  if (!opts.createIfMissing) {
    throw new AppError(
      'invalid_master_key',
      `No master key: set ${MASTER_KEY_ENV} or provide the key file ${path}`,
      { source: path },
    );
  }
  const created = await createKeyFile(path, opts.dataDir, random);
  if (created.isNew) opts.onCreated?.(path);
  return kekFrom(created.key, random);
}

function kekFrom(key: Buffer, random: Random): Kek {
  const kek = createLocalKek(key, random);
  // The KEK derived its own keys; the raw bytes need not stay on the heap.
  key.fill(0);
  return kek;
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
  if (!info.isFile()) {
    throw new AppError('invalid_master_key', `Master key path ${path} is not a regular file`, { source: path });
  }
  // POSIX modes mean nothing on Windows; there the data directory's ACL is the operator's job.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    throw new AppError(
      'invalid_master_key',
      `Master key file ${path} is readable by group or others (mode ${mode}); run: chmod 600 ${path}`,
      { source: path },
    );
  }
  return decodeMasterKey(await readFile(path, 'utf8'), path);
}

async function createKeyFile(
  path: string,
  dataDir: string,
  random: Random,
): Promise<{ key: Buffer; isNew: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = random.bytes(KEY_BYTES);
  // Write a temp file completely, then hard-link it into place: link() fails if the name exists, so two
  // processes starting together can never both "win" or read a half-written key.
  const tmp = `${path}.${random.bytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
  } catch (e) {
    const code = errno(e);
    if (code === 'EEXIST') {
      key.fill(0);
      const winner = await readKeyFile(path);
      if (winner === undefined) throw e;
      return { key: winner, isNew: false };
    }
    // Some volumes (FAT, certain network mounts) refuse hard links; exclusive create still avoids clobbering.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
    await writeFile(path, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return { key, isNew: true };
}

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
