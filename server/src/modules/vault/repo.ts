import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, accountSecrets, grants, teamMemberships, vaults } from '../../db/schema/index.ts';

export type VaultRow = typeof vaults.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type GrantRow = typeof grants.$inferSelect;
export type AccountRole = 'owner' | 'collaborator';

export async function listVaults(ex: Executor, workspaceId: string): Promise<VaultRow[]> {
  return ex.select().from(vaults).where(eq(vaults.workspaceId, workspaceId)).orderBy(desc(vaults.isDefault), asc(vaults.name));
}

export async function findVault(ex: Executor, workspaceId: string, id: string): Promise<VaultRow | undefined> {
  return (await ex.select().from(vaults).where(and(eq(vaults.workspaceId, workspaceId), eq(vaults.id, id))))[0];
}

export async function findDefaultVault(ex: Executor, workspaceId: string): Promise<VaultRow | undefined> {
  return (await ex.select().from(vaults).where(and(eq(vaults.workspaceId, workspaceId), eq(vaults.isDefault, true))))[0];
}

export async function insertVault(ex: Executor, row: typeof vaults.$inferInsert): Promise<void> {
  await ex.insert(vaults).values(row).onConflictDoNothing();
}

export async function insertAccount(ex: Executor, row: typeof accounts.$inferInsert): Promise<AccountRow> {
  return (await ex.insert(accounts).values(row).returning())[0]!;
}

export async function updateAccount(ex: Executor, workspaceId: string, id: string, patch: Partial<typeof accounts.$inferInsert>): Promise<AccountRow> {
  return (await ex.update(accounts).set(patch).where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id))).returning())[0]!;
}

export async function findAccount(ex: Executor, workspaceId: string, id: string, forUpdate = false): Promise<AccountRow | undefined> {
  const q = ex.select().from(accounts).where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)));
  return (forUpdate ? await q.for('update') : await q)[0];
}

/** Subjects that stand for a member: the member and every team they are in. */
export function subjectsOf(memberId: string): SQL {
  return or(
    and(eq(grants.subjectType, 'user'), eq(grants.subjectId, memberId)),
    and(eq(grants.subjectType, 'team'), inArray(grants.subjectId, sql`(select ${teamMemberships.teamId} from ${teamMemberships} where ${teamMemberships.memberId} = ${memberId})`)),
  )!;
}

/** The member's effective role on each account: Owner wins over Collaborator across direct and team paths. */
const effectiveRole = sql<AccountRole>`case when bool_or(${grants.role} = 'owner') then 'owner' else 'collaborator' end`;

export async function roleOn(ex: Executor, workspaceId: string, accountId: string, memberId: string): Promise<AccountRole | null> {
  // An aggregate without GROUP BY always yields one row, so "no grant" must be read from the count.
  const rows = await ex
    .select({ role: effectiveRole, paths: sql<number>`count(*)::int` })
    .from(grants)
    .where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'account'), eq(grants.objectId, accountId), subjectsOf(memberId)));
  const r = rows[0];
  return r && r.paths > 0 ? r.role : null;
}

export interface AccountFilters {
  q?: string | undefined;
  status?: string | undefined;
  deleted?: boolean | undefined;
}

/** Accounts the member holds a role on, with that role. Admins get no implicit rights (spec §3.2). */
export async function listAccountsFor(ex: Executor, workspaceId: string, memberId: string, f: AccountFilters): Promise<(AccountRow & { myRole: AccountRole; vaultName: string })[]> {
  const conds: (SQL | undefined)[] = [eq(accounts.workspaceId, workspaceId), f.deleted ? isNotNull(accounts.deletedAt) : isNull(accounts.deletedAt), sql`${accounts.status} <> 'draft'`];
  if (f.status) conds.push(eq(accounts.status, f.status));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(accounts.label, like), ilike(accounts.username, like), ilike(accounts.email, like), ilike(accounts.loginUrl, like)));
  }
  const roles = ex
    .select({ objectId: grants.objectId, role: effectiveRole.as('role') })
    .from(grants)
    .where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'account'), subjectsOf(memberId)))
    .groupBy(grants.objectId)
    .as('roles');
  const rows = await ex
    .select({ account: accounts, role: roles.role, vaultName: vaults.name })
    .from(accounts)
    .innerJoin(roles, eq(roles.objectId, accounts.id))
    .innerJoin(vaults, eq(vaults.id, accounts.vaultId))
    .where(and(...conds))
    .orderBy(asc(sql`lower(${accounts.label})`), asc(accounts.id))
    .limit(1000);
  return rows.map((r) => ({ ...r.account, myRole: r.role, vaultName: r.vaultName }));
}

