import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { anyUuid, bulkChunk, insertMany } from '../../db/bulk.ts';
import type { Executor } from '../../db/client.ts';
import { grants, hubAppRoles, hubAssets, hubMembers, hubs, members, teamMemberships } from '../../db/schema/index.ts';

export type HubRow = typeof hubs.$inferSelect;
export type HubMemberRow = typeof hubMembers.$inferSelect;
export type HubAssetRow = typeof hubAssets.$inferSelect;
export type HubAppRoleRow = typeof hubAppRoles.$inferSelect;
export type HubRole = 'owner' | 'manager' | 'collaborator';

export async function insertHub(ex: Executor, row: typeof hubs.$inferInsert): Promise<HubRow> {
  return (await ex.insert(hubs).values(row).returning())[0]!;
}

export async function findHub(ex: Executor, workspaceId: string, id: string, forUpdate = false): Promise<HubRow | undefined> {
  const q = ex.select().from(hubs).where(and(eq(hubs.workspaceId, workspaceId), eq(hubs.id, id)));
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function updateHub(ex: Executor, workspaceId: string, id: string, patch: Partial<typeof hubs.$inferInsert>): Promise<HubRow> {
  return (await ex.update(hubs).set(patch).where(and(eq(hubs.workspaceId, workspaceId), eq(hubs.id, id))).returning())[0]!;
}

export async function deleteHub(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(grants).where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'hub'), eq(grants.objectId, id)));
  await ex.delete(hubs).where(and(eq(hubs.workspaceId, workspaceId), eq(hubs.id, id)));
}

export async function listHubs(ex: Executor, workspaceId: string, onlyIds?: string[]): Promise<HubRow[]> {
  const where = onlyIds ? and(eq(hubs.workspaceId, workspaceId), inArray(hubs.id, onlyIds.length ? onlyIds : ['00000000-0000-0000-0000-000000000000'])) : eq(hubs.workspaceId, workspaceId);
  return ex.select().from(hubs).where(where).orderBy(asc(sql`lower(${hubs.label})`));
}

/** Every hub id with daily sync on, across workspaces (the scheduler enqueues one sync per hub and day). */
export async function hubsForDailySync(ex: Executor): Promise<{ id: string; workspaceId: string }[]> {
  return ex.select({ id: hubs.id, workspaceId: hubs.workspaceId }).from(hubs).where(eq(hubs.dailySync, true));
}

/** The member's hub roles over direct and team paths; the caller ranks them. */
export async function hubRolesOf(ex: Executor, workspaceId: string, hubId: string | null, memberId: string): Promise<{ hubId: string; role: string }[]> {
  const conds = [
    eq(grants.workspaceId, workspaceId),
    eq(grants.objectType, 'hub'),
    sql`(${grants.subjectType} = 'user' and ${grants.subjectId} = ${memberId} or ${grants.subjectType} = 'team' and ${grants.subjectId} in (select ${teamMemberships.teamId} from ${teamMemberships} where ${teamMemberships.memberId} = ${memberId}))`,
  ];
  if (hubId) conds.push(eq(grants.objectId, hubId));
  return ex.select({ hubId: grants.objectId, role: grants.role }).from(grants).where(and(...conds));
}

export async function replaceAppRoles(ex: Executor, workspaceId: string, hubId: string, rows: Omit<typeof hubAppRoles.$inferInsert, 'workspaceId' | 'hubId'>[]): Promise<void> {
  for (const r of rows) {
    await ex
      .insert(hubAppRoles)
      .values({ ...r, workspaceId, hubId })
      .onConflictDoUpdate({ target: [hubAppRoles.hubId, hubAppRoles.group, hubAppRoles.key], set: { label: r.label, rank: r.rank ?? null, model: r.model, isDefault: r.isDefault ?? false, assignable: r.assignable ?? true } });
  }
}

export async function listAppRoles(ex: Executor, workspaceId: string, hubId: string): Promise<HubAppRoleRow[]> {
  return ex.select().from(hubAppRoles).where(and(eq(hubAppRoles.workspaceId, workspaceId), eq(hubAppRoles.hubId, hubId))).orderBy(asc(hubAppRoles.group), sql`${hubAppRoles.rank} desc nulls last`);
}

export async function listAssets(ex: Executor, workspaceId: string, hubId: string, includeRemoved = false): Promise<HubAssetRow[]> {
  const where = includeRemoved ? and(eq(hubAssets.workspaceId, workspaceId), eq(hubAssets.hubId, hubId)) : and(eq(hubAssets.workspaceId, workspaceId), eq(hubAssets.hubId, hubId), isNull(hubAssets.removedAt));
  return ex.select().from(hubAssets).where(where).orderBy(asc(hubAssets.type), asc(hubAssets.name));
}

export async function upsertAsset(ex: Executor, row: typeof hubAssets.$inferInsert): Promise<void> {
  await ex
    .insert(hubAssets)
    .values(row)
    .onConflictDoUpdate({ target: [hubAssets.hubId, hubAssets.type, hubAssets.externalId], set: { name: row.name, lastSeenAt: row.lastSeenAt, removedAt: null, permissions: row.permissions ?? [], supportsPartial: row.supportsPartial ?? false } });
}

