import { first, many, sql, type Executor } from '../db/sql.ts';
import type { AssetAccess, AssetKind, AssetPermission } from '../lib/roles.ts';

export interface AssetRow {
  id: string;
  businessId: string;
  kind: AssetKind;
  name: string;
  createdAt: Date;
}

export interface AssetRoleRow {
  assetId: string;
  userId: string;
  access: AssetAccess;
  permissions: AssetPermission[];
}

export async function insertAsset(ex: Executor, a: AssetRow): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.assets (id, business_id, kind, name, created_at) VALUES (${a.id}, ${a.businessId}, ${a.kind}, ${a.name}, ${a.createdAt})`);
}

export async function listAssets(ex: Executor, businessId: string): Promise<AssetRow[]> {
  return many<AssetRow>(ex, sql`SELECT id, business_id AS "businessId", kind, name, created_at AS "createdAt" FROM sandbox.assets WHERE business_id = ${businessId} ORDER BY created_at, id`);
}

export async function getAsset(ex: Executor, businessId: string, assetId: string): Promise<AssetRow | null> {
  return first<AssetRow>(ex, sql`SELECT id, business_id AS "businessId", kind, name, created_at AS "createdAt" FROM sandbox.assets WHERE business_id = ${businessId} AND id = ${assetId}`);
}

export async function listAssetRoles(ex: Executor, businessId: string): Promise<AssetRoleRow[]> {
  return many<AssetRoleRow>(ex, sql`SELECT asset_id AS "assetId", user_id AS "userId", access, permissions FROM sandbox.asset_roles WHERE business_id = ${businessId} ORDER BY user_id`);
}

/** Creates or replaces one person's role on one asset. */
export async function upsertAssetRole(ex: Executor, businessId: string, r: AssetRoleRow): Promise<void> {
  // Enum values carry no commas, so one joined parameter avoids drizzle expanding a JS array into a list.
  await ex.execute(sql`INSERT INTO sandbox.asset_roles (asset_id, user_id, business_id, access, permissions)
    VALUES (${r.assetId}, ${r.userId}, ${businessId}, ${r.access}, string_to_array(${r.permissions.join(',')}, ','))
    ON CONFLICT (asset_id, user_id) DO UPDATE SET access = EXCLUDED.access, permissions = EXCLUDED.permissions`);
}

export async function deleteAssetRole(ex: Executor, businessId: string, assetId: string, userId: string): Promise<number> {
  const r = await ex.execute(sql`DELETE FROM sandbox.asset_roles WHERE business_id = ${businessId} AND asset_id = ${assetId} AND user_id = ${userId}`);
  return r.rowCount ?? 0;
}
