import { JobError } from '../../jobs/types.ts';
import type { AssetGrant } from '../types.ts';
import type { PinterestClient } from './client.ts';

/** Grants take at most 50 accesses per call, revokes 100 (reference §2.2, §4.4; OpenAPI 5.23.0 maxItems). */
const grantBatch = 50;
const revokeBatch = 100;
/** Latchkey asset types Pinterest's member asset access covers (manifest `assetTypes`). */
const assetTypes = new Set(['ad_account']);

interface AssetRef { externalId: string; type: string }
interface Access { asset_id: string; member_id: string; permissions?: string[] }
/**
 * One item of the PATCH answer (`UpdateMemberAssetsResultsResponseArray`): `response` on success; on
 * failure "an exception object", which the spec does not shape, read here as its generic
 * `Exception {code, message}`.
 */
type AccessItem = { response?: Access; exception?: { code?: number; message?: string } };

export function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function checkType(a: AssetRef): void {
  if (!assetTypes.has(a.type)) throw new JobError('InviteRejected', `Pinterest member asset access covers ad accounts only, not "${a.type}" (asset ${a.externalId}).`, { userAction: 'review_invite' });
}

/** Full access to an ad account is Pinterest's ADMIN asset permission; partial access sends the chosen permissions. */
export function pinterestPermissions(g: AssetGrant): string[] {
  if (g.access === 'full') return ['ADMIN'];
  if (g.permissions.length === 0) throw new JobError('InviteRejected', `Partial access to ad account ${g.externalId} needs at least one permission.`, { userAction: 'review_invite' });
  return g.permissions;
}

/** Which accesses of a batch the answer does not confirm, with Pinterest's reason when it gave one (items follow the request order). */
function unconfirmed(batch: Access[], items: AccessItem[]): string[] {
  const granted = new Set(items.map((i) => i.response?.asset_id).filter(Boolean));
  return batch.flatMap((a, i) => (granted.has(a.asset_id) ? [] : [`ad account ${a.asset_id}: ${items[i]?.exception?.message ?? 'no result returned'}`]));
}

/**
 * `PATCH /businesses/{id}/members/assets/access` with `{accesses: [{asset_id, member_id,
 * permissions}]}` (OpenAPI `business_members_asset_access/update`, "Assign/Update member asset
 * permissions"): it sets the member's permissions on each asset, so a repeat or a changed grant is
 * safe. The call can succeed while single accesses fail; every batch is sent, then any refusal is
 * reported with Pinterest's messages.
 */
export async function assignPinterestAssets(c: PinterestClient, signal: AbortSignal, memberId: string, grants: AssetGrant[]): Promise<void> {
  const accesses = grants.map((g): Access => {
    checkType(g);
    return { asset_id: g.externalId, member_id: memberId, permissions: pinterestPermissions(g) };
  });
  const refused: string[] = [];
  for (const batch of chunks(accesses, grantBatch)) {
    const res = await c.send<{ items?: AccessItem[] }>('PATCH', '/members/assets/access', { accesses: batch }, signal);
    refused.push(...unconfirmed(batch, res.items ?? []));
  }
  if (refused.length > 0) throw new JobError('InviteRejected', `Pinterest refused asset access for member ${memberId}: ${refused.join('; ')}`, { userAction: 'review_invite' });
}

/**
 * `DELETE /businesses/{id}/members/assets/access` with `{accesses: [{asset_id, member_id}]}`
 * (`business_members_asset_access/delete`). The answer lists the accesses it deleted; one the member
 * did not hold is just not listed, which is the success this contract asks for.
 */
export async function unassignPinterestAssets(c: PinterestClient, signal: AbortSignal, memberId: string, assets: AssetRef[]): Promise<void> {
  assets.forEach(checkType);
  const refused: string[] = [];
  for (const batch of chunks(assets.map((a) => ({ asset_id: a.externalId, member_id: memberId })), revokeBatch)) {
    const res = await c.send<{ items?: AccessItem[] }>('DELETE', '/members/assets/access', { accesses: batch }, signal);
    // An access not held is simply not listed; an item with an exception is a refusal to report.
    refused.push(...(res?.items ?? []).flatMap((i) => (i.exception ? [`${i.exception.message ?? 'refused'}`] : [])));
  }
  if (refused.length > 0) throw new JobError('InviteRejected', `Pinterest refused to revoke asset access for member ${memberId}: ${refused.join('; ')}`, { userAction: 'review_invite' });
}
