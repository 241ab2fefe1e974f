import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { workspaces } from '../../db/schema/index.ts';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function countWorkspaces(ex: Executor): Promise<number> {
  const r = await ex.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  return r[0]?.n ?? 0;
}

/** Serialises first-run setup so two browsers racing through it cannot both create a workspace. */
export async function lockWorkspacesTable(ex: Executor): Promise<void> {
  await ex.execute(sql`lock table ${workspaces} in share row exclusive mode`);
}

export async function slugTaken(ex: Executor, slug: string): Promise<boolean> {
  const r = await ex.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  return r.length > 0;
}

export async function insertWorkspace(ex: Executor, row: typeof workspaces.$inferInsert): Promise<WorkspaceRow> {
  const r = await ex.insert(workspaces).values(row).returning();
  return r[0]!;
}

export async function findWorkspace(ex: Executor, id: string): Promise<WorkspaceRow | undefined> {
  const r = await ex.select().from(workspaces).where(eq(workspaces.id, id));
  return r[0];
}

export async function updateWorkspace(ex: Executor, id: string, patch: Partial<typeof workspaces.$inferInsert>): Promise<WorkspaceRow> {
  const r = await ex.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning();
  return r[0]!;
}
