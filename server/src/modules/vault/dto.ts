import { z } from 'zod';
import type { AccountRole, AccountRow, GrantRow, VaultRow } from './repo.ts';

export const accountRoleSchema = z.enum(['owner', 'collaborator']);
export const accountStatusSchema = z.enum(['enabled', 'disabled']);

export const customFieldSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  type: z.enum(['url', 'text', 'long_text']),
  value: z.string().max(10_000),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const vaultSchema = z.object({ id: z.uuid(), name: z.string(), isDefault: z.boolean(), disabled: z.boolean() });
export function toVaultDto(v: VaultRow): z.infer<typeof vaultSchema> {
  return { id: v.id, name: v.name, isDefault: v.isDefault, disabled: v.disabled };
}

export const accountSchema = z.object({
  id: z.uuid(),
  vaultId: z.uuid(),
  vaultName: z.string(),
  label: z.string(),
  appKey: z.string().nullable(),
  loginUrl: z.string().nullable(),
  kind: z.enum(['managed', 'self_managed', 'no_url']),
  username: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: accountStatusSchema,
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  backupCodeCount: z.number().int(),
  myRole: accountRoleSchema,
  lastPasswordChangeAt: z.date().nullable(),
  deletedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AccountDto = z.infer<typeof accountSchema>;

/** Detail view: Owners also get notes, custom fields and the TOTP settings (never the seed). */
export const accountDetailSchema = accountSchema.extend({
  notes: z.string().nullable(),
  customFields: z.array(customFieldSchema).nullable(),
  totp: z.object({ issuer: z.string().nullable(), label: z.string().nullable(), algorithm: z.string(), digits: z.number().int(), period: z.number().int() }).nullable(),
  passwordRules: z.string().nullable(),
});
export type AccountDetailDto = z.infer<typeof accountDetailSchema>;

export function toAccountDto(a: AccountRow, myRole: AccountRole, vaultName: string): AccountDto {
  return {
    id: a.id,
    vaultId: a.vaultId,
    vaultName,
    label: a.label,
    appKey: a.appKey,
    loginUrl: a.loginUrl,
    kind: a.kind as AccountDto['kind'],
    username: a.username,
    email: a.email,
    phone: a.phone,
    status: a.status as AccountDto['status'],
    hasPassword: a.hasPassword,
    hasTotp: a.hasTotp,
    backupCodeCount: a.backupCodeCount,
    myRole,
    lastPasswordChangeAt: a.lastPasswordChangeAt,
    deletedAt: a.deletedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export const grantSchema = z.object({
  id: z.uuid(),
  subjectType: z.enum(['user', 'team']),
  subjectId: z.uuid(),
  subjectLabel: z.string(),
  role: accountRoleSchema,
  createdAt: z.date(),
});
export function toGrantDto(g: GrantRow, subjectLabel: string): z.infer<typeof grantSchema> {
  return { id: g.id, subjectType: g.subjectType as 'user', subjectId: g.subjectId, subjectLabel, role: g.role as AccountRole, createdAt: g.createdAt };
}
