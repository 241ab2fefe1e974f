import type { AssetGrant } from '../../connectors/types.ts';

export interface DesiredAssetGrant {
  assetId: string;
  access: 'full' | 'partial';
  permissions: string[];
}

/** What the app shows a person holding on one asset: the same shape as a grant. */
export type ObservedAssetAccess = AssetGrant;

/** Does what the app shows cover what was granted? Full covers anything; partial must hold every chosen permission. */
function covers(seen: ObservedAssetAccess | undefined, want: AssetGrant): boolean {
  if (!seen) return false;
  if (seen.access === 'full') return true;
  if (want.access === 'full') return false;
  const have = new Set(seen.permissions);
  return want.permissions.every((p) => have.has(p));
}

/**
 * The asset grants a person still lacks in the app: what Latchkey wants (resolved from hub-asset ids
 * to the app's ids) minus what the last read of the app showed. Pure, so the card, the sync and the
 * `assign_assets` job agree on "pending".
 */
export function pendingAssetGrants(wanted: AssetGrant[], observed: ObservedAssetAccess[]): AssetGrant[] {
  const seen = new Map(observed.map((o) => [`${o.type}:${o.externalId}`, o]));
  return wanted.filter((w) => !covers(seen.get(`${w.type}:${w.externalId}`), w));
}

/** A hub's assets by Latchkey id, as the app knows them. */
export type KnownAssets = ReadonlyMap<string, { externalId: string; type: string }>;

/**
 * Grants hold Latchkey's hub-asset ids; the app knows its own ids. Assets the app no longer lists
 * (removed since the share) cannot be granted and are left out rather than failing the job.
 */
export function resolveGrants(grants: DesiredAssetGrant[], known: KnownAssets): AssetGrant[] {
  return grants.flatMap((g) => {
    const a = known.get(g.assetId);
    return a ? [{ externalId: a.externalId, type: a.type, access: g.access, permissions: g.permissions }] : [];
  });
}
