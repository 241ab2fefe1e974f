import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MemberActor } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';
import { sessionCookie } from './context.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for cookie-authenticated writes: a browser always says where a request comes
 * from (Origin, or Sec-Fetch-Site), and we accept only our own origin. Clients that send
 * neither header (curl, server-to-server) cannot carry a victim's cookie, so they pass.
 */
export function isCrossSite(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  if (allowedOrigins.has(origin)) return false;
  const host = request.headers.host;
  return !(host && (origin === `http://${host}` || origin === `https://${host}`));
}

/** Resolves the session cookie into `request.actor` and refuses non-public API routes without one. */
export function registerGuard(app: FastifyInstance, deps: { resolveSession(token: string): Promise<MemberActor | null>; publicUrl: string }): void {
  const allowed = new Set([new URL(deps.publicUrl).origin]);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    // Unknown routes fall through to the not-found handler's 404, signed in or not; the API docs are public.
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs') || request.is404) return;
    if (unsafeMethods.has(request.method) && isCrossSite(request, allowed)) {
      throw new AppError('csrf_rejected', 'This request came from another site and was refused. Use Latchkey from its own address.');
    }
    // Before body parsing and validation: a caller without a session learns nothing about the schema.
    const token = request.cookies[sessionCookie];
    if (token) request.actor = await deps.resolveSession(token);
    if (!request.actor && !request.routeOptions.config.public) throw new AppError('unauthenticated', 'Sign in to continue.');
  });
}
