import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { idParams, problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import type { EmailAddressesService } from './service.ts';

const addressSchema = z.object({ id: z.uuid(), address: z.string(), accountId: z.uuid().nullable(), status: z.enum(['active', 'disabled']), createdAt: z.date() });

export function emailAddressesRoutes(deps: { addresses: EmailAddressesService }): FastifyPluginAsyncZod {
  const { addresses } = deps;
  return async (app) => {
    app.get(
      '/email-addresses',
      { schema: { tags: ['mail-inbound'], summary: 'Managed e-mail addresses on the inbound domain (admins)', querystring: z.strictObject(pageQuery), response: { 200: z.object({ data: z.array(addressSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const r = await addresses.list(ctxOf(request), request.query.limit, request.query.cursor);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );
    app.post(
      '/accounts/:id/managed-email',
      { schema: { tags: ['mail-inbound'], summary: 'Protect the account with a managed e-mail address, or return the one it has (account Owners)', params: idParams, response: { 200: addressSchema, ...problems } } },
      async (request) => addresses.createForAccount(ctxOf(request), request.params.id),
    );
  };
}
