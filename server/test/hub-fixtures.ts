import type pg from 'pg';
import { newId } from '../src/lib/ids.ts';

/**
 * Adds workspace members straight into the table, many per statement: hundreds (tests) or
 * 100,000 (benchmarks) people in seconds, where the invitation flow costs a request and an email
 * each. They are `pending` members (invited, not yet signed up), which matching and invitations
 * treat like active ones. Returns their ids in the order of `emails`.
 *
 * @example const ids = await insertWorkspaceMembers(t.database.pool, owner.workspaceId, ['a@x.test', 'b@x.test']);
 */
export async function insertWorkspaceMembers(pool: pg.Pool, workspaceId: string, emails: readonly string[], opts: { role?: string; status?: 'pending' | 'active' } = {}): Promise<string[]> {
  const ids = emails.map(() => newId());
  for (let i = 0; i < emails.length; i += 5000) {
    const slice = emails.slice(i, i + 5000);
    await pool.query(
      `insert into members (id, workspace_id, email, email_normalized, first_name, last_name, role, status, is_guest)
       select id, $2, email, lower(trim(email)), 'Fixture', 'Person', $3, $4, $3 = 'guest'
       from unnest($1::uuid[], $5::text[]) as p(id, email)`,
      [ids.slice(i, i + 5000), workspaceId, opts.role ?? 'user', opts.status ?? 'pending', slice],
    );
  }
  return ids;
}

/**
 * A team holding exactly `memberIds`, written straight into the tables (the team API makes its creator
 * a Team Admin and adds one member per request). Returns the team id.
 */
export async function insertTeam(pool: pg.Pool, workspaceId: string, name: string, memberIds: readonly string[]): Promise<string> {
  const id = newId();
  await pool.query(`insert into teams (id, workspace_id, name, name_normalized) values ($1, $2, $3, lower($3))`, [id, workspaceId, name]);
  await pool.query(
    `insert into team_memberships (workspace_id, team_id, member_id, team_role) select $1, $2, m, 'team_member' from unnest($3::uuid[]) as m`,
    [workspaceId, id, memberIds],
  );
  return id;
}
