import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { empty, idParams, problems } from '../../http/schemas.ts';
import { appManifestSchema } from '../../connectors/manifest-schema.ts';
import { appRoleSchema, assetSchema, connectHubBody, hubMemberSchema, hubSchema } from './dto.ts';
import { appOAuthSchema } from '../oauth/dto.ts';
import type { HubOAuthService } from '../oauth/service.ts';
import type { HubPeopleService } from './people.ts';
import type { HubsService } from './service.ts';
import { hubMemberStates } from './states.ts';

const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });
const accepted = z.object({ jobId: z.uuid() });

export function hubsRoutes(deps: { hubs: HubsService; people: HubPeopleService; oauth: Pick<HubOAuthService, 'describe'> }): FastifyPluginAsyncZod {
  const { hubs, people, oauth } = deps;
  return async (app) => {
    app.get('/apps', { schema: { tags: ['hubs'], summary: 'The app catalog: what each installed connector supports, and whether it can be authorised here', response: { 200: z.object({ data: z.array(appManifestSchema.extend({ oauth: appOAuthSchema })) }), ...problems } } }, async () => ({
      data: hubs.catalog().map((m) => ({ ...m, oauth: oauth.describe(m.key) })),
    }));
    app.get('/hubs', { schema: { tags: ['hubs'], summary: 'Business hubs you hold (admins: all, read-only health)', response: { 200: z.object({ data: z.array(hubSchema) }), ...problems } } }, async (request) => ({
      data: await hubs.list(ctxOf(request)),
    }));
    app.post(
      '/hubs',
      {
        schema: {
          tags: ['hubs'],
          summary: 'Connect a business hub; you become its Owner and the first validation and sync are queued',
          body: connectHubBody,
          response: { 201: hubSchema, ...problems },
        },
      },
      async (request, reply) => reply.code(201).send(await hubs.connect(ctxOf(request), request.body)),
    );
    app.get('/hubs/:id', { schema: { tags: ['hubs'], summary: 'One hub with its health', params: idParams, response: { 200: hubSchema, ...problems } } }, async (request) => hubs.get(ctxOf(request), request.params.id));
    app.patch(
      '/hubs/:id',
      {
        schema: {
          tags: ['hubs'],
          summary: 'Change hub settings (Owners); a new business ID or credential re-validates',
          params: idParams,
          body: z.strictObject({
            label: z.string().trim().min(1).max(200).optional(),
            businessId: z.string().trim().max(200).optional(),
            loginMethod: z.enum(['sso', 'username_password']).optional(),
            requestToSave: z.boolean().optional(),
            syncSafeguardPct: z.number().int().min(1).max(100).optional(),
            dailySync: z.boolean().optional(),
            autoReinviteMax: z.number().int().min(0).max(10).optional(),
            assetsOnAcceptance: z.boolean().optional(),
            serviceCredentialAccountId: z.uuid().optional(),
          }),
          response: { 200: hubSchema, ...problems },
        },
      },
      async (request) => hubs.update(ctxOf(request), request.params.id, request.body),
    );
    app.delete('/hubs/:id', { schema: { tags: ['hubs'], summary: 'Delete from Latchkey (nothing changes inside the app)', params: idParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await hubs.remove(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    });
    app.post('/hubs/:id/sync', { schema: { tags: ['hubs'], summary: 'Check for updates', params: idParams, response: { 202: accepted, ...problems } } }, async (request, reply) => {
      const r = await hubs.requestSync(ctxOf(request), request.params.id);
      return reply.code(202).header('location', `/api/v1/jobs/${r.jobId}`).send(r);
    });
    app.post('/hubs/:id/sync/apply', { schema: { tags: ['hubs'], summary: 'Apply a sync the safeguard halted', params: idParams, response: { 202: accepted, ...problems } } }, async (request, reply) => {
      const r = await hubs.requestSync(ctxOf(request), request.params.id, { applyHalted: true });
      return reply.code(202).header('location', `/api/v1/jobs/${r.jobId}`).send(r);
    });
    app.post('/hubs/:id/sync/cancel', { schema: { tags: ['hubs'], summary: 'Dismiss a sync the safeguard halted', params: idParams, response: { 200: hubSchema, ...problems } } }, async (request) => hubs.cancelHaltedSync(ctxOf(request), request.params.id));
    app.get('/hubs/:id/app-roles', { schema: { tags: ['hubs'], summary: "The app's roles on this hub", params: idParams, response: { 200: z.object({ data: z.array(appRoleSchema) }), ...problems } } }, async (request) => ({
      data: await hubs.appRoles(ctxOf(request), request.params.id),
    }));
    app.get('/hubs/:id/assets', { schema: { tags: ['hubs'], summary: 'Assets in the space', params: idParams, response: { 200: z.object({ data: z.array(assetSchema) }), ...problems } } }, async (request) => ({
      data: await hubs.assets(ctxOf(request), request.params.id),
    }));
    app.get(
      '/hubs/:id/members',
      { schema: { tags: ['hubs'], summary: 'The Users tab: everyone in the space and their state', params: idParams, querystring: z.strictObject({ tab: z.enum(['all', 'unmatched', 'onboarded', 'guests', 'exempted']).default('all'), state: z.enum(hubMemberStates).optional() }), response: { 200: z.object({ data: z.array(hubMemberSchema) }), ...problems } } },
      async (request) => ({ data: await people.list(ctxOf(request), request.params.id, request.query.tab, request.query.state) }),
    );
    app.post(
      '/hubs/:id/members/:memberId/match',
      { schema: { tags: ['hubs'], summary: 'Match an unmatched person to a member', params: memberParams, body: z.strictObject({ memberId: z.uuid(), role: z.enum(['owner', 'collaborator']) }), response: { 200: hubMemberSchema, ...problems } } },
      async (request) => people.match(ctxOf(request), request.params.id, request.params.memberId, request.body),
    );
    app.post(
      '/hubs/:id/members/:memberId/exempt',
      { schema: { tags: ['hubs'], summary: 'Leave an unmatched person unmanaged, with a reason', params: memberParams, body: z.strictObject({ reason: z.string().trim().min(1, 'Say why this person is exempted').max(500) }), response: { 200: hubMemberSchema, ...problems } } },
      async (request) => people.exempt(ctxOf(request), request.params.id, request.params.memberId, request.body.reason),
    );
    app.post('/hubs/:id/members/:memberId/unexempt', { schema: { tags: ['hubs'], summary: 'Move an exempted person back to unmatched', params: memberParams, response: { 200: hubMemberSchema, ...problems } } }, async (request) =>
      people.unexempt(ctxOf(request), request.params.id, request.params.memberId),
    );
    app.post('/hubs/:id/members/:memberId/remove', { schema: { tags: ['hubs'], summary: "Remove an unmatched person's seat in the app", params: memberParams, response: { 202: accepted, ...problems } } }, async (request, reply) => {
      const r = await people.removeUnmatched(ctxOf(request), request.params.id, request.params.memberId);
      return reply.code(202).header('location', `/api/v1/jobs/${r.jobId}`).send(r);
    });
  };
}
