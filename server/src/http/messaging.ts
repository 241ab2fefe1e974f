import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { MessagingServices } from '../app/messaging.ts';
import { createInboxNotifier } from '../modules/inbox/notifier.ts';
import { inboxRoutes } from '../modules/inbox/routes.ts';
import { emailAddressesRoutes } from '../modules/mail-inbound/routes.ts';
import { phonesRoutes } from '../modules/phones/routes.ts';
import { smsWebhookRoutes } from '../modules/phones/webhook-routes.ts';

/** Phone numbers, e-mail addresses, the SMS webhook and the Shared Inbox with its live stream. */
export function messagingRoutes(deps: { messaging: MessagingServices; pool: pg.Pool; publicUrl: string; inboxFallbackPollMs?: number }): FastifyPluginAsyncZod {
  const m = deps.messaging;
  return async (v1) => {
    // One LISTEN connection per process for every open inbox stream; closed with the app.
    const notifier = createInboxNotifier(deps.pool, v1.log);
    v1.addHook('onClose', () => notifier.close());
    await v1.register(phonesRoutes({ phones: m.phones }));
    await v1.register(smsWebhookRoutes({ webhook: m.smsWebhook, publicUrl: deps.publicUrl }));
    await v1.register(emailAddressesRoutes({ addresses: m.emailAddresses }));
    await v1.register(inboxRoutes({ inbox: m.inbox, notifier, fallbackPollMs: deps.inboxFallbackPollMs ?? 1000 }));
  };
}
