/** Business roles, highest first: a role includes everything the roles after it may do. */
export const businessRoles = ['ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST'] as const;
export type BusinessRole = (typeof businessRoles)[number];

export const assetKinds = ['AD_ACCOUNT', 'PAGE'] as const;
export type AssetKind = (typeof assetKinds)[number];

export const assetAccess = ['FULL', 'PARTIAL'] as const;
export type AssetAccess = (typeof assetAccess)[number];

/** What a PARTIAL asset role may pick from, per asset kind (FULL means all of them). */
export const assetPermissions = {
  AD_ACCOUNT: ['VIEW_PERFORMANCE', 'MANAGE_CAMPAIGNS', 'MANAGE_BILLING'],
  PAGE: ['VIEW_INSIGHTS', 'CREATE_CONTENT', 'MODERATE', 'MANAGE_PAGE'],
} as const satisfies Record<AssetKind, readonly string[]>;
export const allAssetPermissions = [...new Set(Object.values(assetPermissions).flat())] as const;
export type AssetPermission = (typeof allAssetPermissions)[number];

/** 0 for ADMIN, larger is lower. */
export function rank(role: BusinessRole): number {
  return businessRoles.indexOf(role);
}
