import type { FastifyInstance } from 'fastify';

/**
 * HTML forms post `application/x-www-form-urlencoded`. Parsed here (a few lines) rather than with
 * another plugin; a repeated field keeps its last value, which is all these forms need.
 */
export function registerFormParsing(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

/** The posted value of one field as a string ('' when absent), whatever the body looked like. */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

/**
 * Browser form posts from another site are refused (CSRF): the sandbox's pages set cookies and
 * change state, and the admin pages have no login because the sandbox binds to loopback.
 */
export function registerSameOriginForms(app: FastifyInstance, publicUrl: string): void {
  const origin = new URL(publicUrl).origin;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.url.startsWith('/api/')) return;
    const site = request.headers['sec-fetch-site'];
    const from = request.headers.origin;
    const host = request.headers.host;
    const sameHost = typeof from === 'string' && host !== undefined && from.replace(/^https?:\/\//, '') === host;
    if (site === 'cross-site' || (typeof from === 'string' && from !== 'null' && from !== origin && !sameHost)) {
      return reply.code(403).type('text/plain').send('Form posts from another site are refused.');
    }
  });
}
