import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { parsePasswordRules } from '../../lib/password-rules/index.ts';
import { currentCode, otpauthUri, parseTotpInput, type TotpParams } from '../../lib/totp/index.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { toAccountDto, type AccountDetailDto, type AccountDto, type CustomField } from './dto.ts';
import { canCreateAccount, canManageAccount, canRevealSecrets, canUseAccount } from './policy.ts';
import { findAccount, findVault, insertAccount, listAccountsFor, roleOn, updateAccount, upsertGrant, type AccountFilters, type AccountRole, type AccountRow } from './repo.ts';
import type { AccountSecrets } from './secrets.ts';
import type { VaultsService } from './vaults.ts';

export interface AccountInput {
  label: string;
  vaultId?: string | undefined;
  appKey?: string | null | undefined;
  loginUrl?: string | null | undefined;
  username?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  password?: string | null | undefined;
  /** Base32 secret or otpauth:// URI; null removes it. */
  totp?: string | null | undefined;
  backupCodes?: string[] | null | undefined;
  notes?: string | null | undefined;
  customFields?: CustomField[] | null | undefined;
  passwordRules?: string | null | undefined;
}

export interface AccountsService {
  list(ctx: RequestContext, f: AccountFilters): Promise<AccountDto[]>;
  get(ctx: RequestContext, id: string): Promise<AccountDetailDto>;
  create(ctx: RequestContext, input: AccountInput): Promise<AccountDetailDto>;
  /** The same inside the caller's transaction (e.g. a hub created with its new service credential). */
  createIn(tx: Executor, ctx: RequestContext, input: AccountInput): Promise<AccountDetailDto>;
  /**
   * One's own connected account from the connect dialog: every role may create it (spec §6.1).
   * `draft` keeps a managed identity visible only to its creator until "Add account" (invariant 29).
   */
  createOwnConnected(tx: Executor, ctx: RequestContext, input: AccountInput, status: 'draft' | 'enabled'): Promise<AccountRow>;
  /** The creator's own draft with its secrets, to resume the dialog (audited like a reveal). */
  readOwnDraft(tx: Executor, ctx: RequestContext, id: string): Promise<{ account: AccountRow; password: string | null }>;
  /** "Add account": the draft becomes a normal account with its final label and vault. */
  finalizeDraft(tx: Executor, ctx: RequestContext, id: string, patch: { label: string; vaultId?: string | undefined; email?: string | undefined }): Promise<AccountRow>;
  /**
   * The automation's read of a credential, never exposed to a browser. Audited like any reveal,
   * with the system as actor and the job as the reason.
   */
  readForAutomation(tx: Executor, workspaceId: string, accountId: string, field: 'password' | 'totp', reason: { jobId: string; task: string }): Promise<string | null>;
  /**
   * The automation replaces a credential it was handed (e.g. a refreshed OAuth token), audited like a
   * person's change. Only if the vault still holds `reason.replaces`: a token someone saved meanwhile
   * wins. Returns whether it wrote.
   */
  writeForAutomation(tx: Executor, workspaceId: string, accountId: string, field: 'password', value: string, reason: { jobId: string; task: string; why: string; replaces: string }): Promise<boolean>;
  update(ctx: RequestContext, id: string, patch: Partial<AccountInput>): Promise<AccountDetailDto>;
  setStatus(ctx: RequestContext, id: string, status: 'enabled' | 'disabled'): Promise<AccountDetailDto>;
  remove(ctx: RequestContext, id: string): Promise<void>;
  restore(ctx: RequestContext, id: string): Promise<AccountDetailDto>;
  retrievePassword(ctx: RequestContext, id: string, purpose: 'show' | 'copy'): Promise<string>;
  retrieveBackupCodes(ctx: RequestContext, id: string): Promise<string[]>;
  totpCode(ctx: RequestContext, id: string): Promise<{ code: string; secondsLeft: number; period: number; digits: number }>;
  exportTotp(ctx: RequestContext, id: string): Promise<{ secret: string; otpauthUri: string }>;
  /** For other modules' checks (sharing, inbox): the actor's role on a live account. */
  roleOf(ex: Executor, ctx: RequestContext, id: string): Promise<{ account: AccountRow; role: AccountRole }>;
}

function kindOf(input: Pick<AccountInput, 'appKey' | 'loginUrl'>): 'managed' | 'self_managed' | 'no_url' {
  if (input.appKey) return 'managed';
  return input.loginUrl ? 'self_managed' : 'no_url';
}

