import type { BusinessRole } from '../lib/roles.ts';
import { count, first, many, sql, type Executor } from '../db/sql.ts';

export interface BusinessRow {
  id: string;
  name: string;
  seatLimit: number | null;
  passwordRules: string;
  inviteTtlHours: number;
  faultLatencyMs: number | null;
  faultRate429: number | null;
  faultRate503: number | null;
  createdAt: Date;
}

export interface TokenRow {
  id: string;
  businessId: string;
  label: string;
  role: BusinessRole;
  createdAt: Date;
  revokedAt: Date | null;
}

const businessColumns = sql`id, name, seat_limit AS "seatLimit", password_rules AS "passwordRules", invite_ttl_hours AS "inviteTtlHours",
  fault_latency_ms AS "faultLatencyMs", fault_rate_429 AS "faultRate429", fault_rate_503 AS "faultRate503", created_at AS "createdAt"`;
const tokenColumns = sql`id, business_id AS "businessId", label, role, created_at AS "createdAt", revoked_at AS "revokedAt"`;

export async function insertBusiness(ex: Executor, b: BusinessRow): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.businesses (id, name, seat_limit, password_rules, invite_ttl_hours, created_at)
    VALUES (${b.id}, ${b.name}, ${b.seatLimit}, ${b.passwordRules}, ${b.inviteTtlHours}, ${b.createdAt})`);
}

/** `forUpdate` serialises writers that count seats, so two batches cannot both take the last one. */
export async function getBusiness(ex: Executor, id: string, forUpdate = false): Promise<BusinessRow | null> {
  return first<BusinessRow>(ex, sql`SELECT ${businessColumns} FROM sandbox.businesses WHERE id = ${id}${forUpdate ? sql` FOR UPDATE` : sql``}`);
}

export async function listBusinesses(ex: Executor): Promise<BusinessRow[]> {
  return many<BusinessRow>(ex, sql`SELECT ${businessColumns} FROM sandbox.businesses ORDER BY created_at, id`);
}

export type BusinessSettings = Partial<Pick<BusinessRow, 'seatLimit' | 'faultLatencyMs' | 'faultRate429' | 'faultRate503' | 'inviteTtlHours' | 'passwordRules'>>;

export async function updateBusiness(ex: Executor, id: string, s: BusinessSettings): Promise<void> {
  const sets = [
    'seatLimit' in s ? sql`seat_limit = ${s.seatLimit}` : null,
    'faultLatencyMs' in s ? sql`fault_latency_ms = ${s.faultLatencyMs}` : null,
    'faultRate429' in s ? sql`fault_rate_429 = ${s.faultRate429}` : null,
    'faultRate503' in s ? sql`fault_rate_503 = ${s.faultRate503}` : null,
    'inviteTtlHours' in s ? sql`invite_ttl_hours = ${s.inviteTtlHours}` : null,
    'passwordRules' in s ? sql`password_rules = ${s.passwordRules}` : null,
  ].filter((x) => x !== null);
  if (sets.length === 0) return;
  await ex.execute(sql`UPDATE sandbox.businesses SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

/** Seats in use: members plus invites that are still open (pending and not yet expired). */
export async function seatsUsed(ex: Executor, businessId: string, now: Date): Promise<number> {
  const row = await first<{ n: number }>(
    ex,
    sql`SELECT (SELECT count(*) FROM sandbox.memberships WHERE business_id = ${businessId})
      + (SELECT count(*) FROM sandbox.invites WHERE business_id = ${businessId} AND status = 'PENDING' AND expires_at > ${now}) AS n`,
  );
  return Number(row?.n ?? 0);
}

export async function insertToken(ex: Executor, t: TokenRow & { tokenHash: Buffer }): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.service_tokens (id, business_id, label, role, token_hash, created_at)
    VALUES (${t.id}, ${t.businessId}, ${t.label}, ${t.role}, ${t.tokenHash}, ${t.createdAt})`);
}

export async function findTokenByHash(ex: Executor, tokenHash: Buffer): Promise<TokenRow | null> {
  return first<TokenRow>(ex, sql`SELECT ${tokenColumns} FROM sandbox.service_tokens WHERE token_hash = ${tokenHash}`);
}

export async function listTokens(ex: Executor, businessId: string): Promise<TokenRow[]> {
  return many<TokenRow>(ex, sql`SELECT ${tokenColumns} FROM sandbox.service_tokens WHERE business_id = ${businessId} ORDER BY created_at, id`);
}

/** Revokes one token (`tokenId`) or every live token of the business; returns how many changed. */
export async function revokeTokens(ex: Executor, businessId: string, tokenId: string | null, now: Date): Promise<number> {
  return count(
    ex,
    sql`UPDATE sandbox.service_tokens SET revoked_at = ${now}
      WHERE business_id = ${businessId} AND revoked_at IS NULL${tokenId ? sql` AND id = ${tokenId}` : sql``}`,
  );
}