export async function latestSecret(ex: Executor, accountId: string, field: string): Promise<{ version: number; ciphertext: Buffer } | undefined> {
  const rows = await ex
    .select({ version: accountSecrets.version, ciphertext: accountSecrets.ciphertext })
    .from(accountSecrets)
    .where(and(eq(accountSecrets.accountId, accountId), eq(accountSecrets.field, field), isNull(accountSecrets.supersededAt)))
    .orderBy(desc(accountSecrets.version))
    .limit(1);
  return rows[0];
}

export async function nextSecretVersion(ex: Executor, accountId: string, field: string): Promise<number> {
  const r = await ex
    .select({ v: sql<number>`coalesce(max(${accountSecrets.version}), 0)::int + 1` })
    .from(accountSecrets)
    .where(and(eq(accountSecrets.accountId, accountId), eq(accountSecrets.field, field)));
  return r[0]!.v;
}

export async function supersedeSecrets(ex: Executor, accountId: string, field: string, at: Date): Promise<void> {
  await ex.update(accountSecrets).set({ supersededAt: at }).where(and(eq(accountSecrets.accountId, accountId), eq(accountSecrets.field, field), isNull(accountSecrets.supersededAt)));
}

export async function insertSecret(ex: Executor, row: typeof accountSecrets.$inferInsert): Promise<void> {
  await ex.insert(accountSecrets).values(row);
}

/** Only passwords keep history (30 days); other fields drop superseded versions at once. */
export async function purgeSuperseded(ex: Executor, accountId: string, field: string, olderThan: Date): Promise<void> {
  await ex.delete(accountSecrets).where(and(eq(accountSecrets.accountId, accountId), eq(accountSecrets.field, field), sql`${accountSecrets.supersededAt} < ${olderThan}`));
}

export async function listGrants(ex: Executor, workspaceId: string, objectType: string, objectId: string): Promise<GrantRow[]> {
  return ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, objectType), eq(grants.objectId, objectId))).orderBy(asc(grants.createdAt));
}

export async function findGrant(ex: Executor, workspaceId: string, id: string): Promise<GrantRow | undefined> {
  return (await ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.id, id))))[0];
}

export async function upsertGrant(ex: Executor, row: typeof grants.$inferInsert): Promise<GrantRow> {
  return (
    await ex
      .insert(grants)
      .values(row)
      .onConflictDoUpdate({ target: [grants.objectType, grants.objectId, grants.subjectType, grants.subjectId], set: { role: row.role, updatedAt: row.updatedAt ?? new Date() } })
      .returning()
  )[0]!;
}

/** Adds an access path unless the same subject already has one on the object (which keeps its role). */
export async function insertGrantIfAbsent(ex: Executor, row: typeof grants.$inferInsert): Promise<void> {
  await ex.insert(grants).values(row).onConflictDoNothing();
}

export async function updateGrantRole(ex: Executor, workspaceId: string, id: string, role: string, at: Date): Promise<GrantRow> {
  return (await ex.update(grants).set({ role, updatedAt: at }).where(and(eq(grants.workspaceId, workspaceId), eq(grants.id, id))).returning())[0]!;
}

export async function deleteGrant(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.id, id)));
}

export async function countOwnerGrants(ex: Executor, workspaceId: string, objectType: string, objectId: string): Promise<number> {
  const r = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(grants)
    .where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, objectType), eq(grants.objectId, objectId), eq(grants.role, 'owner')));
  return r[0]!.n;
}