export function createAccountsService(deps: {
  database: Database;
  secrets: AccountSecrets;
  vaults: Pick<VaultsService, 'resolveForWrite'>;
  activity: Pick<ActivityService, 'record'>;
  clock: Clock;
  /** Runs in the deleting transaction: managed numbers and addresses are released with the account (spec §3.13). */
  onDeleted?: (tx: Executor, account: AccountRow, ctx: RequestContext) => Promise<void>;
}): AccountsService {
  const { database, secrets, activity, clock } = deps;

  async function roleOf(ex: Executor, ctx: RequestContext, id: string, opts: { includeDeleted?: boolean } = {}): Promise<{ account: AccountRow; role: AccountRole }> {
    const account = await findAccount(ex, ctx.actor.workspaceId, id);
    const role = account ? await roleOn(ex, ctx.actor.workspaceId, id, ctx.actor.memberId) : null;
    // Without a role the account does not exist for this member: same answer as a wrong id.
    if (!account || !role || account.status === 'draft' || (account.deletedAt && !opts.includeDeleted)) throw new AppError('not_found', 'No such account, or it is not shared with you.');
    return { account, role };
  }

  async function detail(ex: Executor, account: AccountRow, role: AccountRole): Promise<AccountDetailDto> {
    const vault = await findVault(ex, account.workspaceId, account.vaultId);
    const base = toAccountDto(account, role, vault?.name ?? '');
    if (role !== 'owner') return { ...base, notes: null, customFields: null, totp: null, passwordRules: account.passwordRules };
    const totp = account.hasTotp ? (JSON.parse((await secrets.read(ex, account.workspaceId, account.id, 'totp'))!) as TotpParams) : null;
    const custom = await secrets.read(ex, account.workspaceId, account.id, 'custom_fields');
    return {
      ...base,
      notes: await secrets.read(ex, account.workspaceId, account.id, 'notes'),
      customFields: custom ? (JSON.parse(custom) as CustomField[]) : null,
      totp: totp ? { issuer: totp.issuer, label: totp.label, algorithm: totp.algorithm, digits: totp.digits, period: totp.period } : null,
      passwordRules: account.passwordRules,
    };
  }

  /** Writes every secret field present in `input`; returns the flags and names of changed fields (never values). */
  async function writeSecrets(tx: Executor, account: AccountRow, input: Partial<AccountInput>, now: Date): Promise<{ patch: Partial<AccountRow>; changed: string[] }> {
    const patch: Partial<AccountRow> = {};
    const changed: string[] = [];
    const put = async (field: Parameters<AccountSecrets['write']>[3], value: string | null): Promise<void> => {
      await secrets.write(tx, account.workspaceId, account.id, field, value, now);
      changed.push(field);
    };
    if (input.password !== undefined) {
      await put('password', input.password || null);
      patch.hasPassword = Boolean(input.password);
      patch.lastPasswordChangeAt = now;
    }
    if (input.totp !== undefined) {
      const params = input.totp ? parseTotpInput(input.totp) : null;
      await put('totp', params ? JSON.stringify(params) : null);
      patch.hasTotp = params !== null;
    }
    if (input.backupCodes !== undefined) {
      const codes = (input.backupCodes ?? []).map((c) => c.trim()).filter(Boolean);
      await put('backup_codes', codes.length ? JSON.stringify(codes) : null);
      patch.backupCodeCount = codes.length;
    }
    if (input.notes !== undefined) await put('notes', input.notes || null);
    if (input.customFields !== undefined) await put('custom_fields', input.customFields?.length ? JSON.stringify(input.customFields) : null);
    return { patch, changed };
  }

  function plainFields(input: Partial<AccountInput>): Partial<AccountRow> {
    const out: Partial<AccountRow> = {};
    for (const k of ['label', 'appKey', 'loginUrl', 'username', 'email', 'phone', 'passwordRules'] as const) if (input[k] !== undefined) out[k] = input[k] as never;
    if (input.passwordRules) parsePasswordRules(input.passwordRules);
    return out;
  }

  async function createIn(tx: Executor, ctx: RequestContext, input: AccountInput): Promise<AccountDetailDto> {
    if (!canCreateAccount(ctx.actor)) throw new AppError('forbidden', 'Login-only members and guests add accounts only through "Connect your account".');
    const account = await insertWithSecrets(tx, ctx, input, 'enabled');
    return detail(tx, account, 'owner');
  }

  async function insertWithSecrets(tx: Executor, ctx: RequestContext, input: AccountInput, status: 'draft' | 'enabled'): Promise<AccountRow> {
    const vault = await deps.vaults.resolveForWrite(tx, ctx, input.vaultId);
    const now = clock.now();
    const base = await insertAccount(tx, {
      id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, vaultId: vault.id, kind: kindOf(input), status, createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now,
      ...plainFields(input), label: input.label,
    });
    const { patch, changed } = await writeSecrets(tx, base, input, now);
    const account = Object.keys(patch).length ? await updateAccount(tx, base.workspaceId, base.id, patch) : base;
    await upsertGrant(tx, { id: newId(), workspaceId: ctx.actor.workspaceId, objectType: 'account', objectId: account.id, subjectType: 'user', subjectId: ctx.actor.memberId, role: 'owner', origin: 'share', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
    await activity.record(tx, byMember(ctx, status === 'draft' ? 'account.draft_created' : 'account.created', { type: 'account', id: account.id, label: account.label }, { vault: vault.name, secrets: changed }));
    return account;
  }

  async function ownDraft(tx: Executor, ctx: RequestContext, id: string): Promise<AccountRow> {
    const a = await findAccount(tx, ctx.actor.workspaceId, id, true);
    if (!a || a.status !== 'draft' || a.createdBy !== ctx.actor.memberId || a.deletedAt) throw new AppError('not_found', 'That draft no longer exists. Start again with "Connect your account".');
    return a;
  }

  return {
    roleOf: (ex, ctx, id) => roleOf(ex, ctx, id),

    async list(ctx, f) {
      const rows = await listAccountsFor(database.db, ctx.actor.workspaceId, ctx.actor.memberId, f);
      return rows.map((r) => toAccountDto(r, r.myRole, r.vaultName));
    },

    async get(ctx, id) {
      const { account, role } = await roleOf(database.db, ctx, id, { includeDeleted: true });
      return detail(database.db, account, role);
    },

    create: (ctx, input) => database.tx((tx) => createIn(tx, ctx, input)),

    async writeForAutomation(tx, workspaceId, accountId, field, value, reason) {
      const account = await findAccount(tx, workspaceId, accountId);
      if (!account || account.deletedAt) return false;
      if ((await secrets.read(tx, workspaceId, accountId, field)) !== reason.replaces) return false;
      await secrets.write(tx, workspaceId, accountId, field, value, clock.now());
      await activity.record(tx, {
        workspaceId,
        type: 'account.credentials.updated',
        actor: { kind: 'system', id: null, label: 'Latchkey automation' },
        target: { type: 'account', id: accountId, label: account.label },
        data: { fields: [field], purpose: 'automation', why: reason.why, jobId: reason.jobId, task: reason.task },
      });
      return true;
    },

    async readForAutomation(tx, workspaceId, accountId, field, reason) {
      const account = await findAccount(tx, workspaceId, accountId);
      if (!account || account.deletedAt) return null;
      const value = await secrets.read(tx, workspaceId, accountId, field);
      await activity.record(tx, {
        workspaceId,
        type: field === 'password' ? 'account.password_retrieved' : 'account.mfa_code_retrieved',
        actor: { kind: 'system', id: null, label: 'Latchkey automation' },
        target: { type: 'account', id: accountId, label: account.label },
        data: { purpose: 'automation', jobId: reason.jobId, task: reason.task },
      });
      return value;
    },

    createIn,
    createOwnConnected: (tx, ctx, input, status) => insertWithSecrets(tx, ctx, input, status),
    async readOwnDraft(tx, ctx, id) {
      const account = await ownDraft(tx, ctx, id);
      const password = await secrets.read(tx, account.workspaceId, id, 'password');
      await activity.record(tx, byMember(ctx, 'account.password_retrieved', { type: 'account', id, label: account.label }, { purpose: 'draft' }));
      return { account, password };
    },
    async finalizeDraft(tx, ctx, id, patch) {
      const draft = await ownDraft(tx, ctx, id);
      const vaultId = patch.vaultId ? (await deps.vaults.resolveForWrite(tx, ctx, patch.vaultId)).id : draft.vaultId;
      const account = await updateAccount(tx, draft.workspaceId, id, { status: 'enabled', label: patch.label, vaultId, ...(patch.email ? { email: patch.email } : {}), updatedAt: clock.now() });
      await activity.record(tx, byMember(ctx, 'account.created', { type: 'account', id, label: account.label }, { from: 'managed_identity' }));
      return account;
    },

    async update(ctx, id, input) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can edit it.');
        const now = clock.now();
        const fields = plainFields(input);
        if (input.vaultId && input.vaultId !== account.vaultId) fields.vaultId = (await deps.vaults.resolveForWrite(tx, ctx, input.vaultId)).id;
        if (input.appKey !== undefined || input.loginUrl !== undefined) fields.kind = kindOf({ appKey: input.appKey ?? account.appKey, loginUrl: input.loginUrl ?? account.loginUrl });
        const { patch, changed } = await writeSecrets(tx, account, input, now);
        const updated = await updateAccount(tx, account.workspaceId, account.id, { ...fields, ...patch, updatedAt: now });
        await activity.record(tx, byMember(ctx, changed.includes('password') ? 'account.credentials.updated' : 'account.updated', { type: 'account', id, label: updated.label }, { fields: [...Object.keys(fields), ...changed] }));
        return detail(tx, updated, role);
      });
    },

    async setStatus(ctx, id, status) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can enable or disable it.');
        if (account.status === status) return detail(tx, account, role);
        const updated = await updateAccount(tx, account.workspaceId, id, { status, updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, status === 'enabled' ? 'account.enabled' : 'account.disabled', { type: 'account', id, label: account.label }));
        return detail(tx, updated, role);
      });
    },

    async remove(ctx, id) {
      await database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can delete it.');
        await updateAccount(tx, account.workspaceId, id, { deletedAt: clock.now(), updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'account.deleted', { type: 'account', id, label: account.label }));
        await deps.onDeleted?.(tx, account, ctx);
      });
    },

    async restore(ctx, id) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id, { includeDeleted: true });
        if (!canManageAccount(role)) throw new AppError('forbidden', 'Only the account\'s Owners can restore it.');
        if (!account.deletedAt) return detail(tx, account, role);
        const updated = await updateAccount(tx, account.workspaceId, id, { deletedAt: null, updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'account.restored', { type: 'account', id, label: account.label }));
        return detail(tx, updated, role);
      });
    },

    async retrievePassword(ctx, id, purpose) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canRevealSecrets(role)) throw new AppError('forbidden', 'Collaborators use this account through Latchkey but cannot see or copy its password.');
        const password = await secrets.read(tx, account.workspaceId, id, 'password');
        if (password === null) throw new AppError('not_found', 'This account has no password stored. An Owner can add one.');
        // The audit row commits with the read: no reveal without its event.
        await activity.record(tx, byMember(ctx, 'account.password_retrieved', { type: 'account', id, label: account.label }, { purpose }));
        return password;
      });
    },

    async retrieveBackupCodes(ctx, id) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canRevealSecrets(role)) throw new AppError('forbidden', 'Only the account\'s Owners can see its backup codes.');
        const codes = await secrets.read(tx, account.workspaceId, id, 'backup_codes');
        await activity.record(tx, byMember(ctx, 'account.backup_codes_retrieved', { type: 'account', id, label: account.label }));
        return codes ? (JSON.parse(codes) as string[]) : [];
      });
    },

    async totpCode(ctx, id) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canUseAccount(role)) throw new AppError('forbidden', 'This account is not shared with you.');
        const stored = await secrets.read(tx, account.workspaceId, id, 'totp');
        if (!stored) throw new AppError('not_found', 'This account has no authenticator (TOTP) set up. An Owner can add one.');
        const params = JSON.parse(stored) as TotpParams;
        const code = currentCode(params, clock);
        await activity.record(tx, byMember(ctx, 'account.mfa_code_retrieved', { type: 'account', id, label: account.label }));
        return { code: code.code, secondsLeft: code.secondsLeft, period: code.period, digits: params.digits };
      });
    },

    async exportTotp(ctx, id) {
      return database.tx(async (tx) => {
        const { account, role } = await roleOf(tx, ctx, id);
        if (!canRevealSecrets(role)) throw new AppError('forbidden', 'Only the account\'s Owners can export its authenticator seed. Collaborators get codes.');
        const stored = await secrets.read(tx, account.workspaceId, id, 'totp');
        if (!stored) throw new AppError('not_found', 'This account has no authenticator (TOTP) set up.');
        const params = JSON.parse(stored) as TotpParams;
        await activity.record(tx, byMember(ctx, 'account.totp_exported', { type: 'account', id, label: account.label }));
        return { secret: params.secret, otpauthUri: otpauthUri(params) };
      });
    },
  };
}
