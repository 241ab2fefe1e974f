import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { idParams, problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { phoneNumberSchema, phoneStatuses } from './dto.ts';
import type { PhoneNumbersService } from './service.ts';

const serverProblems = { ...problems, 503: problems[404] } as const;

export function phonesRoutes(deps: { phones: PhoneNumbersService }): FastifyPluginAsyncZod {
  const { phones } = deps;
  return async (app) => {
    app.get(
      '/phone-numbers',
      { schema: { tags: ['phones'], summary: 'The managed phone number pool (admins)', querystring: z.strictObject({ status: z.enum(phoneStatuses).optional(), ...pageQuery }), response: { 200: z.object({ data: z.array(phoneNumberSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const { status, limit, cursor } = request.query;
        const r = await phones.list(ctxOf(request), status, limit, cursor);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );
    app.post(
      '/phone-numbers',
      { schema: { tags: ['phones'], summary: 'Add a number to the pool: bought from Twilio, or the next of the local range (admins)', response: { 201: phoneNumberSchema, ...serverProblems } } },
      async (request, reply) => reply.code(201).send(await phones.add(ctxOf(request))),
    );
    app.post(
      '/phone-numbers/:id/retire',
      { schema: { tags: ['phones'], summary: 'Give a free number back to its provider for good (admins)', params: idParams, response: { 200: phoneNumberSchema, ...serverProblems } } },
      async (request) => phones.retire(ctxOf(request), request.params.id),
    );
    app.post(
      '/accounts/:id/managed-phone',
      { schema: { tags: ['phones'], summary: "Give the account a managed phone number, or return the one it has (account Owners)", params: idParams, response: { 200: phoneNumberSchema, ...serverProblems } } },
      async (request) => phones.createForAccount(ctxOf(request), request.params.id),
    );
  };
}
