import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { mailMessages } from '../../db/schema/index.ts';

export type MailRow = typeof mailMessages.$inferSelect;

export async function insertMail(ex: Executor, row: typeof mailMessages.$inferInsert): Promise<void> {
  await ex.insert(mailMessages).values(row);
}

export async function findMail(ex: Executor, workspaceId: string, id: string): Promise<MailRow | undefined> {
  const rows = await ex.select().from(mailMessages).where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.id, id)));
  return rows[0];
}

export async function listMail(ex: Executor, workspaceId: string, limit: number, before: { createdAt: Date; id: string } | null): Promise<MailRow[]> {
  const scope = eq(mailMessages.workspaceId, workspaceId);
  const where = before
    ? and(scope, or(lt(mailMessages.createdAt, before.createdAt), and(eq(mailMessages.createdAt, before.createdAt), lt(mailMessages.id, before.id))))
    : scope;
  return ex.select().from(mailMessages).where(where).orderBy(desc(mailMessages.createdAt), desc(mailMessages.id)).limit(limit);
}

export async function markMail(ex: Executor, id: string, patch: Partial<Pick<MailRow, 'status' | 'attempts' | 'lastError' | 'sentAt'>>): Promise<void> {
  await ex.update(mailMessages).set(patch).where(eq(mailMessages.id, id));
}
