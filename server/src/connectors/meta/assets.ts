import { JobError } from '../../jobs/types.ts';
import type { AssetGrant, ConnectorContext } from '../types.ts';
import { allPages, type GraphClient } from './client.ts';

/**
 * The business's asset kinds as Graph names them.
 * - `edge`: the Business edge that lists the owned assets (`owned_ad_accounts`, `owned_pages`,
 *   `owned_product_catalogs` in the Business reference and the Python SDK's `business.py`).
 * - `fullTasks`: what "full access" sends. Tasks are cumulative lists (reference §1.4); Meta's
 *   system-user guide grants an ad account with `['MANAGE','ADVERTISE','ANALYZE']`. For Pages and
 *   catalogs, MANAGE plus the tasks it subsumes (SDK `Page.Tasks`, `ProductCatalog.Tasks`).
 * - `needsBusiness`: ad accounts take `business` on `assigned_users` reads, grants and revokes
 *   (reference §1.3). For Pages and catalogs the SDK's `create_assigned_user` and
 *   `delete_assigned_users` document `user` (and `tasks`) only, so nothing else is sent.
 * A member holds `full` access when Graph lists MANAGE among their tasks on the asset.
 */
export const metaAssetKinds = [
  { type: 'ad_account', edge: 'owned_ad_accounts', fullTasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'], needsBusiness: true },
  { type: 'page', edge: 'owned_pages', fullTasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'], needsBusiness: false },
  { type: 'product_catalog', edge: 'owned_product_catalogs', fullTasks: ['MANAGE', 'ADVERTISE'], needsBusiness: false },
] as const;
export type MetaAssetKind = (typeof metaAssetKinds)[number];
export const fullTask = 'MANAGE';

interface AssetRef { externalId: string; type: string }

function kindOf(a: AssetRef): MetaAssetKind {
  const k = metaAssetKinds.find((x) => x.type === a.type);
  if (!k) throw new JobError('InviteRejected', `Meta has no asset type "${a.type}" (asset ${a.externalId}); use ${metaAssetKinds.map((x) => x.type).join(', ')}.`, { userAction: 'review_invite' });
  return k;
}

function tasksFor(g: AssetGrant): string[] {
  if (g.access === 'full') return [...kindOf(g).fullTasks];
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
 * grant is safe. Every grant is checked before the first call, so a bad one sends nothing.
 */
export async function assignMetaAssets(c: GraphClient, ctx: ConnectorContext, userId: string, grants: AssetGrant[]): Promise<void> {
  const calls = grants.map((g) => ({ g, params: { user: userId, tasks: tasksFor(g), ...businessParam(kindOf(g), ctx) } }));
  for (const { g, params } of calls) await onAsset(c.send('POST', path(g), params, ctx.signal), g);
}

/**
 * `DELETE /{asset_id}/assigned_users` with `user` (and `business` for ad accounts). Graph does not
 * document its answer for a user without a role on the asset, so the asset's holders are read first
 * (`GET /{asset_id}/assigned_users`) and an asset the user cannot access already is skipped.
 */
export async function unassignMetaAssets(c: GraphClient, ctx: ConnectorContext, userId: string, assets: AssetRef[]): Promise<void> {
  const kinds = assets.map((a) => ({ a, k: kindOf(a) }));
  for (const { a, k } of kinds) {
    const holders = await onAsset(allPages<{ id: string }>(c, path(a), { business: ctx.businessId, fields: 'id' }, ctx.signal), a);
    if (!holders.some((h) => h.id === userId)) continue;
    await onAsset(c.send('DELETE', path(a), { user: userId, ...businessParam(k, ctx) }, ctx.signal), a);
  }
}
