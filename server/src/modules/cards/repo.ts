import { and, desc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, grants, hubAssets, hubMembers, hubs, jobs } from '../../db/schema/index.ts';
import { assetSetupTasks, isJobInFlight } from './join-steps.ts';

export type CardRow = { hm: typeof hubMembers.$inferSelect; hub: typeof hubs.$inferSelect; accountStatus: string | null };

/** The member's hub seats (one, with `hubMemberId`); `forUpdate` locks the hub-member row. */
export async function cardRows(ex: Executor, workspaceId: string, memberId: string, hubMemberId?: string, forUpdate = false): Promise<CardRow[]> {
  const conds = [eq(hubMembers.workspaceId, workspaceId), eq(hubMembers.memberId, memberId)];
  if (hubMemberId) conds.push(eq(hubMembers.id, hubMemberId));
  const q = ex
    .select({ hm: hubMembers, hub: hubs, accountStatus: accounts.status })
    .from(hubMembers)
    .innerJoin(hubs, eq(hubs.id, hubMembers.hubId))
    .leftJoin(accounts, eq(accounts.id, hubMembers.connectedAccountId))
    .where(and(...conds));
  return forUpdate ? q.for('update', { of: hubMembers }) : q;
}

/** Live hub assets by Latchkey id, to resolve grants to the app's ids. */
export async function assetsByIds(ex: Executor, workspaceId: string, ids: string[]): Promise<Map<string, { externalId: string; type: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: hubAssets.id, externalId: hubAssets.externalId, type: hubAssets.type })
    .from(hubAssets)
    .where(and(eq(hubAssets.workspaceId, workspaceId), inArray(hubAssets.id, ids), isNull(hubAssets.removedAt)));
  return new Map(rows.map((r) => [r.id, { externalId: r.externalId, type: r.type }]));
}

type SetupJob = { id: string; status: string; createdAt: Date };
const inFlight = (j: SetupJob): boolean => isJobInFlight(j.status);

/**
 * Each person's latest `check_invite` / `assign_assets` job: the latest one naming them in
 * `target`, or the card check they joined (their `lastJobId`), which names whoever queued it
 * (see `enqueueCardCheck`). `target` has no index; the scan is bounded by `since` over the
 * (workspace, created_at) index. A job older than that is long finished and no longer says
 * anything about the setup.
 */
export async function latestSetupJobs(ex: Executor, workspaceId: string, people: { hubMemberId: string; lastJobId: string | null }[], since: Date): Promise<Map<string, { id: string; status: string }>> {
  if (people.length === 0) return new Map();
  const person = sql<string>`${jobs.target} ->> 'hubMemberId'`;
  const own = await ex
    .selectDistinctOn([person], { hubMemberId: person, id: jobs.id, status: jobs.status, createdAt: jobs.createdAt })
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), gte(jobs.createdAt, since), inArray(jobs.task, [...assetSetupTasks]), inArray(person, people.map((p) => p.hubMemberId))))
    // Within one instant (a retry right after a failure), the job still under way is the latest word.
    .orderBy(person, desc(jobs.createdAt), desc(sql`${jobs.status} in ('queued', 'running', 'retrying')`), desc(jobs.id));
  const lastIds = [...new Set(people.flatMap((p) => (p.lastJobId ? [p.lastJobId] : [])))];
  const last = lastIds.length === 0 ? [] : await ex
    .select({ id: jobs.id, status: jobs.status, createdAt: jobs.createdAt })
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), gte(jobs.createdAt, since), inArray(jobs.task, [...assetSetupTasks]), inArray(jobs.id, lastIds)));
  const ownBy = new Map<string, SetupJob>(own.map((r) => [r.hubMemberId, r]));
  const lastBy = new Map<string, SetupJob>(last.map((r) => [r.id, r]));
  const out = new Map<string, { id: string; status: string }>();
  for (const p of people) {
    const a = ownBy.get(p.hubMemberId);
    const b = p.lastJobId ? lastBy.get(p.lastJobId) : undefined;
    const later = !a ? b : !b ? a : b.createdAt > a.createdAt || (b.createdAt.getTime() === a.createdAt.getTime() && inFlight(b) && !inFlight(a)) ? b : a;
    if (later) out.set(p.hubMemberId, { id: later.id, status: later.status });
  }
  return out;
}

/**
 * Share-locks a job while it still waits to run (queued, or retrying after a failed attempt), so
 * the worker's claim (`for update skip locked`) passes it over until this transaction commits.
 * False, and nothing locked, once it started or ended.
 */
export async function holdWaitingJob(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.id, id), inArray(jobs.status, ['queued', 'retrying']))).for('share');
  return rows.length > 0;
}

/** The name the app gave each space at its last successful validation (e.g. the Meta business portfolio's name). */
export async function spaceNames(ex: Executor, workspaceId: string, hubIds: string[]): Promise<Map<string, string>> {
  if (hubIds.length === 0) return new Map();
  const hub = sql<string>`${jobs.target} ->> 'hubId'`;
  const rows = await ex
    .selectDistinctOn([hub], { hubId: hub, name: sql<string | null>`${jobs.result} ->> 'spaceName'` })
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.task, 'validate_hub'), eq(jobs.status, 'completed'), inArray(hub, hubIds)))
    .orderBy(hub, desc(jobs.finishedAt));
  return new Map(rows.flatMap((r) => (r.name ? [[r.hubId, r.name] as [string, string]] : [])));
}

/** Accounts already tied to a hub: connected to a seat, kept as a seat's draft, or a hub's service credential. */
export async function linkedAccountIds(ex: Executor, workspaceId: string, accountIds: string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const seats = await ex
    .select({ connected: hubMembers.connectedAccountId, draft: hubMembers.draftAccountId })
    .from(hubMembers)
    .where(and(eq(hubMembers.workspaceId, workspaceId), or(inArray(hubMembers.connectedAccountId, accountIds), inArray(hubMembers.draftAccountId, accountIds))));
  const credentials = await ex.select({ id: hubs.serviceCredentialId }).from(hubs).where(and(eq(hubs.workspaceId, workspaceId), inArray(hubs.serviceCredentialId, accountIds)));
  const out = new Set<string>();
  for (const r of seats) for (const id of [r.connected, r.draft]) if (id && accountIds.includes(id)) out.add(id);
  for (const r of credentials) if (r.id) out.add(r.id);
  return out;
}

/** Accounts someone other than this member holds a role on (a person or a team): linking them would share a seat's login. */
export async function sharedAccountIds(ex: Executor, workspaceId: string, accountIds: string[], memberId: string): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await ex
    .selectDistinct({ id: grants.objectId })
    .from(grants)
    .where(and(eq(grants.workspaceId, workspaceId), eq(grants.objectType, 'account'), inArray(grants.objectId, accountIds), or(ne(grants.subjectType, 'user'), ne(grants.subjectId, memberId))));
  return new Set(rows.map((r) => r.id));
}
