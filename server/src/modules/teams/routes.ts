import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { empty, idParams, problems } from '../../http/schemas.ts';
import { teamDetailSchema, teamName, teamRoleSchema, teamSchema } from './dto.ts';
import type { TeamsService } from './service.ts';

const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

export function teamsRoutes(deps: { teams: TeamsService }): FastifyPluginAsyncZod {
  const { teams } = deps;
  return async (app) => {
    app.get('/teams', { schema: { tags: ['teams'], summary: 'Teams you can see', response: { 200: z.object({ data: z.array(teamSchema) }), ...problems } } }, async (request) => ({
      data: await teams.list(ctxOf(request)),
    }));
    app.post('/teams', { schema: { tags: ['teams'], summary: 'Create a team; you become its Team Admin', body: z.strictObject({ name: teamName }), response: { 201: teamSchema, ...problems } } }, async (request, reply) =>
      reply.code(201).send(await teams.create(ctxOf(request), request.body.name)),
    );
    app.get('/teams/:id', { schema: { tags: ['teams'], summary: 'A team and its members', params: idParams, response: { 200: teamDetailSchema, ...problems } } }, async (request) =>
      teams.get(ctxOf(request), request.params.id),
    );
    app.patch('/teams/:id', { schema: { tags: ['teams'], summary: 'Rename a team', params: idParams, body: z.strictObject({ name: teamName }), response: { 200: teamSchema, ...problems } } }, async (request) =>
      teams.rename(ctxOf(request), request.params.id, request.body.name),
    );
    app.delete('/teams/:id', { schema: { tags: ['teams'], summary: 'Delete a team', params: idParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await teams.remove(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    });
    app.post(
      '/teams/:id/members',
      { schema: { tags: ['teams'], summary: 'Add a member to a team', params: idParams, body: z.strictObject({ memberId: z.uuid(), teamRole: teamRoleSchema.default('team_member') }), response: { 201: teamDetailSchema, ...problems } } },
      async (request, reply) => reply.code(201).send(await teams.addMember(ctxOf(request), request.params.id, request.body.memberId, request.body.teamRole)),
    );
    app.patch(
      '/teams/:id/members/:memberId',
      { schema: { tags: ['teams'], summary: "Change a member's team role", params: memberParams, body: z.strictObject({ teamRole: teamRoleSchema }), response: { 200: teamDetailSchema, ...problems } } },
      async (request) => teams.setMemberRole(ctxOf(request), request.params.id, request.params.memberId, request.body.teamRole),
    );
    app.delete('/teams/:id/members/:memberId', { schema: { tags: ['teams'], summary: 'Remove a member from a team', params: memberParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await teams.removeMember(ctxOf(request), request.params.id, request.params.memberId);
      return reply.code(204).send(null);
    });
  };
}
