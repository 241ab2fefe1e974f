import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { assetGrantSchema, planSchema, shareBody } from './dto.ts';
import type { SharesService } from './service.ts';

const dryRun = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');
const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });
const teamParams = z.object({ id: z.uuid(), teamId: z.uuid() });
const previewHash = z.string().max(100).optional();

export function sharesRoutes(deps: { shares: SharesService }): FastifyPluginAsyncZod {
  const { shares } = deps;
  return async (app) => {
    app.post(
      '/hubs/:id/shares',
      { schema: { tags: ['shares'], summary: 'Share a hub with members and teams (?dryRun=true previews every invite, update and removal)', params: z.object({ id: z.uuid() }), querystring: z.strictObject({ dryRun }), body: shareBody, response: { 200: planSchema, ...problems } } },
      async (request) => shares.share(ctxOf(request), request.params.id, request.body, request.query.dryRun),
    );
    app.patch(
      '/hubs/:id/members/:memberId',
      { schema: { tags: ['shares'], summary: "Update the app role and assets of a person's direct grant", params: memberParams, querystring: z.strictObject({ dryRun }), body: z.strictObject({ appRoleKeys: z.array(z.string().max(60)).max(20).default([]), assetGrants: z.array(assetGrantSchema).max(200).default([]), previewHash }), response: { 200: planSchema, ...problems } } },
      async (request) => shares.updatePerson(ctxOf(request), request.params.id, request.params.memberId, request.body, request.query.dryRun, request.body.previewHash),
    );
    app.delete(
      '/hubs/:id/members/:memberId',
      { schema: { tags: ['shares'], summary: "Remove a person's direct access: their seat (mode=seat_and_hub) or only the card (mode=hub_only)", params: memberParams, querystring: z.strictObject({ mode: z.enum(['seat_and_hub', 'hub_only']).default('seat_and_hub'), dryRun, previewHash }), response: { 200: planSchema, ...problems } } },
      async (request) => shares.removePerson(ctxOf(request), request.params.id, request.params.memberId, request.query.mode, request.query.dryRun, request.query.previewHash),
    );
    app.delete(
      '/hubs/:id/teams/:teamId',
      { schema: { tags: ['shares'], summary: "Remove a team's access: its members' seats (recomputed per person) or keep them as individual grants", params: teamParams, querystring: z.strictObject({ mode: z.enum(['remove_seats', 'keep_individually']).default('remove_seats'), dryRun, previewHash }), response: { 200: planSchema, ...problems } } },
      async (request) => shares.removeTeam(ctxOf(request), request.params.id, request.params.teamId, request.query.mode, request.query.dryRun, request.query.previewHash),
    );
    app.post(
      '/hubs/:id/members/:memberId/resend-invite',
      { schema: { tags: ['shares'], summary: 'Resend an expired or failed invite', params: memberParams, response: { 202: z.object({ jobId: z.uuid() }), ...problems } } },
      async (request, reply) => {
        const r = await shares.resendInvite(ctxOf(request), request.params.id, request.params.memberId);
        return reply.code(202).header('location', `/api/v1/jobs/${r.jobId}`).send(r);
      },
    );
  };
}
