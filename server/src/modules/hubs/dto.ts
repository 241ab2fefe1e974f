import { z } from 'zod';
import { hubMemberStates } from './states.ts';
import type { HubAppRoleRow, HubAssetRow, HubMemberRow, HubRow } from './repo.ts';
import type { EffectiveHubRole } from './policy.ts';

/**
 * `POST /hubs`: connect a hub with a pasted token or a saved account. `POST /hubs/oauth/start`
 * derives its body from this one (oauth/dto.ts), so the two cannot drift apart.
 */
export const connectHubBody = z.strictObject({
  appKey: z.string().min(1).max(60),
  label: z.string().trim().min(1, 'Give the hub a label').max(200),
  businessId: z.string().trim().max(200).optional(),
  connectFields: z.record(z.string().max(60), z.string().max(500)).optional(),
  loginMethod: z.enum(['sso', 'username_password']),
  requestToSave: z.boolean().optional(),
  serviceCredential: z.union([z.strictObject({ accountId: z.uuid() }), z.strictObject({ label: z.string().trim().min(1).max(200), token: z.string().min(1).max(4000) })]),
});

export const healthStates = ['under_validation', 'healthy', 'requires_sync', 'review_configuration', 'review_service_account'] as const;

export const hubSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  appKey: z.string(),
  appName: z.string(),
  businessId: z.string().nullable(),
  loginMethod: z.enum(['sso', 'username_password']),
  requestToSave: z.boolean(),
  serviceCredentialId: z.uuid().nullable(),
  health: z.enum(healthStates),
  healthReason: z.object({ code: z.string(), message: z.string(), since: z.string(), jobId: z.string().nullable(), remedy: z.string() }).nullable(),
  lastSyncedAt: z.date().nullable(),
  syncing: z.boolean(),
  syncSafeguardPct: z.number().int(),
  dailySync: z.boolean(),
  /** Automatic re-invites of a lapsed invite before it stops at "Invite expired" (0 = off). */
  autoReinviteMax: z.number().int(),
  assetsOnAcceptance: z.boolean(),
  haltedSync: z.object({ removals: z.array(z.object({ email: z.string(), state: z.string() })), assets: z.array(z.string()), population: z.number().int(), pct: z.number().int() }).nullable(),
  myRole: z.enum(['owner', 'security_manager', 'manager', 'collaborator']).nullable(),
  createdAt: z.date(),
});
export type HubDto = z.infer<typeof hubSchema>;

export function toHubDto(h: HubRow, appName: string, myRole: EffectiveHubRole | null, remedy: (code: string) => string): HubDto {
  const reason = h.healthReason ? { ...h.healthReason, remedy: remedy(h.healthReason.code) } : null;
  return {
    id: h.id, label: h.label, appKey: h.appKey, appName, businessId: h.businessId, loginMethod: h.loginMethod as HubDto['loginMethod'], requestToSave: h.requestToSave,
    serviceCredentialId: h.serviceCredentialId, health: h.health as HubDto['health'], healthReason: reason, lastSyncedAt: h.lastSyncedAt, syncing: h.syncing,
    syncSafeguardPct: h.syncSafeguardPct, dailySync: h.dailySync, autoReinviteMax: h.autoReinviteMax, assetsOnAcceptance: h.assetsOnAcceptance, haltedSync: (h.haltedSync as HubDto['haltedSync']) ?? null, myRole, createdAt: h.createdAt,
  };
}

export const hubMemberSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid().nullable(),
  memberName: z.string().nullable(),
  memberEmail: z.string().nullable(),
  externalEmail: z.string(),
  externalUserId: z.string().nullable(),
  state: z.enum(hubMemberStates),
  isGuest: z.boolean(),
  exemptReason: z.string().nullable(),
  appRoles: z.array(z.string()),
  invite: z.object({ externalInviteId: z.string().nullable(), expiresAt: z.string().nullable(), status: z.string().nullable(), reinviteCount: z.number().int() }).nullable(),
  removedBy: z.string().nullable(),
  stateChangedAt: z.date(),
});
export type HubMemberDto = z.infer<typeof hubMemberSchema>;

export function toHubMemberDto(m: HubMemberRow & { memberEmail: string | null; memberName: string | null; memberIsGuest: boolean }): HubMemberDto {
  const observed = m.observed as { roles?: string[]; isAppGuest?: boolean };
  const invite = m.invite as { externalInviteId?: string; expiresAt?: string; status?: string; reinviteCount?: number } | null;
  return {
    id: m.id, memberId: m.memberId, memberName: m.memberName, memberEmail: m.memberEmail, externalEmail: m.externalEmail, externalUserId: m.externalUserId,
    state: m.state as HubMemberDto['state'], isGuest: m.memberIsGuest || (observed.isAppGuest ?? false), exemptReason: m.exemptReason, appRoles: observed.roles ?? [],
    invite: invite ? { externalInviteId: invite.externalInviteId ?? null, expiresAt: invite.expiresAt ?? null, status: invite.status ?? null, reinviteCount: Number(invite.reinviteCount ?? 0) } : null,
    removedBy: m.removedBy, stateChangedAt: m.stateChangedAt,
  };
}

export const appRoleSchema = z.object({ key: z.string(), label: z.string(), group: z.string(), model: z.string(), rank: z.number().int().nullable(), isDefault: z.boolean(), assignable: z.boolean() });
export const toAppRoleDto = (r: HubAppRoleRow): z.infer<typeof appRoleSchema> => ({ key: r.key, label: r.label, group: r.group, model: r.model, rank: r.rank, isDefault: r.isDefault, assignable: r.assignable });

export const assetSchema = z.object({ id: z.uuid(), type: z.string(), externalId: z.string(), name: z.string(), permissions: z.array(z.string()), supportsPartial: z.boolean(), lastSeenAt: z.date().nullable() });
export const toAssetDto = (a: HubAssetRow): z.infer<typeof assetSchema> => ({ id: a.id, type: a.type, externalId: a.externalId, name: a.name, permissions: a.permissions, supportsPartial: a.supportsPartial, lastSeenAt: a.lastSeenAt });
