import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import type { MailService } from './service.ts';

const entrySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.enum(['held', 'queued', 'sent', 'failed']),
  error: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

export function mailRoutes(deps: { mail: MailService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/outbox',
      { schema: { tags: ['mail'], summary: 'Every email Latchkey sent or holds (admins)', querystring: z.strictObject(pageQuery), response: { 200: z.object({ data: z.array(entrySchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const r = await deps.mail.listOutbox(ctxOf(request), request.query.limit, request.query.cursor);
        return { data: r.data.map((e) => ({ ...e, status: e.status as 'held' })), page: { nextCursor: r.nextCursor } };
      },
    );
  };
}
