import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientInfo, MemberActor, RequestContext } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: MemberActor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (setup, login, invitation, health). */
    public?: boolean;
  }
}

export const sessionCookie = 'lk_session';

export function clientOf(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

/** The signed-in context for a service call; routes without a session never reach a handler (see guard). */
export function ctxOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return { actor: request.actor, ...clientOf(request) };
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(sessionCookie, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
