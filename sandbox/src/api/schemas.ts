import { z } from 'zod';
import { problemSchema } from '../../../server/src/http/schemas.ts';
export { pageQuery, pageSchema } from '../../../server/src/lib/pagination.ts';
import { assetAccess, assetKinds, allAssetPermissions, businessRoles } from '../lib/roles.ts';

/** Every admin route may answer these; listing them keeps the OpenAPI document honest. */
export const problems = {
  400: problemSchema.describe('validation_failed or malformed_json'),
  401: problemSchema.describe('unauthenticated: missing or unknown token'),
  403: problemSchema.describe('insufficient_permission: revoked token, token of another business, or role too low'),
  404: problemSchema.describe('invalid_business_id, or not_found for a member, invite or asset'),
  429: problemSchema.describe('rate_limited; see the Retry-After header'),
  503: problemSchema.describe('unavailable (injected fault); retry later'),
} as const;

export const businessParams = z.object({ businessId: z.string().describe('The business id shown in the sandbox UI') });
export const role = z.enum(businessRoles);
export const email = z.email().max(254);

export const memberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  twoFactor: z.enum(['SMS', 'TOTP']),
  joinedAt: z.date(),
});

export const assetGrantSchema = z.strictObject({
  assetId: z.uuid(),
  access: z.enum(assetAccess),
  permissions: z.array(z.enum(allAssetPermissions)).max(10).default([]),
});

export const inviteSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  status: z.enum(['PENDING', 'ACCEPTED', 'EXPIRED', 'CANCELLED']),
  expiresAt: z.date(),
  createdAt: z.date(),
  sentCount: z.number().int(),
  assetGrants: z.array(z.object({ assetId: z.string(), access: z.enum(assetAccess), permissions: z.array(z.string()) })),
});

export const inviteResultSchema = z.object({
  email: z.string(),
  outcome: z.enum(['INVITED', 'REINVITED', 'ALREADY_MEMBER', 'ALREADY_INVITED']),
  invite: inviteSchema.nullable(),
  memberId: z.uuid().nullable(),
});

export const assetRoleSchema = z.object({ userId: z.uuid(), access: z.enum(assetAccess), permissions: z.array(z.string()) });

export const assetSchema = z.object({
  id: z.uuid(),
  kind: z.enum(assetKinds),
  name: z.string(),
  roles: z.array(assetRoleSchema),
});

export const businessSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  seatLimit: z.number().int().nullable().describe('null: unlimited'),
  seatsUsed: z.number().int().describe('members plus open invites'),
  passwordRules: z.string().describe("Apple password-rules string every member's password must meet"),
  inviteTtlHours: z.number().int(),
});
