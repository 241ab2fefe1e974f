import type { Database } from '../../../server/src/db/client.ts';
import type { ApiActor } from '../api/actor.ts';
import { SandboxError } from '../lib/errors.ts';
import { canManageAssets } from '../lib/policy.ts';
import { assetPermissions, type AssetAccess, type AssetPermission } from '../lib/roles.ts';
import { getMember } from '../members/repo.ts';
import * as repo from './assets-repo.ts';

export interface AssetView extends repo.AssetRow {
  roles: Omit<repo.AssetRoleRow, 'assetId'>[];
}

export interface AssetsService {
  list(actor: ApiActor): Promise<AssetView[]>;
  assign(actor: ApiActor, assetId: string, userId: string, role: { access: AssetAccess; permissions: AssetPermission[] }): Promise<repo.AssetRoleRow>;
  unassign(actor: ApiActor, assetId: string, userId: string): Promise<void>;
}

export function createAssetsService(deps: { database: Database }): AssetsService {
  const { database } = deps;
  return {
    async list(actor) {
      const [assets, roles] = await Promise.all([repo.listAssets(database.db, actor.businessId), repo.listAssetRoles(database.db, actor.businessId)]);
      return assets.map((a) => ({ ...a, roles: roles.filter((r) => r.assetId === a.id).map(({ assetId: _a, ...r }) => r) }));
    },
    async assign(actor, assetId, userId, role) {
      if (!canManageAssets(actor.role)) throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot change asset roles.`);
      return database.tx(async (tx) => {
        const asset = await repo.getAsset(tx, actor.businessId, assetId);
        if (!asset) throw new SandboxError('not_found', `There is no asset ${assetId} in this business.`);
        if (!(await getMember(tx, actor.businessId, userId))) throw new SandboxError('not_found', `There is no member ${userId} in this business.`);
        const allowed: readonly string[] = assetPermissions[asset.kind];
        const bad = role.permissions.find((p) => !allowed.includes(p));
        if (bad) throw new SandboxError('validation_failed', `${bad} is not a permission of a ${asset.kind} (use ${allowed.join(', ')}).`);
        if (role.access === 'PARTIAL' && role.permissions.length === 0) throw new SandboxError('validation_failed', 'PARTIAL access needs at least one permission.');
        // FULL means every permission of the kind; storing them keeps reads simple and honest.
        const row: repo.AssetRoleRow = { assetId, userId, access: role.access, permissions: role.access === 'FULL' ? ([...allowed] as AssetPermission[]) : [...new Set(role.permissions)] };
        await repo.upsertAssetRole(tx, actor.businessId, row);
        return row;
      });
    },
    async unassign(actor, assetId, userId) {
      if (!canManageAssets(actor.role)) throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot change asset roles.`);
      if (!(await repo.getAsset(database.db, actor.businessId, assetId))) throw new SandboxError('not_found', `There is no asset ${assetId} in this business.`);
      const n = await repo.deleteAssetRole(database.db, actor.businessId, assetId, userId);
      if (n === 0) throw new SandboxError('not_found', `Member ${userId} has no role on asset ${assetId}.`);
    },
  };
}
