import type { FakeBusiness } from './fake-api.ts';

/** The request-body checks `FakePinterest` applies everywhere, passed in so both files refuse alike. */
export interface BodyChecks {
  fields(body: unknown, allowed: string[]): Record<string, unknown>;
  list(v: unknown, name: string, max: number): unknown[];
  bad(message: string): Error;
}

/** OpenAPI 5.23.0 `Permissions`; PROFILE_PUBLISHER applies to profiles only, so an ad account refuses it. */
const permissionEnum = new Set(['ADMIN', 'ANALYST', 'FINANCE_MANAGER', 'FINANCE_EDIT', 'FINANCE_VIEW', 'AUDIENCE_MANAGER', 'CAMPAIGN_MANAGER', 'CATALOGS_MANAGER', 'CATALOGS_VIEWER', 'PROFILE_PUBLISHER', 'CONSUMER_USER']);
const digits = /^\d+$/;

function id(v: unknown, name: string, check: BodyChecks): string {
  if (typeof v !== 'string' || !digits.test(v) || v.length > 25) throw check.bad(`${name} must be a string of at most 25 digits.`);
  return v;
}

/**
 * `PATCH /businesses/{id}/members/assets/access` (`business_members_asset_access/update`): body
 * `{accesses: [{asset_id, member_id, permissions}]}`, 1–50 accesses of 1–50 permissions. A schema
 * violation refuses the whole call (400); an access the business cannot apply becomes an item
 * `{exception: {code, message}}` (the operation's description, with the spec's generic `Exception`
 * shape), a granted one `{response: {asset_id, member_id, permissions}}`, in request order. The
 * permissions replace the member's earlier ones on that asset.
 */
export function grantMemberAccess(b: FakeBusiness, body: unknown, check: BodyChecks): unknown {
  const accesses = check.list(check.fields(body, ['accesses']).accesses, 'accesses', 50).map((x) => {
    const a = check.fields(x, ['asset_id', 'member_id', 'permissions']);
    const permissions = check.list(a.permissions, 'permissions', 50);
    if (permissions.some((p) => typeof p !== 'string' || !permissionEnum.has(p))) throw check.bad('permissions holds a value outside the Permissions enum.');
    return { asset: id(a.asset_id, 'asset_id', check), member: id(a.member_id, 'member_id', check), permissions: [...new Set(permissions as string[])] };
  });
  return {
    items: accesses.map(({ asset, member, permissions }) => {
      const m = b.members.get(member);
      if (!m) return { exception: { code: 404, message: `Member ${member} not found in this business.` } };
      if (!b.assets.includes(asset)) return { exception: { code: 404, message: `Asset ${asset} not found in this business.` } };
      if (permissions.includes('PROFILE_PUBLISHER')) return { exception: { code: 400, message: 'PROFILE_PUBLISHER applies to assets of type PROFILE only.' } };
      m.assets.set(asset, permissions);
      return { response: { asset_id: asset, member_id: member, permissions } };
    }),
  };
}

/**
 * `DELETE /businesses/{id}/members/assets/access` (`business_members_asset_access/delete`): body
 * `{accesses: [{asset_id, member_id}]}`, 1–100. The answer lists only the accesses it deleted
 * (`DeleteMemberAccessResult`); a pair that held nothing is simply absent.
 */
export function revokeMemberAccess(b: FakeBusiness, body: unknown, check: BodyChecks): unknown {
  const accesses = check.list(check.fields(body, ['accesses']).accesses, 'accesses', 100).map((x) => {
    const a = check.fields(x, ['asset_id', 'member_id']);
    return { asset: id(a.asset_id, 'asset_id', check), member: id(a.member_id, 'member_id', check) };
  });
  const items: { asset_id: string; member_id: string }[] = [];
  for (const { asset, member } of accesses) {
    if (b.members.get(member)?.assets.delete(asset)) items.push({ asset_id: asset, member_id: member });
  }
  return { items };
}
