import { z } from 'zod';

export const assetGrantSchema = z.strictObject({ assetId: z.uuid(), access: z.enum(['full', 'partial']), permissions: z.array(z.string().max(60)).max(20).default([]) });

export const shareBody = z.strictObject({
  subjects: z.array(z.strictObject({ type: z.enum(['user', 'team']), id: z.uuid() })).min(1, 'Choose at least one member or team').max(200),
  role: z.enum(['owner', 'manager', 'collaborator']),
  access: z.enum(['seat', 'hub_only']).default('seat'),
  appRoleKeys: z.array(z.string().max(60)).max(20).default([]),
  assetGrants: z.array(assetGrantSchema).max(200).default([]),
  expiresAt: z.coerce.date().optional(),
  message: z.string().max(2000).optional(),
  /** Owner recipients: also grant access to the service credential (off → Security Manager, spec §6.3). */
  alsoShareServiceAccount: z.boolean().default(true),
  /** The hash of the preview the person reviewed; a changed world answers 409 preview_stale. */
  previewHash: z.string().max(100).optional(),
});
export type ShareInput = z.infer<typeof shareBody>;

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invite'), roles: z.array(z.string()) }),
  z.object({ kind: z.literal('update'), fromRoles: z.array(z.string()), toRoles: z.array(z.string()) }),
  z.object({ kind: z.literal('remove_seat') }),
  z.object({ kind: z.literal('cancel_queued_invite') }),
  z.object({ kind: z.literal('hub_only') }),
  z.object({ kind: z.literal('claim_required') }),
  z.object({ kind: z.literal('record_only') }),
  z.object({ kind: z.literal('none') }),
]);

export const planSchema = z.object({
  dryRun: z.boolean(),
  /** Stable digest of the rows; pass it back as `previewHash` to apply exactly this. */
  hash: z.string(),
  rows: z.array(z.object({
    memberId: z.uuid(),
    email: z.string(),
    name: z.string(),
    hubMemberId: z.uuid().nullable(),
    action: actionSchema,
    effective: z.object({ seat: z.boolean(), appRoleKeys: z.array(z.string()), assetGrants: z.array(z.object({ assetId: z.string(), access: z.enum(['full', 'partial']), permissions: z.array(z.string()) })), hubRole: z.enum(['owner', 'manager', 'collaborator']).nullable() }),
    paths: z.array(z.object({ via: z.enum(['direct', 'team', 'collection']), label: z.string(), role: z.enum(['owner', 'manager', 'collaborator']) })),
  })),
  /** The parent job of what was applied (absent for a dry run or when nothing reaches the app). */
  jobId: z.uuid().nullable(),
});
export type PlanDto = z.infer<typeof planSchema>;
