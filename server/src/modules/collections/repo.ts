import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { claims, collectionHubs, collections, grants, hubMembers, teamMemberships } from '../../db/schema/index.ts';

export type CollectionRow = typeof collections.$inferSelect;

export async function insertCollection(ex: Executor, row: typeof collections.$inferInsert): Promise<CollectionRow> {
  return (await ex.insert(collections).values(row).returning())[0]!;
}

export async function findCollection(ex: Executor, workspaceId: string, id: string): Promise<CollectionRow | undefined> {
  return (await ex.select().from(collections).where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, id))))[0];
}

/** The member's role on each collection over direct and team grants; Owner wins. */
export async function collectionRolesOf(ex: Executor, workspaceId: string, memberId: string): Promise<Map<string, 'owner' | 'collaborator'>> {
  const rows = await ex
    .select({ id: grants.objectId, role: grants.role })
    .from(grants)
    .where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'collection'), sql`(${grants.subjectType} = 'user' and ${grants.subjectId} = ${memberId} or ${grants.subjectType} = 'team' and ${grants.subjectId} in (select ${teamMemberships.teamId} from ${teamMemberships} where ${teamMemberships.memberId} = ${memberId}))`));
  const out = new Map<string, 'owner' | 'collaborator'>();
  for (const r of rows) if (out.get(r.id) !== 'owner') out.set(r.id, r.role as 'owner');
  return out;
}

export async function hubsIn(ex: Executor, collectionId: string): Promise<(typeof collectionHubs.$inferSelect)[]> {
  return ex.select().from(collectionHubs).where(eq(collectionHubs.collectionId, collectionId));
}

export async function collectionOfHub(ex: Executor, hubId: string): Promise<typeof collectionHubs.$inferSelect | undefined> {
  return (await ex.select().from(collectionHubs).where(eq(collectionHubs.hubId, hubId)))[0];
}

export async function insertCollectionHub(ex: Executor, row: typeof collectionHubs.$inferInsert): Promise<void> {
  await ex.insert(collectionHubs).values(row);
}

export async function collectionGrants(ex: Executor, workspaceId: string, collectionId: string): Promise<(typeof grants.$inferSelect)[]> {
  return ex.select().from(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'collection'), eq(grants.objectId, collectionId)));
}

export async function setClaim(ex: Executor, row: { workspaceId: string; hubId: string; memberId: string; state: 'required' | 'claimed' | 'skipped'; at: Date }): Promise<void> {
  const stamps = row.state === 'claimed' ? { claimedAt: row.at } : row.state === 'skipped' ? { skippedAt: row.at } : {};
  await ex
    .insert(claims)
    .values({ workspaceId: row.workspaceId, hubId: row.hubId, memberId: row.memberId, state: row.state, createdAt: row.at, updatedAt: row.at, ...stamps })
    .onConflictDoUpdate({ target: [claims.hubId, claims.memberId], set: { state: row.state, updatedAt: row.at, ...stamps } });
}

/** A hub member row that belongs to this member (their dashboard card). */
export async function findOwnHubMember(ex: Executor, workspaceId: string, id: string, memberId: string): Promise<typeof hubMembers.$inferSelect | undefined> {
  return (await ex.select().from(hubMembers).where(and(eq(hubMembers.workspaceId, workspaceId), eq(hubMembers.id, id), eq(hubMembers.memberId, memberId))))[0];
}
