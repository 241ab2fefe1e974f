import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { idParams, problems } from '../../http/schemas.ts';
import { memberStatuses, workspaceRoles } from '../../lib/actor.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { email, memberSchema, name } from './dto.ts';
import type { MembersService } from './service.ts';

const invitableRole = z.enum(workspaceRoles).exclude(['owner']);

export function membersRoutes(deps: { members: MembersService }): FastifyPluginAsyncZod {
  const { members } = deps;
  return async (app) => {
    app.get(
      '/members',
      {
        schema: {
          tags: ['members'],
          summary: "List the workspace's members",
          querystring: z.strictObject({ q: z.string().max(100).optional(), status: z.enum(memberStatuses).optional(), role: z.enum(workspaceRoles).optional(), ...pageQuery }),
          response: { 200: z.object({ data: z.array(memberSchema), page: pageSchema }), ...problems },
        },
      },
      async (request) => {
        const { limit, cursor, ...filters } = request.query;
        const r = await members.list(ctxOf(request), filters, limit, cursor);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );

    app.get('/members/:id', { schema: { tags: ['members'], summary: 'One member', params: idParams, response: { 200: memberSchema, ...problems } } }, async (request) =>
      members.get(ctxOf(request), request.params.id),
    );

    app.post(
      '/members',
      {
        schema: {
          tags: ['members'],
          summary: 'Invite a member by email',
          body: z.strictObject({ email, role: invitableRole, firstName: name.optional(), lastName: name.optional() }),
          response: { 201: memberSchema, ...problems },
        },
      },
      async (request, reply) => reply.code(201).send(await members.invite(ctxOf(request), request.body)),
    );

    app.patch(
      '/members/:id',
      { schema: { tags: ['members'], summary: "Change a member's role or name", params: idParams, body: z.strictObject({ role: invitableRole.optional(), firstName: name.optional(), lastName: name.optional() }), response: { 200: memberSchema, ...problems } } },
      async (request) => members.update(ctxOf(request), request.params.id, request.body),
    );

    app.post('/members/:id/resend-invite', { schema: { tags: ['members'], summary: 'Send a fresh invitation (the old link stops working)', params: idParams, response: { 200: memberSchema, ...problems } } }, async (request) =>
      members.resendInvite(ctxOf(request), request.params.id),
    );
    app.post('/members/:id/disable', { schema: { tags: ['members'], summary: 'Disable sign-in and end all sessions', params: idParams, response: { 200: memberSchema, ...problems } } }, async (request) =>
      members.setDisabled(ctxOf(request), request.params.id, true),
    );
    app.post('/members/:id/enable', { schema: { tags: ['members'], summary: 'Enable a disabled member', params: idParams, response: { 200: memberSchema, ...problems } } }, async (request) =>
      members.setDisabled(ctxOf(request), request.params.id, false),
    );
  };
}
