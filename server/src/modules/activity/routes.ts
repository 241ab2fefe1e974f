import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import type { ActivityRow } from './repo.ts';
import type { ActivityService } from './service.ts';

/** A bare date as the upper bound means "through that day", so it becomes the next midnight. */
const dateOrTime = (inclusiveDay: boolean) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((v) => {
    const d = new Date(v.length === 10 ? `${v}T00:00:00.000Z` : v);
    return inclusiveDay && v.length === 10 ? new Date(d.getTime() + 86_400_000 - 1) : d;
  });

const filters = {
  type: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
  from: dateOrTime(false).optional(),
  to: dateOrTime(true).optional(),
  q: z.string().max(100).optional(),
};

const eventSchema = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  at: z.date(),
  type: z.string(),
  actor: z.object({ kind: z.enum(['member', 'system', 'api_key']), id: z.uuid().nullable(), email: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.uuid().nullable(), label: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

function toEventDto(r: ActivityRow): z.infer<typeof eventSchema> {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    type: r.type,
    actor: { kind: r.actorKind as 'member', id: r.actorId, email: r.actorLabel },
    target: r.targetType ? { type: r.targetType, id: r.targetId, label: r.targetLabel } : null,
    ip: r.ip,
    userAgent: r.userAgent,
    data: r.data,
    hash: r.hash,
  };
}

export function activityRoutes(deps: { activity: ActivityService }): FastifyPluginAsyncZod {
  const { activity } = deps;
  return async (app) => {
    app.get(
      '/activity',
      { schema: { tags: ['activity'], summary: 'Activity events, newest first (admins see all; others see their own)', querystring: z.strictObject({ ...filters, ...pageQuery }), response: { 200: z.object({ data: z.array(eventSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const { limit, cursor, ...f } = request.query;
        const r = await activity.list(ctxOf(request), f, limit, cursor);
        return { data: r.data.map(toEventDto), page: { nextCursor: r.nextCursor } };
      },
    );

    app.get(
      '/activity/export.csv',
      { schema: { tags: ['activity'], summary: 'The same events as CSV, oldest first, with hash-chain columns', querystring: z.strictObject(filters), response: { 200: z.string().describe('text/csv'), ...problems } } },
      async (request, reply) => {
        const stream = Readable.from(activity.exportCsv(ctxOf(request), request.query));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="latchkey-activity.csv"')
          .send(stream as unknown as string); // streams skip the serializer
      },
    );

    app.get(
      '/activity/verify',
      { schema: { tags: ['activity'], summary: "Walk the workspace's hash chain and report the first broken link", response: { 200: z.object({ ok: z.boolean(), checked: z.number().int(), firstBrokenSeq: z.number().int().nullable() }), ...problems } } },
      async (request) => activity.verify(ctxOf(request)),
    );
  };
}
