import { count, first, sql, type Executor } from '../db/sql.ts';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  phone: string;
  totpSecret: string | null;
  createdAt: Date;
}

export type ChallengePurpose = 'SIGNUP' | 'LOGIN' | 'PHONE_CHANGE';

export interface ChallengeRow {
  id: string;
  purpose: ChallengePurpose;
  phone: string;
  codeHash: Buffer;
  inviteId: string | null;
  userId: string | null;
  passwordHash: string | null;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
}

const userColumns = sql`id, email, password_hash AS "passwordHash", phone, totp_secret AS "totpSecret", created_at AS "createdAt"`;

export async function findUserByEmail(ex: Executor, email: string): Promise<UserRow | null> {
  return first<UserRow>(ex, sql`SELECT ${userColumns} FROM sandbox.users WHERE lower(email) = lower(${email.trim()})`);
}

export async function getUser(ex: Executor, id: string): Promise<UserRow | null> {
  return first<UserRow>(ex, sql`SELECT ${userColumns} FROM sandbox.users WHERE id = ${id}`);
}

export async function insertUser(ex: Executor, u: UserRow): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.users (id, email, password_hash, phone, totp_secret, created_at)
    VALUES (${u.id}, ${u.email}, ${u.passwordHash}, ${u.phone}, ${u.totpSecret}, ${u.createdAt})`);
}

export async function updateUser(ex: Executor, id: string, patch: Partial<Pick<UserRow, 'passwordHash' | 'phone' | 'totpSecret'>>): Promise<void> {
  const sets = [
    patch.passwordHash !== undefined ? sql`password_hash = ${patch.passwordHash}` : null,
    patch.phone !== undefined ? sql`phone = ${patch.phone}` : null,
    patch.totpSecret !== undefined ? sql`totp_secret = ${patch.totpSecret}` : null,
  ].filter((s) => s !== null);
  if (sets.length > 0) await ex.execute(sql`UPDATE sandbox.users SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

export async function insertChallenge(ex: Executor, c: Omit<ChallengeRow, 'attempts' | 'consumedAt'>): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.sms_challenges (id, purpose, phone, code_hash, invite_id, user_id, password_hash, expires_at)
    VALUES (${c.id}, ${c.purpose}, ${c.phone}, ${c.codeHash}, ${c.inviteId}, ${c.userId}, ${c.passwordHash}, ${c.expiresAt})`);
}

export async function getChallenge(ex: Executor, id: string, forUpdate = false): Promise<ChallengeRow | null> {
  return first<ChallengeRow>(
    ex,
    sql`SELECT id, purpose, phone, code_hash AS "codeHash", invite_id AS "inviteId", user_id AS "userId", password_hash AS "passwordHash",
      attempts, expires_at AS "expiresAt", consumed_at AS "consumedAt" FROM sandbox.sms_challenges WHERE id = ${id}${forUpdate ? sql` FOR UPDATE` : sql``}`,
  );
}

export async function recordFailedAttempt(ex: Executor, id: string): Promise<void> {
  await ex.execute(sql`UPDATE sandbox.sms_challenges SET attempts = attempts + 1 WHERE id = ${id}`);
}

export async function refreshChallenge(ex: Executor, id: string, codeHash: Buffer, expiresAt: Date): Promise<void> {
  await ex.execute(sql`UPDATE sandbox.sms_challenges SET code_hash = ${codeHash}, expires_at = ${expiresAt}, attempts = 0 WHERE id = ${id} AND consumed_at IS NULL`);
}

/** Returns 0 when someone else consumed it first, so a code works exactly once. */
export async function consumeChallenge(ex: Executor, id: string, now: Date): Promise<number> {
  return count(ex, sql`UPDATE sandbox.sms_challenges SET consumed_at = ${now} WHERE id = ${id} AND consumed_at IS NULL`);
}

export async function insertSession(ex: Executor, s: { tokenHash: Buffer; userId: string; expiresAt: Date }): Promise<void> {
  await ex.execute(sql`INSERT INTO sandbox.sessions (token_hash, user_id, expires_at) VALUES (${s.tokenHash}, ${s.userId}, ${s.expiresAt})`);
}

export async function findSessionUser(ex: Executor, tokenHash: Buffer, now: Date): Promise<UserRow | null> {
  return first<UserRow>(
    ex,
    sql`SELECT ${sql.raw('u.id, u.email, u.password_hash AS "passwordHash", u.phone, u.totp_secret AS "totpSecret", u.created_at AS "createdAt"')}
      FROM sandbox.sessions s JOIN sandbox.users u ON u.id = s.user_id WHERE s.token_hash = ${tokenHash} AND s.expires_at > ${now}`,
  );
}

export async function deleteSession(ex: Executor, tokenHash: Buffer): Promise<void> {
  await ex.execute(sql`DELETE FROM sandbox.sessions WHERE token_hash = ${tokenHash}`);
}
