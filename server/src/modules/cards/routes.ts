import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { cardSchema, connectableAccountSchema } from './dto.ts';
import type { CardsService } from './service.ts';

const params = z.object({ hubMemberId: z.uuid() });
const label = z.string().trim().min(1, 'Give the account a label').max(200);

export function cardsRoutes(deps: { cards: CardsService }): FastifyPluginAsyncZod {
  const { cards } = deps;
  return async (app) => {
    app.get('/me/cards', { schema: { tags: ['cards'], summary: 'Your dashboard cards for hub seats, with status and hint', response: { 200: z.object({ data: z.array(cardSchema) }), ...problems } } }, async (request) => ({
      data: await cards.list(ctxOf(request)),
    }));
    app.get('/me/cards/:hubMemberId', { schema: { tags: ['cards'], summary: 'One of your cards (the connect dialog polls it while assets are set up)', params, response: { 200: cardSchema, ...problems } } }, async (request) =>
      cards.get(ctxOf(request), request.params.hubMemberId),
    );
    app.post(
      '/me/cards/:hubMemberId/open',
      {
        schema: {
          tags: ['cards'],
          summary: 'The card was clicked: records the first open and, for apps whose join steps wait for it (TikTok, or Meta once the profile is bound), starts check_invite → assign_assets when asset grants are pending and no such job is under way (clicks on one hub join the check still waiting to run, one per hub and minute)',
          params,
          response: { 200: cardSchema, ...problems },
        },
      },
      async (request) => cards.open(ctxOf(request), request.params.hubMemberId),
    );
    app.post(
      '/me/cards/:hubMemberId/connect/managed-identity',
      {
        schema: {
          tags: ['cards'],
          summary: 'Create (or resume) a Latchkey-managed identity: a generated password meeting the app\'s rules and, when needed, a managed phone number',
          params,
          response: { 200: z.object({ draftId: z.uuid(), label: z.string(), email: z.string(), password: z.string(), phone: z.string().nullable(), appName: z.string(), loginUrl: z.string(), inviteUrl: z.string().nullable(), passwordRules: z.string() }), ...problems },
        },
      },
      async (request) => cards.managedIdentity(ctxOf(request), request.params.hubMemberId),
    );
    app.get(
      '/me/cards/:hubMemberId/connectable-accounts',
      { schema: { tags: ['cards'], summary: 'Your saved accounts of the card\'s app; those linked to a hub or shared with others are listed as unavailable', params, response: { 200: z.object({ data: z.array(connectableAccountSchema) }), ...problems } } },
      async (request) => ({ data: await cards.connectableAccounts(ctxOf(request), request.params.hubMemberId) }),
    );
    app.post(
      '/me/cards/:hubMemberId/connect',
      {
        schema: {
          tags: ['cards'],
          summary: 'Connect your account: finalise the managed-identity draft, link a saved account you own, or store an existing account',
          params,
          body: z.union([
            z.strictObject({ draftId: z.uuid(), label, vaultId: z.uuid().optional() }),
            z.strictObject({ accountId: z.uuid() }),
            z.strictObject({ label, email: z.email().max(254), password: z.string().min(1).max(1000), username: z.string().max(320).optional(), vaultId: z.uuid().optional() }),
          ]),
          response: { 200: cardSchema, ...problems },
        },
      },
      async (request) => cards.connect(ctxOf(request), request.params.hubMemberId, request.body),
    );
    app.post(
      '/me/cards/:hubMemberId/facebook/start',
      {
        schema: {
          tags: ['cards'],
          summary: '"Continue with Facebook" (Connect your Facebook profile): the Facebook Login address, with a single-use state valid for 10 minutes',
          params,
          response: { 200: z.object({ authorizeUrl: z.url() }), ...problems },
        },
      },
      async (request) => cards.facebookStart(ctxOf(request), request.params.hubMemberId),
    );
    app.post(
      '/me/cards/:hubMemberId/facebook/invitation',
      {
        schema: {
          tags: ['cards'],
          summary: 'Without Facebook Login configured: pick your pending invitation by e-mail; the next invite check then confirms you joined',
          params,
          body: z.strictObject({ email: z.email().max(254) }),
          response: { 200: cardSchema, ...problems },
        },
      },
      async (request) => cards.pickInvitation(ctxOf(request), request.params.hubMemberId, request.body.email),
    );
    app.get(
      '/oauth/facebook/callback',
      {
        // Facebook sends the browser here: the session cookie (SameSite=Lax) comes along on this top-level GET.
        // Without one, the person signs in again and starts over; the state stays unspent.
        config: { public: true },
        schema: {
          tags: ['cards'],
          summary: 'Facebook Login redirects here: binds the profile to the card, starts check_invite, and redirects to the dashboard with the card\'s dialog reopened (?connect=&step=facebook_profile&outcome=bound|denied|expired|failed|invalid)',
          // Facebook adds parameters of its own (error_reason, error_description, …); the ones used are checked, the rest ignored.
          querystring: z.object({ code: z.string().max(2000).optional(), state: z.string().max(200).optional(), error: z.string().max(200).optional() }),
          response: { 303: z.null().describe('Redirect into the web app'), ...problems },
        },
      },
      async (request, reply) => reply.redirect(request.actor ? await cards.facebookCallback(ctxOf(request), request.query) : '/login', 303),
    );
  };
}
