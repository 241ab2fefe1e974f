import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { emailAddresses } from '../../db/schema/index.ts';

export type EmailAddressRow = typeof emailAddresses.$inferSelect;

/** Inserts unless the alias exists already (a random collision); then undefined. */
export async function insertAddress(ex: Executor, row: typeof emailAddresses.$inferInsert): Promise<EmailAddressRow | undefined> {
  return (await ex.insert(emailAddresses).values(row).onConflictDoNothing().returning())[0];
}

export async function findByAddress(ex: Executor, address: string): Promise<EmailAddressRow | undefined> {
  return (await ex.select().from(emailAddresses).where(eq(emailAddresses.address, address)))[0];
}

export async function addressOfAccount(ex: Executor, accountId: string): Promise<EmailAddressRow | undefined> {
  return (await ex.select().from(emailAddresses).where(and(eq(emailAddresses.accountId, accountId), eq(emailAddresses.status, 'active'))))[0];
}

export async function updateAddress(ex: Executor, id: string, patch: Partial<typeof emailAddresses.$inferInsert>): Promise<EmailAddressRow> {
  return (await ex.update(emailAddresses).set(patch).where(eq(emailAddresses.id, id)).returning())[0]!;
}

export async function listAddresses(ex: Executor, workspaceId: string, limit: number, after: { createdAt: Date; id: string } | null): Promise<EmailAddressRow[]> {
  const scope = eq(emailAddresses.workspaceId, workspaceId);
  const where = after ? and(scope, or(gt(emailAddresses.createdAt, after.createdAt), and(eq(emailAddresses.createdAt, after.createdAt), gt(emailAddresses.id, after.id)))) : scope;
  return ex.select().from(emailAddresses).where(where).orderBy(asc(emailAddresses.createdAt), asc(emailAddresses.id)).limit(limit);
}
