import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { grants } from '../../db/schema/index.ts';

export type GrantRow = typeof grants.$inferSelect;

/** Creates or replaces one subject's grant on a hub: role, seat, app roles, assets and expiry. */
export async function putHubGrant(ex: Executor, row: typeof grants.$inferInsert): Promise<void> {
  await ex
    .insert(grants)
    .values(row)
    .onConflictDoUpdate({ target: [grants.objectType, grants.objectId, grants.subjectType, grants.subjectId], set: { role: row.role, hubAccess: row.hubAccess, expiresAt: row.expiresAt ?? null, origin: row.origin ?? 'share', updatedAt: row.updatedAt ?? new Date() } });
}

export async function findHubGrant(ex: Executor, workspaceId: string, hubId: string, subjectType: 'user' | 'team', subjectId: string): Promise<GrantRow | undefined> {
  return (await ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'hub'), eq(grants.objectId, hubId), eq(grants.subjectType, subjectType), eq(grants.subjectId, subjectId))))[0];
}

export async function hubGrants(ex: Executor, workspaceId: string, hubId: string): Promise<GrantRow[]> {
  return ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'hub'), eq(grants.objectId, hubId)));
}

export async function teamHubGrants(ex: Executor, workspaceId: string, teamId: string): Promise<GrantRow[]> {
  return ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'hub'), eq(grants.subjectType, 'team'), eq(grants.subjectId, teamId)));
}

export async function removeGrant(ex: Executor, id: string): Promise<void> {
  await ex.delete(grants).where(eq(grants.id, id));
}

/** Time-boxed hub grants whose end has come (all workspaces; the scheduler sweeps them). */
export async function expiredHubGrants(ex: Executor, now: Date): Promise<GrantRow[]> {
  return ex.select().from(grants).where(and(eq(grants.objectType, 'hub'), lte(grants.expiresAt, now)));
}

/** Time-boxed hub grants ending within the window that nobody was told about yet. */
export async function grantsEndingSoon(ex: Executor, now: Date, until: Date): Promise<GrantRow[]> {
  return ex.select().from(grants).where(and(eq(grants.objectType, 'hub'), gt(grants.expiresAt, now), lte(grants.expiresAt, until), isNull(grants.expiryRemindedAt)));
}

export async function markReminded(ex: Executor, id: string, at: Date): Promise<void> {
  await ex.update(grants).set({ expiryRemindedAt: at }).where(eq(grants.id, id));
}
