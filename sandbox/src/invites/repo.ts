import { decodeCursor, encodeCursor } from '../../../server/src/lib/pagination.ts';
import { count, first, many, sql, type Executor } from '../db/sql.ts';
import type { AssetAccess, AssetPermission, BusinessRole } from '../lib/roles.ts';

export interface AssetGrant {
  assetId: string;
  access: AssetAccess;
  permissions: AssetPermission[];
}

/** What is stored; `EXPIRED` is derived at read time (see status.ts), never written. */
export type StoredInviteStatus = 'PENDING' | 'ACCEPTED' | 'CANCELLED';

export interface InviteRow {
  id: string;
  businessId: string;
  email: string;
  role: BusinessRole;
  assetGrants: AssetGrant[];
  status: StoredInviteStatus;
  expiresAt: Date;
  sentCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const inviteColumns = sql`id, business_id AS "businessId", email, role, asset_grants AS "assetGrants", status, expires_at AS "expiresAt",
  sent_count AS "sentCount", created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function insertInvite(ex: Executor, i: Omit<InviteRow, 'sentCount' | 'updatedAt'> & { tokenHash: Buffer }): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.invites (id, business_id, email, role, asset_grants, status, token_hash, expires_at, created_at, updated_at)
    VALUES (${i.id}, ${i.businessId}, ${i.email}, ${i.role}, ${JSON.stringify(i.assetGrants)}::jsonb, ${i.status}, ${i.tokenHash}, ${i.expiresAt}, ${i.createdAt}, ${i.createdAt})`);
}

/** The one PENDING invite (expired or not) for this person, if any. */
export async function findPendingByEmail(ex: Executor, businessId: string, email: string): Promise<InviteRow | null> {
  return first<InviteRow>(ex, sql`SELECT ${inviteColumns} FROM sandbox.invites WHERE business_id = ${businessId} AND lower(email) = lower(${email}) AND status = 'PENDING'`);
}

export async function getInvite(ex: Executor, businessId: string, id: string): Promise<InviteRow | null> {
  return first<InviteRow>(ex, sql`SELECT ${inviteColumns} FROM sandbox.invites WHERE business_id = ${businessId} AND id = ${id}`);
}

export async function getInviteById(ex: Executor, id: string): Promise<InviteRow | null> {
  return first<InviteRow>(ex, sql`SELECT ${inviteColumns} FROM sandbox.invites WHERE id = ${id}`);
}

export async function findInviteByTokenHash(ex: Executor, tokenHash: Buffer): Promise<InviteRow | null> {
  return first<InviteRow>(ex, sql`SELECT ${inviteColumns} FROM sandbox.invites WHERE token_hash = ${tokenHash}`);
}

export type InviteFilter = 'OPEN' | 'PENDING' | 'EXPIRED' | 'ACCEPTED' | 'CANCELLED' | 'ALL';

function filterSql(filter: InviteFilter, now: Date) {
  switch (filter) {
    case 'OPEN':
      return sql` AND status = 'PENDING'`;
    case 'PENDING':
      return sql` AND status = 'PENDING' AND expires_at > ${now}`;
    case 'EXPIRED':
      return sql` AND status = 'PENDING' AND expires_at <= ${now}`;
    case 'ALL':
      return sql``;
    default:
      return sql` AND status = ${filter}`;
  }
}

export async function listInvites(ex: Executor, businessId: string, filter: InviteFilter, now: Date, limit: number, cursor: string | undefined): Promise<{ rows: InviteRow[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor, 2);
  const rows = await many<InviteRow>(
    ex,
    sql`SELECT ${inviteColumns} FROM sandbox.invites WHERE business_id = ${businessId}${filterSql(filter, now)}
      ${after ? sql` AND (created_at, id) > (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)` : sql``}
      ORDER BY created_at, id LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}

/** Re-send: the old link stops working, the expiry starts again. */
export async function renewInvite(ex: Executor, id: string, r: { tokenHash: Buffer; expiresAt: Date; now: Date; role?: BusinessRole; assetGrants?: AssetGrant[] }): Promise<void> {
  await ex.execute(sql`UPDATE sandbox.invites SET token_hash = ${r.tokenHash}, expires_at = ${r.expiresAt}, updated_at = ${r.now}, sent_count = sent_count + 1
    ${r.role ? sql`, role = ${r.role}` : sql``}${r.assetGrants ? sql`, asset_grants = ${JSON.stringify(r.assetGrants)}::jsonb` : sql``}
    WHERE id = ${id} AND status = 'PENDING'`);
}

export async function setInviteStatus(ex: Executor, id: string, status: Exclude<StoredInviteStatus, 'PENDING'>, now: Date): Promise<number> {
  return count(ex, sql`UPDATE sandbox.invites SET status = ${status}, updated_at = ${now} WHERE id = ${id} AND status = 'PENDING'`);
}

export async function cancelPendingForEmail(ex: Executor, businessId: string, email: string, now: Date): Promise<number> {
  return count(ex, sql`UPDATE sandbox.invites SET status = 'CANCELLED', updated_at = ${now} WHERE business_id = ${businessId} AND lower(email) = lower(${email}) AND status = 'PENDING'`);
}
