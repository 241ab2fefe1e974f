import type { Database, Executor } from '../../db/client.ts';
import { generateDataKey, openFieldText, sealField, unwrapDataKey, wrapDataKey } from '../../crypto/envelope.ts';
import type { Kek } from '../../crypto/kek.ts';
import { assertKeyCheck, makeKeyCheck } from '../../crypto/key-check.ts';
import { rewrapDataKey } from '../../crypto/rotate.ts';
import type { Clock } from '../../lib/clock.ts';
import { cryptoRandom, type Random } from '../../lib/random.ts';
import { allWorkspaceKeys, findInstanceKey, findWorkspaceKey, insertWorkspaceKey, updateWrappedKey, upsertInstanceKey } from './repo.ts';

/**
 * The only place services get encryption from: they never see a key, only seal/open
 * for one (workspace, item, field).
 */
export interface Keyring {
  createWorkspaceKey(tx: Executor, workspaceId: string): Promise<void>;
  seal(ex: Executor, workspaceId: string, itemId: string, field: string, plaintext: string): Promise<Buffer>;
  open(ex: Executor, workspaceId: string, itemId: string, field: string, blob: Buffer): Promise<string>;
}

/** A sealed value starts with the data-key version (uint16), so keys can rotate later. */
const versionBytes = 2;

export function createKeyring(deps: { kek: Kek; random?: Random }): Keyring {
  const { kek } = deps;
  const random = deps.random ?? cryptoRandom;
  const cache = new Map<string, { dek: Buffer; version: number }>();

  async function dataKey(ex: Executor, workspaceId: string, version?: number): Promise<{ dek: Buffer; version: number }> {
    const cacheKey = `${workspaceId}:${version ?? 'latest'}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const row = await findWorkspaceKey(ex, workspaceId, version);
    if (!row) throw new Error(`workspace ${workspaceId} has no data key`);
    const entry = { dek: unwrapDataKey(kek, row.wrappedKey, { workspaceId, version: row.version }), version: row.version };
    cache.set(`${workspaceId}:${row.version}`, entry);
    cache.set(cacheKey, entry);
    return entry;
  }

  return {
    async createWorkspaceKey(tx, workspaceId) {
      const dek = generateDataKey(random);
      await insertWorkspaceKey(tx, { workspaceId, version: 1, wrappedKey: wrapDataKey(kek, dek, { workspaceId, version: 1 }), kekId: kek.id });
    },
    async seal(ex, workspaceId, itemId, field, plaintext) {
      const { dek, version } = await dataKey(ex, workspaceId);
      const v = Buffer.alloc(versionBytes);
      v.writeUInt16BE(version);
      return Buffer.concat([v, sealField(dek, plaintext, { workspaceId, itemId, field }, random)]);
    },
    async open(ex, workspaceId, itemId, field, blob) {
      const version = blob.readUInt16BE(0);
      const { dek } = await dataKey(ex, workspaceId, version);
      return openFieldText(dek, blob.subarray(versionBytes), { workspaceId, itemId, field });
    },
  };
}

/**
 * Start-up guard: the first start records a key check; later starts refuse a master key that
 * does not match it, before anything could be sealed with the wrong key.
 */
export async function ensureMasterKeyMatches(database: Database, kek: Kek): Promise<void> {
  await database.tx(async (tx) => {
    const row = await findInstanceKey(tx);
    if (!row) {
      await upsertInstanceKey(tx, kek.id, makeKeyCheck(kek), null);
      return;
    }
    assertKeyCheck(kek, row.keyCheck, row.kekId);
  });
}

/**
 * Re-wraps every workspace data key from `oldKek` to `newKek` in one transaction, then records the
 * new key check. Secrets are not re-encrypted: they are sealed with the data keys, which do not change.
 */
export async function rotateMasterKey(database: Database, oldKek: Kek, newKek: Kek, clock: Clock): Promise<{ rewrapped: number }> {
  return database.tx(async (tx) => {
    const row = await findInstanceKey(tx);
    if (row) assertKeyCheck(oldKek, row.keyCheck, row.kekId);
    const keys = await allWorkspaceKeys(tx);
    for (const k of keys) {
      const ctx = { workspaceId: k.workspaceId, version: k.version };
      await updateWrappedKey(tx, { workspaceId: k.workspaceId, version: k.version, wrappedKey: rewrapDataKey(oldKek, newKek, k.wrappedKey, ctx), kekId: newKek.id });
    }
    await upsertInstanceKey(tx, newKek.id, makeKeyCheck(newKek), clock.now());
    return { rewrapped: keys.length };
  });
}
