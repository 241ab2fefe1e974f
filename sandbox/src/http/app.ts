import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { newId } from '../../../server/src/lib/ids.ts';
import type { FaultSettings } from '../api/faults.ts';
import { apiGuard, type GuardDeps } from '../api/guard.ts';
import { adminApiRoutes } from '../api/routes.ts';
import { SandboxError } from '../lib/errors.ts';
import { hashToken } from '../lib/secrets.ts';
import type { SandboxServices } from '../services.ts';
import { accountPages } from '../web/account-pages.ts';
import { adminLogPages } from '../web/admin-logs.ts';
import { adminPages } from '../web/admin-pages.ts';
import { html, page } from '../web/html.ts';
import { loginPages } from '../web/login-pages.ts';
import { signupPages } from '../web/signup-pages.ts';
import { registerFormParsing, registerSameOriginForms } from './forms.ts';
import { registerProblemHandling } from './problem.ts';

export interface SandboxAppOptions {
  services: SandboxServices;
  logger: Logger;
  publicUrl: string;
  faultDefaults: FaultSettings;
  /** Admin API requests per minute per token, on top of injected faults. */
  apiRateLimitPerMinute: number;
  /** Tests force faults with a fixed draw and skip real sleeping. */
  guard?: Pick<GuardDeps, 'draw' | 'sleep'>;
}

/** Builds the sandbox's HTTP app (admin API, its OpenAPI document, and the HTML pages) without listening. */
export async function buildSandboxApp(opts: SandboxAppOptions): Promise<FastifyInstance> {
  const s = opts.services;
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, genReqId: () => newId(), requestIdHeader: false, bodyLimit: 256 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandling(app);
  registerFormParsing(app);
  registerSameOriginForms(app, opts.publicUrl);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('cache-control', 'no-store');
    reply.header('x-frame-options', 'DENY');
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sandbox Business Center admin API',
        version: '1.0.0',
        description:
          'A practice third-party app for Latchkey. Every route needs `Authorization: Bearer <service token>` for the business in the path. Errors are RFC 9457 problem documents with a stable `code`: validation_failed, malformed_json (400), unauthenticated (401), insufficient_permission (403), invalid_business_id and not_found (404), seat_limit_reached and invite_not_open (409), rate_limited (429, with Retry-After), unavailable (503).',
      },
      components: { securitySchemes: { serviceToken: { type: 'http', scheme: 'bearer', description: 'A service token created in the sandbox UI or with `npm run sandbox -- create-token`' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { hide: true } }, async () => {
    await s.database.pool.query('SELECT 1');
    return { status: 'ok' };
  });

  await app.register(
    async (api) => {
      // Keyed by token, so one noisy connector cannot starve another; unauthenticated calls share the IP bucket.
      await api.register(rateLimit, {
        max: opts.apiRateLimitPerMinute,
        timeWindow: '1 minute',
        keyGenerator: (req) => (req.headers.authorization ? hashToken(req.headers.authorization).toString('hex') : req.ip),
        errorResponseBuilder: (_req, ctx) => new SandboxError('rate_limited', `Too many requests for this token. Retry after ${Math.ceil(ctx.ttl / 1000)} seconds.`, { retryAfter: Math.ceil(ctx.ttl / 1000) }),
      });
      api.addHook('preHandler', apiGuard({ database: s.database, faultDefaults: opts.faultDefaults, ...opts.guard }));
      await api.register(adminApiRoutes({ businesses: s.businesses, members: s.members, invites: s.invites, assets: s.assets }));
    },
    { prefix: '/api/v1/businesses/:businessId' },
  );

  const secureCookies = opts.publicUrl.startsWith('https://');
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html').send(
      page('Welcome', html`<div class="card"><p>A practice business center for trying Latchkey end to end: invites by email, sign-up with a password rule and an SMS-verified phone, and an admin API.</p>
<ul><li><a href="/login">Log in</a> as a member</li><li><a href="/admin">Sandbox admin</a>: businesses, tokens, faults, members and invites</li><li><a href="/admin/carrier">Carrier log</a> and <a href="/admin/mail">mail log</a></li><li><a href="/api/docs">Admin API documentation</a></li></ul></div>`),
    ),
  );
  await app.register(signupPages(s, { secureCookies }));
  await app.register(loginPages(s, { secureCookies }));
  await app.register(accountPages(s));
  await app.register(adminPages(s, opts.faultDefaults));
  await app.register(adminLogPages(s));
  return app;
}
