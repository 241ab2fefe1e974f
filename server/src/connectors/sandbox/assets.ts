import { JobError } from '../../jobs/types.ts';
import type { AssetGrant } from '../types.ts';
import type { SandboxClient } from './client.ts';

/** The sandbox's asset kinds (`sandbox/src/lib/roles.ts`) and their Latchkey types. */
export const assetType = { AD_ACCOUNT: 'ad_account', PAGE: 'page' } as const;
export interface SbAsset { id: string; kind: keyof typeof assetType; name: string; roles: { userId: string; access: 'FULL' | 'PARTIAL'; permissions: string[] }[] }

interface AssetRef { externalId: string; type: string }

const rolePath = (assetId: string, memberId: string): string => `/assets/${encodeURIComponent(assetId)}/roles/${encodeURIComponent(memberId)}`;

function checkType(a: AssetRef): void {
  if (!Object.values(assetType).includes(a.type as never)) throw new JobError('InviteRejected', `The Sandbox Business Center has ad accounts and pages, not "${a.type}" (asset ${a.externalId}).`, { userAction: 'review_invite' });
}

/** The sandbox's own access shape: FULL carries no list (it means every permission of the kind); PARTIAL needs one. */
function sandboxRole(g: AssetGrant): { access: 'FULL' | 'PARTIAL'; permissions: string[] } {
  if (g.access === 'full') return { access: 'FULL', permissions: [] };
  if (g.permissions.length === 0) throw new JobError('InviteRejected', `Partial access to ${g.type} ${g.externalId} needs at least one permission.`, { userAction: 'review_invite' });
  return { access: 'PARTIAL', permissions: g.permissions };
}

/**
 * `PUT /assets/{assetId}/roles/{memberId}` with `{access, permissions}` ("Assign (or replace) a
 * member's role on an asset", `sandbox/src/api/routes.ts`), one asset per call. PUT replaces, so a
 * repeat or a changed grant is safe.
 */
export async function assignSandboxAssets(c: SandboxClient, signal: AbortSignal, memberId: string, grants: AssetGrant[]): Promise<void> {
  const roles = grants.map((g) => {
    checkType(g);
    return { assetId: g.externalId, body: sandboxRole(g) };
  });
  for (const r of roles) await c.send('PUT', rolePath(r.assetId, memberId), r.body, signal);
}

/**
 * `DELETE /assets/{assetId}/roles/{memberId}`. The sandbox answers `not_found` both for an unknown
 * asset and for a member without a role on it, so `GET /assets` (which lists each asset's roles)
 * tells them apart first: an unknown asset is an error, a missing role is already done.
 */
export async function unassignSandboxAssets(c: SandboxClient, signal: AbortSignal, memberId: string, assets: AssetRef[]): Promise<void> {
  assets.forEach(checkType);
  const byId = new Map(((await c.get<{ data: SbAsset[] }>('/assets', signal))?.data ?? []).map((a) => [a.id, a]));
  for (const a of assets) {
    const found = byId.get(a.externalId);
    if (!found) throw new JobError('InviteRejected', `The Sandbox Business Center has no asset ${a.externalId}.`, { userAction: 'review_invite' });
    if (!found.roles.some((r) => r.userId === memberId)) continue;
    // A role removed meanwhile answers not_found: already done.
    await c.send('DELETE', rolePath(a.externalId, memberId), undefined, signal, ['not_found']);
  }
}
