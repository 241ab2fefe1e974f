import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { members, workspaces } from '../../db/schema/index.ts';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;

export async function insertMember(ex: Executor, row: NewMemberRow): Promise<MemberRow> {
  const rows = await ex.insert(members).values(row).returning();
  return rows[0]!;
}

export async function findMember(ex: Executor, workspaceId: string, id: string): Promise<MemberRow | undefined> {
  const rows = await ex.select().from(members).where(and(eq(members.workspaceId, workspaceId), eq(members.id, id)));
  return rows[0];
}

export async function findMemberForUpdate(ex: Executor, workspaceId: string, id: string): Promise<MemberRow | undefined> {
  const rows = await ex.select().from(members).where(and(eq(members.workspaceId, workspaceId), eq(members.id, id))).for('update');
  return rows[0];
}

export async function findMemberByEmail(ex: Executor, workspaceId: string, emailNormalized: string): Promise<MemberRow | undefined> {
  const rows = await ex.select().from(members).where(and(eq(members.workspaceId, workspaceId), eq(members.emailNormalized, emailNormalized)));
  return rows[0];
}

/** Sign-in candidates: one email may belong to members of several workspaces. */
export async function findSignInCandidates(ex: Executor, emailNormalized: string): Promise<{ member: MemberRow; workspaceName: string; workspaceSlug: string }[]> {
  const rows = await ex
    .select({ member: members, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.emailNormalized, emailNormalized));
  return rows;
}

export interface MemberFilters {
  q?: string | undefined;
  status?: string | undefined;
  role?: string | undefined;
}

/** Ordered by (createdAt, id) for stable cursor pages. */
export async function listMembers(ex: Executor, workspaceId: string, f: MemberFilters, limit: number, after: { createdAt: Date; id: string } | null): Promise<MemberRow[]> {
  const conds: (SQL | undefined)[] = [eq(members.workspaceId, workspaceId)];
  if (f.status) conds.push(eq(members.status, f.status));
  if (f.role) conds.push(eq(members.role, f.role));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(members.email, like), ilike(sql`${members.firstName} || ' ' || ${members.lastName}`, like)));
  }
  if (after) conds.push(or(gt(members.createdAt, after.createdAt), and(eq(members.createdAt, after.createdAt), gt(members.id, after.id))));
  return ex.select().from(members).where(and(...conds)).orderBy(asc(members.createdAt), asc(members.id)).limit(limit);
}

export async function updateMember(ex: Executor, workspaceId: string, id: string, patch: Partial<NewMemberRow>): Promise<MemberRow> {
  const rows = await ex.update(members).set(patch).where(and(eq(members.workspaceId, workspaceId), eq(members.id, id))).returning();
  return rows[0]!;
}
