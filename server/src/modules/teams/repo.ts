import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { members, teamMemberships, teams } from '../../db/schema/index.ts';

export type TeamRow = typeof teams.$inferSelect;
export interface TeamSummary extends TeamRow {
  memberCount: number;
  myTeamRole: string | null;
}

function summarySelect(memberId: string) {
  return {
    team: teams,
    memberCount: sql<number>`(select count(*)::int from ${teamMemberships} tm where tm.team_id = ${teams.id})`,
    myTeamRole: sql<string | null>`(select tm.team_role from ${teamMemberships} tm where tm.team_id = ${teams.id} and tm.member_id = ${memberId})`,
  };
}

export async function listTeams(ex: Executor, workspaceId: string, memberId: string): Promise<TeamSummary[]> {
  const rows = await ex.select(summarySelect(memberId)).from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.nameNormalized));
  return rows.map((r) => ({ ...r.team, memberCount: r.memberCount, myTeamRole: r.myTeamRole }));
}

export async function findTeam(ex: Executor, workspaceId: string, id: string, memberId: string, forUpdate = false): Promise<TeamSummary | undefined> {
  const q = ex.select(summarySelect(memberId)).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  const rows = forUpdate ? await q.for('update', { of: teams }) : await q;
  const r = rows[0];
  return r ? { ...r.team, memberCount: r.memberCount, myTeamRole: r.myTeamRole } : undefined;
}

export async function teamNameTaken(ex: Executor, workspaceId: string, nameNormalized: string): Promise<boolean> {
  const rows = await ex.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.nameNormalized, nameNormalized)));
  return rows.length > 0;
}

export async function insertTeam(ex: Executor, row: typeof teams.$inferInsert): Promise<void> {
  await ex.insert(teams).values(row);
}

export async function updateTeam(ex: Executor, workspaceId: string, id: string, patch: Partial<typeof teams.$inferInsert>): Promise<void> {
  await ex.update(teams).set(patch).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

export async function deleteTeam(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

export async function listTeamMembers(ex: Executor, workspaceId: string, teamId: string): Promise<{ memberId: string; email: string; firstName: string; lastName: string; teamRole: string }[]> {
  return ex
    .select({ memberId: members.id, email: members.email, firstName: members.firstName, lastName: members.lastName, teamRole: teamMemberships.teamRole })
    .from(teamMemberships)
    .innerJoin(members, and(eq(members.id, teamMemberships.memberId), eq(members.workspaceId, teamMemberships.workspaceId)))
    .where(and(eq(teamMemberships.workspaceId, workspaceId), eq(teamMemberships.teamId, teamId)))
    .orderBy(asc(members.emailNormalized));
}

export async function findMembership(ex: Executor, workspaceId: string, teamId: string, memberId: string): Promise<typeof teamMemberships.$inferSelect | undefined> {
  const rows = await ex.select().from(teamMemberships).where(and(eq(teamMemberships.workspaceId, workspaceId), eq(teamMemberships.teamId, teamId), eq(teamMemberships.memberId, memberId)));
  return rows[0];
}

export async function insertMembership(ex: Executor, row: typeof teamMemberships.$inferInsert): Promise<boolean> {
  const r = await ex.insert(teamMemberships).values(row).onConflictDoNothing().returning({ teamId: teamMemberships.teamId });
  return r.length === 1;
}

export async function setMembershipRole(ex: Executor, workspaceId: string, teamId: string, memberId: string, teamRole: string): Promise<void> {
  await ex.update(teamMemberships).set({ teamRole }).where(and(eq(teamMemberships.workspaceId, workspaceId), eq(teamMemberships.teamId, teamId), eq(teamMemberships.memberId, memberId)));
}

export async function deleteMembership(ex: Executor, workspaceId: string, teamId: string, memberId: string): Promise<void> {
  await ex.delete(teamMemberships).where(and(eq(teamMemberships.workspaceId, workspaceId), eq(teamMemberships.teamId, teamId), eq(teamMemberships.memberId, memberId)));
}

export async function countTeamAdmins(ex: Executor, workspaceId: string, teamId: string): Promise<number> {
  const r = await ex.select({ n: sql<number>`count(*)::int` }).from(teamMemberships).where(and(eq(teamMemberships.workspaceId, workspaceId), eq(teamMemberships.teamId, teamId), eq(teamMemberships.teamRole, 'team_admin')));
  return r[0]?.n ?? 0;
}
