import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { claims, collectionHubs, collections, grants, members, teamMemberships, teams } from '../../db/schema/index.ts';
import type { AccessPath } from './effective.ts';

/**
 * Every live path by which each member holds the hub: their direct grant and each team's grant.
 * Expired time-boxed grants no longer count (spec §10.5).
 */
export async function pathsOnHub(ex: Executor, workspaceId: string, hubId: string, memberIds: string[], now: Date): Promise<Map<string, AccessPath[]>> {
  const out = new Map<string, AccessPath[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return out;
  const live = and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'hub'), eq(grants.objectId, hubId), or(isNull(grants.expiresAt), gt(grants.expiresAt, now)));
  const direct = await ex.select().from(grants).where(and(live, eq(grants.subjectType, 'user'), inArray(grants.subjectId, memberIds)));
  for (const g of direct) out.get(g.subjectId)?.push(toPath(g, 'direct', g.id, 'Individual'));
  const viaTeams = await ex
    .select({ g: grants, memberId: teamMemberships.memberId, teamName: teams.name })
    .from(grants)
    .innerJoin(teamMemberships, and(eq(teamMemberships.teamId, grants.subjectId), inArray(teamMemberships.memberId, memberIds)))
    .innerJoin(teams, eq(teams.id, grants.subjectId))
    .where(and(live, eq(grants.subjectType, 'team')));
  for (const r of viaTeams) out.get(r.memberId)?.push(toPath(r.g, 'team', r.g.subjectId, r.teamName));
  await addCollectionPaths(ex, workspaceId, hubId, memberIds, now, out);
  return out;
}

/**
 * Paths through the collection holding the hub (spec §5.8): a seat with the collection item's
 * roles and assets once claimed; a collection Owner who skipped keeps Owner access without a seat.
 */
async function addCollectionPaths(ex: Executor, workspaceId: string, hubId: string, memberIds: string[], now: Date, out: Map<string, AccessPath[]>): Promise<void> {
  const item = (await ex.select({ c: collections, access: collectionHubs.hubAccess }).from(collectionHubs).innerJoin(collections, eq(collections.id, collectionHubs.collectionId)).where(eq(collectionHubs.hubId, hubId)))[0];
  if (!item) return;
  const liveOnCollection = and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'collection'), eq(grants.objectId, item.c.id), or(isNull(grants.expiresAt), gt(grants.expiresAt, now)));
  const holders = await ex
    .select({ memberId: sql<string>`coalesce(${teamMemberships.memberId}, ${grants.subjectId})`, role: grants.role })
    .from(grants)
    .leftJoin(teamMemberships, and(eq(grants.subjectType, 'team'), eq(teamMemberships.teamId, grants.subjectId)))
    .where(liveOnCollection);
  const claimRows = await ex.select().from(claims).where(and(eq(claims.hubId, hubId), inArray(claims.memberId, memberIds)));
  for (const h of holders) {
    const list = out.get(h.memberId);
    if (!list) continue;
    const claim = (claimRows.find((c) => c.memberId === h.memberId)?.state ?? 'required') as NonNullable<AccessPath['claim']>;
    const claimed = claim === 'claimed';
    list.push({ via: 'collection', viaId: item.c.id, viaLabel: item.c.name, role: h.role === 'owner' ? 'owner' : 'collaborator', seat: claimed, appRoleKeys: claimed ? item.access.appRoleKeys : [], assetGrants: claimed ? item.access.assetGrants : [], claim });
  }
}

function toPath(g: typeof grants.$inferSelect, via: AccessPath['via'], viaId: string, viaLabel: string): AccessPath {
  const h = g.hubAccess ?? { seat: g.role !== 'owner', appRoleKeys: [], assetGrants: [] };
  return { via, viaId, viaLabel, role: g.role as AccessPath['role'], seat: h.seat, appRoleKeys: h.appRoleKeys, assetGrants: h.assetGrants };
}

/** The members a set of subjects stands for: users themselves, and every member of each team. */
export async function membersOfSubjects(ex: Executor, workspaceId: string, subjects: { type: 'user' | 'team'; id: string }[]): Promise<{ id: string; email: string; role: string; name: string }[]> {
  const userIds = subjects.filter((s) => s.type === 'user').map((s) => s.id);
  const teamIds = subjects.filter((s) => s.type === 'team').map((s) => s.id);
  if (userIds.length === 0 && teamIds.length === 0) return [];
  const rows = await ex
    .selectDistinct({ id: members.id, email: members.email, role: members.role, first: members.firstName, last: members.lastName })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), or(
      userIds.length ? inArray(members.id, userIds) : sql`false`,
      teamIds.length ? inArray(members.id, sql`(select ${teamMemberships.memberId} from ${teamMemberships} where ${inArray(teamMemberships.teamId, teamIds)})`) : sql`false`,
    )));
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, name: `${r.first} ${r.last}`.trim() || r.email }));
}
