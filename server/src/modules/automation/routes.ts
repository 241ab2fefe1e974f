import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { idParams, problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { jobSchema, jobStatuses } from './dto.ts';
import type { AutomationService } from './service.ts';

export function automationRoutes(deps: { automation: AutomationService; streamPollMs: number }): FastifyPluginAsyncZod {
  const { automation } = deps;
  return async (app) => {
    app.get(
      '/jobs',
      { schema: { tags: ['automation'], summary: 'The Automation Log, newest first', querystring: z.strictObject({ status: z.enum(jobStatuses).optional(), task: z.string().max(60).optional(), hubId: z.uuid().optional(), ...pageQuery }), response: { 200: z.object({ data: z.array(jobSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const { limit, cursor, ...f } = request.query;
        const r = await automation.list(ctxOf(request), f, limit, cursor);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );

    app.get(
      '/jobs/stream',
      { schema: { tags: ['automation'], summary: 'Server-sent events: one `job` event per job change you may see', response: { 200: z.string().describe('text/event-stream'), ...problems } } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        reply.raw.write(': connected\n\n');
        let since = new Date(Date.now() - 1000);
        let open = true;
        request.raw.on('close', () => (open = false));
        // Polling the table (not LISTEN/NOTIFY) works the same with any number of API nodes.
        while (open) {
          try {
            const changed = await automation.changes(ctx, since);
            for (const job of changed) reply.raw.write(`event: job\ndata: ${JSON.stringify(job)}\n\n`);
            if (changed.length) since = changed[changed.length - 1]!.updatedAt;
            else reply.raw.write(': keep-alive\n\n');
          } catch (e) {
            request.log.warn({ err: e }, 'job stream poll failed');
          }
          await new Promise((r) => setTimeout(r, deps.streamPollMs));
        }
        reply.raw.end();
      },
    );

    app.get('/jobs/:id', { schema: { tags: ['automation'], summary: 'One job with its children', params: idParams, response: { 200: jobSchema.extend({ children: z.array(jobSchema) }), ...problems } } }, async (request) =>
      automation.get(ctxOf(request), request.params.id),
    );
    app.post('/jobs/:id/retry', { schema: { tags: ['automation'], summary: 'Retry a job that did not complete', params: idParams, response: { 200: jobSchema, ...problems } } }, async (request) =>
      automation.retry(ctxOf(request), request.params.id),
    );
    app.post('/jobs/:id/cancel', { schema: { tags: ['automation'], summary: 'Cancel a queued job (and its queued children)', params: idParams, response: { 200: jobSchema, ...problems } } }, async (request) =>
      automation.cancel(ctxOf(request), request.params.id),
    );
  };
}
