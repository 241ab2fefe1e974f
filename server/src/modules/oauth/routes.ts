import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems, problemSchema } from '../../http/schemas.ts';
import { isAppError } from '../../lib/errors.ts';
import { oauthStartBody } from './dto.ts';
import type { CallbackOutcome, HubOAuthService } from './service.ts';

/** Provider callback parameters may be long (TikTok's auth_code, Pinterest's code) but never unbounded. */
const param = z.string().max(2048).optional();

/**
 * Connecting a hub through the app's own authorisation page (spec §5.3, §5.4): the wizard asks
 * for an authorise URL, the browser goes to the provider and comes back to the callback, which
 * answers with a redirect into the web app — never with JSON, and never echoing the code.
 */
export function oauthRoutes(deps: { oauth: HubOAuthService }): FastifyPluginAsyncZod {
  const { oauth } = deps;
  return async (app) => {
    app.post(
      '/hubs/oauth/start',
      {
        schema: {
          tags: ['hubs'],
          summary: 'Start connecting a hub through the app’s authorisation page (Pinterest, TikTok); send the browser to authorizeUrl',
          body: oauthStartBody,
          response: { 200: z.object({ authorizeUrl: z.url() }), ...problems },
        },
      },
      async (request) => oauth.start(ctxOf(request), request.body),
    );
    app.get(
      '/oauth/callback/:appKey',
      {
        // The provider sends the browser here: the session cookie (SameSite=Lax) comes along on this top-level GET.
        config: { public: true },
        schema: {
          tags: ['hubs'],
          summary: 'Where the app’s authorisation page sends the browser back; redirects to the new hub, or to Business hubs with the reason',
          params: z.object({ appKey: z.string().regex(/^[a-z0-9_]+$/).max(60) }),
          querystring: z.looseObject({ state: param, code: param, auth_code: param, error: param, error_description: param }),
          response: { 303: z.null().describe('Redirect into the web app'), 400: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const { appKey } = request.params;
        let outcome: CallbackOutcome;
        try {
          outcome = await oauth.callback(request.actor ? ctxOf(request) : null, appKey, request.query, AbortSignal.timeout(20_000));
        } catch (e) {
          if (isAppError(e) && e.code === 'not_found') throw e;
          request.log.error({ err: e }, 'hub authorisation failed unexpectedly');
          outcome = { ok: false, reason: 'connect_failed', provider: oauth.describe(appKey)?.provider ?? appKey };
        }
        if (outcome.ok) return reply.redirect(`/hubs/${outcome.hubId}?connected=oauth`, 303);
        // Logged without the query string: it carries the provider's code.
        request.log.warn({ app: appKey, reason: outcome.reason, note: outcome.note }, 'hub authorisation did not connect a hub');
        return reply.redirect(`/hubs?${new URLSearchParams({ oauthError: outcome.reason, app: appKey }).toString()}`, 303);
      },
    );
  };
}
