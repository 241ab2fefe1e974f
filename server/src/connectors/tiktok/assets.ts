import { JobError } from '../../jobs/types.ts';
import type { AssetGrant, ConnectorContext, ObservedMember } from '../types.ts';
import { allPages, type TikTokClient } from './client.ts';

/** Advertiser roles, highest first (SDK `bc_asset_assign.yml` enum `AdvertiserRole`); each includes the ones after it. */
const advertiserRoles = ['ADMIN', 'OPERATOR', 'ANALYST'] as const;
export type AdvertiserRole = (typeof advertiserRoles)[number];
/** `/bc/asset/get/` takes page_size up to 50 (SDK `bc_asset_get.yml`). */
const pageSize = 50;

interface AssetRef { externalId: string; type: string }
/** One entry of `/bc/asset/get/` (`data.list`, SDK `bc_asset_get.yml` response mapping). */
export interface TAsset { asset_id: string; asset_name?: string; asset_type?: string; advertiser_role?: string | null }
function checkType(a: AssetRef): void {
  if (a.type !== 'advertiser') throw new JobError('InviteRejected', `This connector assigns TikTok advertiser accounts only, not "${a.type}" (asset ${a.externalId}).`, { userAction: 'review_invite' });
}

/** Full access is ADMIN; partial access is the highest advertiser role chosen (TikTok gives one role per advertiser). */
export function advertiserRoleFor(g: AssetGrant): AdvertiserRole {
  if (g.access === 'full') return 'ADMIN';
  const role = advertiserRoles.find((r) => g.permissions.includes(r));
  if (!role) throw new JobError('InviteRejected', `Partial access to advertiser ${g.externalId} needs one of ${advertiserRoles.join(', ')}, not ${g.permissions.join(', ') || 'nothing'}.`, { userAction: 'review_invite' });
  return role;
}

/** How Latchkey reads a role: ADMIN is full access; a lower role carries the roles it includes, so a grant of ANALYST is covered by OPERATOR. */
export function observedAccess(assetId: string, role: string): ObservedMember['assets'][number] {
  const at = advertiserRoles.indexOf(role as AdvertiserRole);
  if (at < 0) return { externalId: assetId, type: 'advertiser', access: 'partial', permissions: [role] };
  return { externalId: assetId, type: 'advertiser', access: at === 0 ? 'full' : 'partial', permissions: [...advertiserRoles.slice(at)] };
}

/**
 * The advertisers a member holds, with their role: `GET /bc/asset/get/` with `asset_type=ADVERTISER`
 * and `filtering={"user_id": …}` (SDK `bc_asset_get.yml` lists `user_id`, `user_email` and `keyword`
 * as filters and `advertiser_role` in each entry; that the role is the filtered member's is our
 * reading *(inference)*).
 */
export async function heldAdvertisers(c: TikTokClient, ctx: ConnectorContext, userId: string): Promise<Map<string, string>> {
  const list = await allPages<TAsset>(c, '/bc/asset/get/', { bc_id: ctx.businessId, asset_type: 'ADVERTISER', filtering: { user_id: userId } }, ctx.signal, pageSize);
  return new Map(list.filter((a) => a.advertiser_role).map((a) => [a.asset_id, a.advertiser_role!]));
}

/**
 * `POST /bc/asset/assign/` with `bc_id, user_id, asset_id, asset_type: ADVERTISER, advertiser_role`
 * (reference §3.2, SDK `bc_asset_assign.yml`), one asset per call (§4.4). TikTok does not document
 * assigning an asset the member already holds, so the member's advertisers are read first and one
 * already held with the wanted role is skipped; a different role is assigned again.
 */
export async function assignTikTokAssets(c: TikTokClient, ctx: ConnectorContext, userId: string, grants: AssetGrant[]): Promise<void> {
  const wanted = grants.map((g) => {
    checkType(g);
    return { assetId: g.externalId, role: advertiserRoleFor(g) };
  });
  const held = await heldAdvertisers(c, ctx, userId);
  for (const w of wanted) {
    if (held.get(w.assetId) === w.role) continue;
    await c.post('/bc/asset/assign/', { bc_id: ctx.businessId, user_id: userId, asset_id: w.assetId, asset_type: 'ADVERTISER', advertiser_role: w.role }, ctx.signal);
  }
}

/**
 * `POST /bc/asset/unassign/` with `bc_id, user_id, asset_id, asset_type` (SDK `bc_asset_unassign.yml`),
 * only for advertisers the member holds: revoking one they do not hold is already done.
 */
export async function unassignTikTokAssets(c: TikTokClient, ctx: ConnectorContext, userId: string, assets: AssetRef[]): Promise<void> {
  assets.forEach(checkType);
  const held = await heldAdvertisers(c, ctx, userId);
  for (const a of assets) {
    if (!held.has(a.externalId)) continue;
    await c.post('/bc/asset/unassign/', { bc_id: ctx.businessId, user_id: userId, asset_id: a.externalId, asset_type: 'ADVERTISER' }, ctx.signal);
  }
}
