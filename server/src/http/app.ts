import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Services } from '../app/services.ts';
import type { Database } from '../db/client.ts';
import { migrationState } from '../db/migrate.ts';
import { AppError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { activityRoutes } from '../modules/activity/routes.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { mailRoutes } from '../modules/mail/routes.ts';
import { membersRoutes } from '../modules/members/routes.ts';
import { teamsRoutes } from '../modules/teams/routes.ts';
import { automationRoutes } from '../modules/automation/routes.ts';
import { hubsRoutes } from '../modules/hubs/routes.ts';
import { oauthRoutes } from '../modules/oauth/routes.ts';
import { passwordsRoutes } from '../modules/passwords/routes.ts';
import { sharesRoutes } from '../modules/shares/routes.ts';
import { cardsRoutes } from '../modules/cards/routes.ts';
import { collectionsRoutes } from '../modules/collections/routes.ts';
import { vaultRoutes } from '../modules/vault/routes.ts';
import { workspacesRoutes } from '../modules/workspaces/routes.ts';
import { messagingRoutes } from './messaging.ts';
import { registerGuard } from './guard.ts';
import { registerErrorHandling, sendProblem } from './problem.ts';
import { problemSchema } from './schemas.ts';

export const defaultWebDist = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface AppOptions {
  services: Services;
  database: Database;
  logger: Logger;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy?: boolean;
  webDist?: string;
  /** Requests per minute per client IP on the sign-in, setup, reset and invitation routes. */
  authRateLimitPerMinute?: number;
  /** How often the live job stream looks for changes. */
  streamPollMs?: number;
}

/** Builds the HTTP app without listening, so tests drive it with inject(). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    genReqId: () => newId(),
    requestIdHeader: false,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: opts.secureCookies,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new AppError('rate_limited', `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} seconds.`, { retryAfter: Math.ceil(ctx.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Latchkey API', version: '1.0.0', description: 'Secure, audited access to apps that single sign-on cannot reach. Errors are RFC 9457 problem documents with a stable `code`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lk_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerGuard(app, { resolveSession: opts.services.auth.resolveSession, publicUrl: opts.publicUrl });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['health'], summary: 'Ready when the database answers and is fully migrated', response: { 200: z.object({ status: z.literal('ok'), migrations: z.object({ expected: z.number(), applied: z.number() }) }), 503: problemSchema } } },
    async (request, reply) => {
      try {
        const m = await migrationState(opts.database.pool);
        if (m.applied < m.expected) return sendProblem(reply, request, 'unavailable', `The database is missing ${m.expected - m.applied} migration(s). Run: npm run latchkey -- migrate`, { migrations: m });
        return { status: 'ok' as const, migrations: m };
      } catch {
        return sendProblem(reply, request, 'unavailable', 'The database is not reachable.');
      }
    },
  );

  const s = opts.services;
  const authLimit = { max: opts.authRateLimitPerMinute ?? 30, timeWindow: '1 minute' };
  await app.register(
    async (v1) => {
      await v1.register(workspacesRoutes({ workspaces: s.workspaces, auth: s.auth, secureCookies: opts.secureCookies, authLimit }));
      await v1.register(authRoutes({ auth: s.auth, secureCookies: opts.secureCookies, authLimit }));
      await v1.register(membersRoutes({ members: s.members }));
      await v1.register(teamsRoutes({ teams: s.teams }));
      await v1.register(activityRoutes({ activity: s.activity }));
      await v1.register(mailRoutes({ mail: s.mail }));
      await v1.register(vaultRoutes({ accounts: s.accounts, sharing: s.accountSharing, vaults: s.vaults }));
      await v1.register(passwordsRoutes());
      await v1.register(hubsRoutes({ hubs: s.hubs, people: s.hubPeople, oauth: s.hubOAuth }));
      await v1.register(oauthRoutes({ oauth: s.hubOAuth }));
      await v1.register(sharesRoutes({ shares: s.shares }));
      await v1.register(cardsRoutes({ cards: s.cards }));
      await v1.register(collectionsRoutes({ collections: s.collections }));
      await v1.register(automationRoutes({ automation: s.automation, streamPollMs: opts.streamPollMs ?? 1000 }));
      await v1.register(messagingRoutes({ messaging: s.messaging, pool: opts.database.pool, publicUrl: opts.publicUrl }));
    },
    { prefix: '/api/v1' },
  );

  registerWeb(app, opts.webDist ?? defaultWebDist);
  return app;
}

/** Serves the SPA from the same origin, with client-side routes falling back to index.html. */
function registerWeb(app: FastifyInstance, webDist: string): void {
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) void app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return sendProblem(reply, request, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
    }
    if (!hasWeb) return reply.code(503).type('text/plain').send('The web app is not built. Run: npm run build');
    return reply.type('text/html').sendFile('index.html');
  });
}
