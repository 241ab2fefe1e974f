import { z } from 'zod';

const capabilities = z.strictObject({
  sync: z.boolean(), addUser: z.boolean(), removeUser: z.boolean(), updateRole: z.boolean(), manageAssets: z.boolean(),
  listInvites: z.boolean(), cancelInvite: z.boolean(), updateInvite: z.boolean(), detectAcceptance: z.boolean(),
});
const role = z.strictObject({ key: z.string(), label: z.string(), rank: z.number().int().optional(), isDefault: z.boolean().optional(), assignable: z.boolean().optional() });
export const roleGroupSchema = z.strictObject({ key: z.string(), label: z.string(), model: z.enum(['rank', 'permission']), roles: z.array(role).min(1) });

/** The app catalog entry (spec §3.12), validated when a connector loads its manifest.json. */
export const appManifestSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]+$/),
  displayName: z.string(),
  logo: z.string().startsWith('<svg'),
  hubKind: z.enum(['seat_based', 'paid_social']),
  mechanism: z.enum(['api', 'oauth', 'agent']),
  capabilities,
  businessIdField: z.strictObject({ label: z.string(), required: z.boolean(), pattern: z.string().optional(), hint: z.string() }),
  extraConnectFields: z.array(z.strictObject({ key: z.string(), label: z.string(), required: z.boolean(), secret: z.boolean(), hint: z.string().optional(), pattern: z.string().optional() })),
  serviceCredential: z.strictObject({ kind: z.enum(['token', 'account', 'oauth']), label: z.string(), requiredNativeRole: z.string(), hint: z.string() }),
  loginMethods: z.array(z.enum(['sso', 'username_password'])).min(1),
  roleGroups: z.array(roleGroupSchema).min(1),
  /**
   * `assignable: false` (default true): the app's API lets Latchkey read who holds assets of this
   * type but not grant or revoke them, so they are listed and observed, never offered in a share.
   */
  assetTypes: z.array(z.strictObject({ type: z.string(), label: z.string(), permissions: z.array(z.string()), supportsPartial: z.boolean(), assignable: z.boolean().default(true) })),
  passwordRules: z.string(),
  managedPhone: z.strictObject({ needed: z.boolean(), voipAccepted: z.boolean() }),
  mfaMethods: z.array(z.enum(['sms', 'totp', 'email'])),
  supportsManagedIdentity: z.boolean(),
  joinSteps: z.array(z.enum(['facebook_profile', 'assets_on_first_open'])),
  inviteTtlHours: z.number().int().positive(),
  loginUrl: z.string(),
  codePatterns: z.array(z.string()),
});
