import { JobError } from '../../jobs/types.ts';
import type { AssetGrant, ConnectorContext } from '../types.ts';
import { allPages, type GraphClient } from './client.ts';

/**
 * The business's asset kinds as Graph names them.
 * - `edge`: the Business edge that lists the owned assets (`owned_ad_accounts`, `owned_pages`,
 *   `owned_product_catalogs`, `owned_pixels` in the Business reference and the Python SDK's
 *   `business.py`). For pixels, `owned_pixels` ("Pixels the business owns",
 *   marketing-api/reference/business/owned_pixels) rather than `adspixels`, which also lists pixels
 *   other businesses share with this one (reference/business/adspixels).
 * - `fullTasks`: what "full access" sends. Tasks are cumulative lists (reference §1.4); Meta's
 *   system-user guide grants an ad account with `['MANAGE','ADVERTISE','ANALYZE']`. For Pages and
 *   catalogs, MANAGE plus the tasks it subsumes (SDK `Page.Tasks`, `ProductCatalog.Tasks`).
 * - `fullTask`: the task that means full access when Graph lists it among a holder's tasks: MANAGE,
 *   or EDIT on pixels (SDK `AdsPixel.Tasks` has no MANAGE; Meta's pixel-sharing guide describes EDIT
 *   as "Manage dataset, edit settings, analyze and advertise").
 * - `needsBusiness`: ad accounts take `business` on `assigned_users` reads, grants and revokes
 *   (reference §1.3); pixels on reads (the only call they get). For Pages and catalogs the SDK's `create_assigned_user` and
 *   `delete_assigned_users` document `user` (and `tasks`) only, so nothing else is sent.
 * - `assignable`: false for pixels. `GET /{ads-pixel-id}/assigned_users` (`business` required) is
 *   documented, but its reference (marketing-api/reference/ads-pixel/assigned_users) says creating
 *   and deleting are not possible there, so pixels are synced and observed only. The Python SDK
 *   does carry an undocumented `AdsPixel.create_assigned_user`; Latchkey follows the reference.
 *   Kept in step with the manifest's `assetTypes[].assignable`.
 */
export const metaAssetKinds = [
  { type: 'ad_account', edge: 'owned_ad_accounts', fullTasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'], fullTask: 'MANAGE', needsBusiness: true, assignable: true },
  { type: 'page', edge: 'owned_pages', fullTasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'], fullTask: 'MANAGE', needsBusiness: false, assignable: true },
  { type: 'product_catalog', edge: 'owned_product_catalogs', fullTasks: ['MANAGE', 'ADVERTISE'], fullTask: 'MANAGE', needsBusiness: false, assignable: true },
  { type: 'pixel', edge: 'owned_pixels', fullTasks: [], fullTask: 'EDIT', needsBusiness: true, assignable: false },
] as const;
export type MetaAssetKind = (typeof metaAssetKinds)[number];

interface AssetRef { externalId: string; type: string }

function kindOf(a: AssetRef): MetaAssetKind {
  const k = metaAssetKinds.find((x) => x.type === a.type);
  if (!k) throw new JobError('InviteRejected', `Meta has no asset type "${a.type}" (asset ${a.externalId}); use ${metaAssetKinds.map((x) => x.type).join(', ')}.`, { userAction: 'review_invite' });
  return k;
}

/** A kind Latchkey may grant and revoke; pixels are refused before any call (Graph has no write on their `assigned_users`). */
function assignableKindOf(a: AssetRef): MetaAssetKind {
  const k = kindOf(a);
  if (!k.assignable) throw new JobError('InviteRejected', `Meta does not let apps grant or revoke access to pixels (pixel ${a.externalId}). Assign people to pixels in Business settings → Data sources → Pixels.`, { userAction: 'review_invite' });
  return k;
}

function tasksFor(g: AssetGrant, k: MetaAssetKind): string[] {
  if (g.access === 'full') return [...k.fullTasks];
  if (g.permissions.length === 0) throw new JobError('InviteRejected', `Partial access to ${g.type} ${g.externalId} needs at least one task.`, { userAction: 'review_invite' });
  return g.permissions;
}

/** Graph's "object does not exist" (100/33) on an asset path names the asset, not the business. */
function onAsset<T>(call: Promise<T>, a: AssetRef): Promise<T> {
  return call.catch((e: unknown) => {
    if (e instanceof JobError && e.code === 'InvalidBusinessId') throw new JobError('InviteRejected', `Meta has no ${a.type} ${a.externalId}, or the system user cannot see it. ${e.message}`, { userAction: 'review_invite' });
    throw e;
  });
}

const path = (a: AssetRef): string => `/${encodeURIComponent(a.externalId)}/assigned_users`;
const businessParam = (k: MetaAssetKind, ctx: ConnectorContext): { business?: string } => (k.needsBusiness ? { business: ctx.businessId } : {});

/**
 * `POST /{asset_id}/assigned_users` with `user` (the business-scoped user id), `tasks` and, for ad
 * accounts, `business`: one user and one asset per call (reference §4.4), serially, since all calls
 * share the business's rate-limit bucket. Posting again replaces the tasks, so a retry or a changed
 * grant is safe. Every grant is checked before the first call, so a bad one (or a pixel) sends nothing.
 */
export async function assignMetaAssets(c: GraphClient, ctx: ConnectorContext, userId: string, grants: AssetGrant[]): Promise<void> {
  const calls = grants.map((g) => {
    const k = assignableKindOf(g);
    return { g, params: { user: userId, tasks: tasksFor(g, k), ...businessParam(k, ctx) } };
  });
  for (const { g, params } of calls) await onAsset(c.send('POST', path(g), params, ctx.signal), g);
}

/**
 * `DELETE /{asset_id}/assigned_users` with `user` (and `business` for ad accounts). Graph does not
 * document its answer for a user without a role on the asset, so the asset's holders are read first
 * (`GET /{asset_id}/assigned_users`) and an asset the user cannot access already is skipped. A
 * pixel among the assets refuses the whole call before the first read.
 */
export async function unassignMetaAssets(c: GraphClient, ctx: ConnectorContext, userId: string, assets: AssetRef[]): Promise<void> {
  const kinds = assets.map((a) => ({ a, k: assignableKindOf(a) }));
  for (const { a, k } of kinds) {
    const holders = await onAsset(allPages<{ id: string }>(c, path(a), { business: ctx.businessId, fields: 'id' }, ctx.signal), a);
    if (!holders.some((h) => h.id === userId)) continue;
    await onAsset(c.send('DELETE', path(a), { user: userId, ...businessParam(k, ctx) }, ctx.signal), a);
  }
}
