import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { instanceKeys, workspaceKeys } from '../../db/schema/index.ts';

export type WorkspaceKeyRow = typeof workspaceKeys.$inferSelect;

export async function insertWorkspaceKey(ex: Executor, row: typeof workspaceKeys.$inferInsert): Promise<void> {
  await ex.insert(workspaceKeys).values(row);
}

export async function findWorkspaceKey(ex: Executor, workspaceId: string, version?: number): Promise<WorkspaceKeyRow | undefined> {
  const where = version === undefined ? eq(workspaceKeys.workspaceId, workspaceId) : and(eq(workspaceKeys.workspaceId, workspaceId), eq(workspaceKeys.version, version));
  const rows = await ex.select().from(workspaceKeys).where(where).orderBy(desc(workspaceKeys.version)).limit(1);
  return rows[0];
}

export async function allWorkspaceKeys(ex: Executor): Promise<WorkspaceKeyRow[]> {
  return ex.select().from(workspaceKeys).for('update');
}

export async function updateWrappedKey(ex: Executor, row: Pick<WorkspaceKeyRow, 'workspaceId' | 'version' | 'wrappedKey' | 'kekId'>): Promise<void> {
  await ex
    .update(workspaceKeys)
    .set({ wrappedKey: row.wrappedKey, kekId: row.kekId })
    .where(and(eq(workspaceKeys.workspaceId, row.workspaceId), eq(workspaceKeys.version, row.version)));
}

export async function findInstanceKey(ex: Executor): Promise<typeof instanceKeys.$inferSelect | undefined> {
  const rows = await ex.select().from(instanceKeys).where(eq(instanceKeys.id, 1));
  return rows[0];
}

export async function upsertInstanceKey(ex: Executor, kekId: string, keyCheck: Buffer, rotatedAt: Date | null): Promise<void> {
  await ex
    .insert(instanceKeys)
    .values({ id: 1, kekId, keyCheck, rotatedAt })
    .onConflictDoUpdate({ target: instanceKeys.id, set: { kekId, keyCheck, rotatedAt } });
}
