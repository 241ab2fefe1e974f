import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../accounts/repo.ts';
import { SESSION_COOKIE, type Sessions } from '../accounts/sessions.ts';
import type { Database } from '../../../server/src/db/client.ts';

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 12 * 3600 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

export function currentUser(deps: { database: Database; sessions: Sessions }, request: FastifyRequest): Promise<UserRow | null> {
  return deps.sessions.resolve(deps.database.db, sessionToken(request));
}
