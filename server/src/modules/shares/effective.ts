import type { RoleGroup } from '../../connectors/types.ts';

export interface AssetGrant {
  assetId: string;
  access: 'full' | 'partial';
  permissions: string[];
}

/** One way a member holds a hub: a direct grant or a team's grant (collections extend this). */
export interface AccessPath {
  via: 'direct' | 'team' | 'collection';
  viaId: string;
  viaLabel: string;
  role: 'owner' | 'manager' | 'collaborator';
  seat: boolean;
  appRoleKeys: string[];
  assetGrants: AssetGrant[];
  /** Collection paths need a claim before they give a seat (invariant 5). */
  claim?: 'required' | 'claimed' | 'skipped';
}

export interface EffectiveAccess {
  seat: boolean;
  /** One key per rank group (the highest), plus every key of permission groups (the union). */
  appRoleKeys: string[];
  assetGrants: AssetGrant[];
  hubRole: 'owner' | 'manager' | 'collaborator' | null;
}

const hubRoleRank = { owner: 3, manager: 2, collaborator: 1 } as const;

/**
 * Spec §3.11 and invariant 9: per role group, the highest rank over all live paths (rank model)
 * or the union (permission model); a seat when any path gives one; full asset access beats partial,
 * and partial permissions add up.
 */
export function effectiveAccess(paths: readonly AccessPath[], groups: readonly RoleGroup[]): EffectiveAccess {
  const keys: string[] = [];
  for (const g of groups) {
    const held = new Set(paths.flatMap((p) => p.appRoleKeys).filter((k) => g.roles.some((r) => r.key === k)));
    if (g.model === 'permission') {
      keys.push(...g.roles.filter((r) => held.has(r.key)).map((r) => r.key));
      continue;
    }
    const best = g.roles.filter((r) => held.has(r.key)).sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0))[0];
    if (best) keys.push(best.key);
  }
  const assets = new Map<string, AssetGrant>();
  for (const a of paths.flatMap((p) => p.assetGrants)) {
    const cur = assets.get(a.assetId);
    if (!cur) assets.set(a.assetId, { ...a, permissions: [...a.permissions] });
    else if (a.access === 'full' || cur.access === 'full') assets.set(a.assetId, { assetId: a.assetId, access: 'full', permissions: [] });
    else cur.permissions = [...new Set([...cur.permissions, ...a.permissions])].sort();
  }
  const hubRole = paths.reduce<EffectiveAccess['hubRole']>((best, p) => (!best || hubRoleRank[p.role] > hubRoleRank[best] ? p.role : best), null);
  return { seat: paths.some((p) => p.seat), appRoleKeys: keys, assetGrants: [...assets.values()].sort((a, b) => a.assetId.localeCompare(b.assetId)), hubRole };
}

export function sameAccess(a: Pick<EffectiveAccess, 'appRoleKeys' | 'assetGrants'>, b: Pick<EffectiveAccess, 'appRoleKeys' | 'assetGrants'>): boolean {
  const norm = (x: Pick<EffectiveAccess, 'appRoleKeys' | 'assetGrants'>): string =>
    JSON.stringify({ k: [...x.appRoleKeys].sort(), a: [...x.assetGrants].map((g) => ({ ...g, permissions: [...g.permissions].sort() })).sort((p, q) => p.assetId.localeCompare(q.assetId)) });
  return norm(a) === norm(b);
}