export async function markAssetsRemoved(ex: Executor, hubId: string, keys: string[], at: Date): Promise<void> {
  if (keys.length === 0) return;
  await ex.update(hubAssets).set({ removedAt: at }).where(and(eq(hubAssets.hubId, hubId), inArray(sql`${hubAssets.type} || ':' || ${hubAssets.externalId}`, keys)));
}

export async function listHubMembers(ex: Executor, workspaceId: string, hubId: string): Promise<(HubMemberRow & { memberEmail: string | null; memberName: string | null; memberIsGuest: boolean })[]> {
  const rows = await ex
    .select({ hm: hubMembers, email: members.email, first: members.firstName, last: members.lastName, isGuest: members.isGuest })
    .from(hubMembers)
    .leftJoin(members, eq(members.id, hubMembers.memberId))
    .where(and(eq(hubMembers.workspaceId, workspaceId), eq(hubMembers.hubId, hubId)))
    .orderBy(asc(hubMembers.externalEmailNormalized));
  return rows.map((r) => ({ ...r.hm, memberEmail: r.email, memberName: r.first === null ? null : `${r.first} ${r.last ?? ''}`.trim() || null, memberIsGuest: r.isGuest ?? false }));
}

export async function findHubMember(ex: Executor, workspaceId: string, hubId: string, id: string, forUpdate = false): Promise<HubMemberRow | undefined> {
  const q = ex.select().from(hubMembers).where(and(eq(hubMembers.workspaceId, workspaceId), eq(hubMembers.hubId, hubId), eq(hubMembers.id, id)));
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function findHubMemberByMember(ex: Executor, hubId: string, memberId: string): Promise<HubMemberRow | undefined> {
  return (await ex.select().from(hubMembers).where(and(eq(hubMembers.hubId, hubId), eq(hubMembers.memberId, memberId))))[0];
}

export async function insertHubMember(ex: Executor, row: typeof hubMembers.$inferInsert): Promise<HubMemberRow> {
  return (await ex.insert(hubMembers).values(row).returning())[0]!;
}

export async function updateHubMember(ex: Executor, id: string, patch: Partial<typeof hubMembers.$inferInsert>): Promise<HubMemberRow> {
  return (await ex.update(hubMembers).set(patch).where(eq(hubMembers.id, id)).returning())[0]!;
}

/** Many new hub members, 1,000 per statement (a first sync of a big space creates one per person). */
export async function insertHubMembers(ex: Executor, rows: (typeof hubMembers.$inferInsert)[]): Promise<void> {
  await insertMany(ex, hubMembers, rows);
}

/** What a sync saw for one known person; null fields keep what is stored. */
export interface ObservationUpdate {
  id: string;
  observed: Record<string, unknown>;
  externalUserId: string | null;
  invite: Record<string, unknown> | null;
  /** Written (with `stateChangedAt`) only when it differs from the state the sync read. */
  state: string;
  stateChanged: boolean;
}

/** Applies a sync's observations to known people, 1,000 per UPDATE (one JSON parameter each). */
export async function applyObservations(ex: Executor, rows: ObservationUpdate[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += bulkChunk) {
    const batch = JSON.stringify(
      rows.slice(i, i + bulkChunk).map((r) => ({ id: r.id, observed: r.observed, external_user_id: r.externalUserId, invite: r.invite, state: r.state, state_changed: r.stateChanged })),
    );
    await ex.execute(sql`
      update ${hubMembers} as h set
        observed = x.observed,
        external_user_id = coalesce(x.external_user_id, h.external_user_id),
        -- The app's view of the invite is merged over Latchkey's record (generation, re-invite count); an app that reports no expiry keeps the tracked one.
        invite = case when x.invite is null then h.invite else coalesce(h.invite, '{}'::jsonb) || jsonb_strip_nulls(x.invite) end,
        state = case when x.state_changed then x.state else h.state end,
        state_changed_at = case when x.state_changed then ${now} else h.state_changed_at end,
        updated_at = ${now}
      from jsonb_to_recordset(${batch}::jsonb) as x(id uuid, observed jsonb, external_user_id text, invite jsonb, state text, state_changed boolean)
      where h.id = x.id`);
  }
}

/** People the app no longer lists (T32): removed by the app, 1,000 per UPDATE. */
export async function markRemovedByApp(ex: Executor, ids: string[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += bulkChunk) {
    await ex
      .update(hubMembers)
      .set({ state: 'removed', removedBy: 'app', observed: { membership: 'none', observedAt: now.toISOString() }, stateChangedAt: now, updatedAt: now })
      .where(anyUuid(hubMembers.id, ids.slice(i, i + bulkChunk)));
  }
}

/** Grants that add an access path unless the subject already has one on the object (which keeps its role). */
export async function insertGrantsIfAbsent(ex: Executor, rows: (typeof grants.$inferInsert)[]): Promise<void> {
  await insertMany(ex, grants, rows, { onConflictDoNothing: true });
}

/** Active and pending members and guests, for matching by normalised email. */
export async function matchableMembers(ex: Executor, workspaceId: string): Promise<{ id: string; emailNormalized: string; isGuest: boolean }[]> {
  return ex
    .select({ id: members.id, emailNormalized: members.emailNormalized, isGuest: members.isGuest })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), inArray(members.status, ['active', 'pending'])));
}
