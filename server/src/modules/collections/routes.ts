import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { empty, idParams, problems } from '../../http/schemas.ts';
import { assetGrantSchema } from '../shares/dto.ts';
import type { CollectionsService } from './service.ts';

const collectionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  myRole: z.enum(['owner', 'collaborator']),
  hubs: z.array(z.object({ hubId: z.uuid(), label: z.string(), appRoleKeys: z.array(z.string()), assets: z.number().int() })),
  grants: z.array(z.object({ id: z.uuid(), subjectType: z.string(), subjectId: z.uuid(), role: z.string() })),
});
const cardParams = z.object({ hubMemberId: z.uuid() });

export function collectionsRoutes(deps: { collections: CollectionsService }): FastifyPluginAsyncZod {
  const { collections } = deps;
  return async (app) => {
    app.get('/collections', { schema: { tags: ['collections'], summary: 'Collections you hold', response: { 200: z.object({ data: z.array(collectionSchema) }), ...problems } } }, async (request) => ({ data: await collections.list(ctxOf(request)) }));
    app.post('/collections', { schema: { tags: ['collections'], summary: 'Create a collection; you become its Owner', body: z.strictObject({ name: z.string().trim().min(1).max(1024) }), response: { 201: collectionSchema, ...problems } } }, async (request, reply) =>
      reply.code(201).send(await collections.create(ctxOf(request), request.body.name)),
    );
    app.get('/collections/:id', { schema: { tags: ['collections'], summary: 'One collection', params: idParams, response: { 200: collectionSchema, ...problems } } }, async (request) => collections.get(ctxOf(request), request.params.id));
    app.post(
      '/collections/:id/hubs',
      { schema: { tags: ['collections'], summary: '"Add to Collection": the app role and assets future grantees receive are fixed now', params: idParams, body: z.strictObject({ hubId: z.uuid(), appRoleKeys: z.array(z.string().max(60)).max(20).default([]), assetGrants: z.array(assetGrantSchema).max(200).default([]) }), response: { 200: collectionSchema, ...problems } } },
      async (request) => collections.addHub(ctxOf(request), request.params.id, request.body),
    );
    app.post(
      '/collections/:id/grants',
      { schema: { tags: ['collections'], summary: 'Share a collection; hub access through it needs a claim ("Claim your invite")', params: idParams, body: z.strictObject({ subjectType: z.enum(['user', 'team']), subjectId: z.uuid(), role: z.enum(['owner', 'collaborator']) }), response: { 200: collectionSchema, ...problems } } },
      async (request) => collections.share(ctxOf(request), request.params.id, request.body),
    );
    app.post('/me/cards/:hubMemberId/claim', { schema: { tags: ['cards'], summary: '"Send email invite": claim a seat offered through a collection', params: cardParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await collections.claim(ctxOf(request), request.params.hubMemberId);
      return reply.code(204).send(null);
    });
    app.post('/me/cards/:hubMemberId/skip', { schema: { tags: ['cards'], summary: '"Skip for now" (Owners): keep oversight without a seat', params: cardParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await collections.skip(ctxOf(request), request.params.hubMemberId);
      return reply.code(204).send(null);
    });
  };
}
