import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { hubMemberStates } from '../hubs/states.ts';
import type { CardsService } from './service.ts';

const cardSchema = z.object({
  hubMemberId: z.uuid(), hubId: z.uuid(), hubLabel: z.string(), appKey: z.string(), appName: z.string(), logo: z.string(), loginUrl: z.string(),
  state: z.enum(hubMemberStates), status: z.enum(['claim_your_invite', 'connect_your_account', 'ready', 'hub_only', 'disabled']), hint: z.string().nullable(),
  connectedAccountId: z.uuid().nullable(), hasDraft: z.boolean(), supportsManagedIdentity: z.boolean(), phoneNeeded: z.boolean(), joinSteps: z.array(z.string()), inviteEmail: z.string(),
});
const params = z.object({ hubMemberId: z.uuid() });
const label = z.string().trim().min(1, 'Give the account a label').max(200);

export function cardsRoutes(deps: { cards: CardsService }): FastifyPluginAsyncZod {
  const { cards } = deps;
  return async (app) => {
    app.get('/me/cards', { schema: { tags: ['cards'], summary: 'Your dashboard cards for hub seats, with status and hint', response: { 200: z.object({ data: z.array(cardSchema) }), ...problems } } }, async (request) => ({
      data: await cards.list(ctxOf(request)),
    }));
    app.post(
      '/me/cards/:hubMemberId/connect/managed-identity',
      {
        schema: {
          tags: ['cards'],
          summary: 'Create (or resume) a Latchkey-managed identity: a generated password meeting the app\'s rules and, when needed, a managed phone number',
          params,
          response: { 200: z.object({ draftId: z.uuid(), label: z.string(), email: z.string(), password: z.string(), phone: z.string().nullable(), appName: z.string(), loginUrl: z.string(), passwordRules: z.string() }), ...problems },
        },
      },
      async (request) => cards.managedIdentity(ctxOf(request), request.params.hubMemberId),
    );
    app.post(
      '/me/cards/:hubMemberId/connect',
      {
        schema: {
          tags: ['cards'],
          summary: 'Connect your account: finalise the managed-identity draft, or store an existing account',
          params,
          body: z.union([
            z.strictObject({ draftId: z.uuid(), label, vaultId: z.uuid().optional() }),
            z.strictObject({ label, email: z.email().max(254), password: z.string().min(1).max(1000), username: z.string().max(320).optional(), vaultId: z.uuid().optional() }),
          ]),
          response: { 200: cardSchema, ...problems },
        },
      },
      async (request) => cards.connect(ctxOf(request), request.params.hubMemberId, request.body),
    );
  };
}
