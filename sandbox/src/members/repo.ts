import { decodeCursor, encodeCursor } from '../../../server/src/lib/pagination.ts';
import { count, first, many, sql, type Executor } from '../db/sql.ts';
import type { BusinessRole } from '../lib/roles.ts';

export interface MemberRow {
  userId: string;
  email: string;
  role: BusinessRole;
  totpEnabled: boolean;
  createdAt: Date;
}

const memberColumns = sql`m.user_id AS "userId", u.email, m.role, u.totp_secret IS NOT NULL AS "totpEnabled", m.created_at AS "createdAt"`;

/** Keyset page in join order; the cursor is opaque to clients (`[createdAt, userId]`). */
export async function listMembers(ex: Executor, businessId: string, limit: number, cursor: string | undefined): Promise<{ rows: MemberRow[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor, 2);
  const rows = await many<MemberRow>(
    ex,
    sql`SELECT ${memberColumns} FROM sandbox.memberships m JOIN sandbox.users u ON u.id = m.user_id
      WHERE m.business_id = ${businessId}${after ? sql` AND (m.created_at, m.user_id) > (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)` : sql``}
      ORDER BY m.created_at, m.user_id LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.userId]) : null };
}

export async function getMember(ex: Executor, businessId: string, userId: string): Promise<MemberRow | null> {
  return first<MemberRow>(ex, sql`SELECT ${memberColumns} FROM sandbox.memberships m JOIN sandbox.users u ON u.id = m.user_id WHERE m.business_id = ${businessId} AND m.user_id = ${userId}`);
}

export async function findMemberByEmail(ex: Executor, businessId: string, email: string): Promise<MemberRow | null> {
  return first<MemberRow>(ex, sql`SELECT ${memberColumns} FROM sandbox.memberships m JOIN sandbox.users u ON u.id = m.user_id WHERE m.business_id = ${businessId} AND lower(u.email) = lower(${email})`);
}

export async function insertMembership(ex: Executor, m: { businessId: string; userId: string; role: BusinessRole; createdAt: Date }): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.memberships (business_id, user_id, role, created_at) VALUES (${m.businessId}, ${m.userId}, ${m.role}, ${m.createdAt})`);
}

export async function updateRole(ex: Executor, businessId: string, userId: string, role: BusinessRole): Promise<void> {
  await ex.execute(sql`UPDATE sandbox.memberships SET role = ${role} WHERE business_id = ${businessId} AND user_id = ${userId}`);
}

/** Removes the membership and the member's asset roles in that business. */
export async function deleteMembership(ex: Executor, businessId: string, userId: string): Promise<number> {
  await ex.execute(sql`DELETE FROM sandbox.asset_roles WHERE business_id = ${businessId} AND user_id = ${userId}`);
  return count(ex, sql`DELETE FROM sandbox.memberships WHERE business_id = ${businessId} AND user_id = ${userId}`);
}

/** Businesses a user belongs to, for the account page and the password rules they must meet. */
export async function businessesOfUser(ex: Executor, userId: string): Promise<{ id: string; name: string; role: BusinessRole; passwordRules: string }[]> {
  return many(ex, sql`SELECT b.id, b.name, m.role, b.password_rules AS "passwordRules" FROM sandbox.memberships m JOIN sandbox.businesses b ON b.id = m.business_id WHERE m.user_id = ${userId} ORDER BY b.name`);
}
