import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { inboxMessageSchema } from './dto.ts';
import type { InboxNotifier } from './notifier.ts';
import type { InboxService } from './service.ts';

/** How far before its newest message a stream looks again, for transactions that committed out of order. */
const lookBackMs = 5000;
const keepAliveMs = 15_000;

export function inboxRoutes(deps: { inbox: InboxService; notifier: InboxNotifier; fallbackPollMs: number }): FastifyPluginAsyncZod {
  const { inbox } = deps;
  return async (app) => {
    app.get(
      '/inbox/messages',
      { schema: { tags: ['inbox'], summary: 'Shared Inbox: messages of the accounts you hold a role on (each read is audited)', querystring: z.strictObject({ accountId: z.uuid().optional(), ...pageQuery }), response: { 200: z.object({ data: z.array(inboxMessageSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const r = await inbox.list(ctxOf(request), request.query);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );

    app.get(
      '/inbox/stream',
      { schema: { tags: ['inbox'], summary: 'Server-sent events: one `message` event per new message you may see (of one account with ?accountId=)', querystring: z.strictObject({ accountId: z.uuid().optional() }), response: { 200: z.string().describe('text/event-stream'), ...problems } } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const { accountId } = request.query;
        const start = await inbox.streamStart(ctx, accountId);
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        reply.raw.write(': connected\n\n');
        let open = true;
        let pending = false;
        let wake: (() => void) | null = null;
        const poke = (): void => {
          pending = true;
          wake?.();
        };
        const unsubscribe = deps.notifier.subscribe(ctx.actor.workspaceId, poke);
        request.raw.on('close', () => {
          open = false;
          poke();
        });
        const sent = new Map<string, number>();
        let newest = start.getTime();
        let quietSince = Date.now();
        while (open) {
          pending = false;
          try {
            const from = new Date(Math.max(start.getTime(), newest - lookBackMs));
            const fresh = await inbox.changes(ctx, from, [...sent.keys()], accountId);
            for (const { storedAt, ...m } of fresh) {
              reply.raw.write(`event: message\ndata: ${JSON.stringify(m)}\n\n`);
              sent.set(m.id, storedAt.getTime());
              newest = Math.max(newest, storedAt.getTime());
            }
            for (const [id, at] of sent) if (at < newest - lookBackMs) sent.delete(id);
            if (fresh.length) quietSince = Date.now();
            else if (Date.now() - quietSince > keepAliveMs) {
              reply.raw.write(': keep-alive\n\n');
              quietSince = Date.now();
            }
          } catch (e) {
            request.log.warn({ err: e }, 'inbox stream read failed');
          }
          if (!open || pending) continue;
          // Woken by NOTIFY from any node; the timer is the fallback when a notification is missed.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, deps.fallbackPollMs);
            function done(): void {
              clearTimeout(timer);
              wake = null;
              resolve();
            }
            wake = done;
          });
        }
        unsubscribe();
        reply.raw.end();
      },
    );
  };
}
