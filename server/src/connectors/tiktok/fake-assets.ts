import type { FakeBc, FakeMember } from './fake-api.ts';

/** What `FakeTikTok` lends these routes, so both files refuse and page alike. */
export interface AssetRouteKit {
  /** A parameter problem: code 40002 with this message. */
  param(message: string): Error;
  page<T>(p: Record<string, unknown>, all: T[]): unknown;
  /** The member with this e-mail who has not left. */
  member(bcId: string, email: string): FakeMember | undefined;
}

/** `BCAsset` enum of `bc_asset_get.yml` / `bc_asset_assign.yml` (DOMAIN is marked not valid for listing). */
const assetTypes = new Set(['ADVERTISER', 'CATALOG', 'LEAD', 'PIXEL', 'STOREFRONT', 'TIKTOK_SHOP', 'TT_ACCOUNT']);
const advertiserRoles = new Set(['ADMIN', 'OPERATOR', 'ANALYST']);
/** Role fields of `bc_asset_assign.yml` that belong to other asset types. */
const otherRoles = ['catalog_role', 'store_role', 'form_library_role', 'tt_account_roles'];
const int64 = /^\d{1,19}$/;

function filtering(p: Record<string, unknown>, keys: string[], kit: AssetRouteKit): Record<string, unknown> {
  const f = (p.filtering ?? {}) as Record<string, unknown>;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw kit.param('filtering must be a JSON object.');
  for (const k of Object.keys(f)) if (!keys.includes(k)) throw kit.param(`filtering.${k}: Unknown field.`);
  return f;
}

function assetType(v: unknown, kit: AssetRouteKit): string {
  if (!assetTypes.has(String(v))) throw kit.param('asset_type: Invalid enum value.');
  return String(v);
}

function boundMember(found: FakeMember | undefined, field: string, kit: AssetRouteKit): FakeMember {
  if (!found || found.relation_status !== 'BOUND') throw kit.param(`${field}: The user is not a member of this Business Center.`);
  return found;
}

/**
 * `GET /bc/asset/get/` (`bc_id`, `asset_type` required; `child_bc_id`, `filtering{user_id, user_email,
 * keyword}`, `page`, `page_size`). Entries follow the SDK's response mapping. Filtered by a member, it
 * lists the advertisers that member holds with their `advertiser_role`; unfiltered, every advertiser
 * with the caller's role, ADMIN (the caller is the BC Admin).
 */
export function listAssets(bc: FakeBc, p: Record<string, unknown>, kit: AssetRouteKit): unknown {
  const type = assetType(p.asset_type, kit);
  const f = filtering(p, ['user_id', 'user_email', 'keyword'], kit);
  const holder = f.user_id !== undefined ? boundMember(bc.members.get(String(f.user_id)), 'filtering.user_id', kit) : f.user_email !== undefined ? boundMember(kit.member(bc.id, String(f.user_email)), 'filtering.user_email', kit) : null;
  const kw = f.keyword === undefined ? null : String(f.keyword).toLowerCase();
  const advertisers = type === 'ADVERTISER' ? [...bc.advertisers] : [];
  const list = advertisers
    .filter(([id, name]) => (!holder || holder.advertisers.has(id)) && (!kw || id.includes(kw) || name.toLowerCase().includes(kw)))
    .map(([id, name]) => ({ asset_id: id, asset_name: name, asset_type: 'ADVERTISER', advertiser_account_type: 'AUCTION', advertiser_role: holder ? holder.advertisers.get(id)! : 'ADMIN', owner_bc_name: bc.name }));
  return kit.page(p, list);
}

/** The member and advertiser an assign or unassign names; only advertisers exist in this fake. */
function target(bc: FakeBc, p: Record<string, unknown>, kit: AssetRouteKit): { m: FakeMember; assetId: string } {
  for (const k of ['user_id', 'asset_id']) if (!int64.test(String(p[k]))) throw kit.param(`${k}: Not a valid integer.`);
  const type = assetType(p.asset_type, kit);
  const m = boundMember(bc.members.get(String(p.user_id)), 'user_id', kit);
  const assetId = String(p.asset_id);
  if (type !== 'ADVERTISER' || !bc.advertisers.has(assetId)) throw kit.param(`asset_id: The ${type} ${assetId} does not belong to this Business Center.`);
  return { m, assetId };
}

/**
 * `POST /bc/asset/assign/` (`bc_id, user_id, asset_id, asset_type` required; the role field of the
 * asset type). For an advertiser, `advertiser_role` is needed here *(inference: the SDK marks it
 * optional, but an advertiser role cannot be left open)*, and another type's role field is refused.
 * Assigning again sets the new role.
 */
export function assignAsset(bc: FakeBc, p: Record<string, unknown>, kit: AssetRouteKit): unknown {
  const { m, assetId } = target(bc, p, kit);
  const extra = otherRoles.find((k) => p[k] !== undefined);
  if (extra) throw kit.param(`${extra}: Not applicable to asset_type ADVERTISER.`);
  if (p.advertiser_role === undefined) throw kit.param('advertiser_role: Missing data for required field.');
  if (!advertiserRoles.has(String(p.advertiser_role))) throw kit.param('advertiser_role: Invalid enum value.');
  m.advertisers.set(assetId, String(p.advertiser_role));
  return {};
}

/**
 * `POST /bc/asset/unassign/` (`bc_id, user_id, asset_id, asset_type`). TikTok documents no answer for
 * a member who does not hold the asset; this fake refuses it (40002), so a connector cannot rely on
 * either behaviour.
 */
export function unassignAsset(bc: FakeBc, p: Record<string, unknown>, kit: AssetRouteKit): unknown {
  const { m, assetId } = target(bc, p, kit);
  if (!m.advertisers.delete(assetId)) throw kit.param(`user_id: The user holds no role on advertiser ${assetId}.`);
  return {};
}
