import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../http/schemas.ts';
import type { TwilioParams } from '../../lib/twilio-signature.ts';
import type { SmsWebhook } from './sms-webhook.ts';

/** "Do not reply to the sender" (third-party-apis.md §5.2). */
const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Keeps every field Twilio sent, repeated names as arrays: the signature covers all of them. */
function parseForm(body: string): TwilioParams {
  const out: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * `POST /webhooks/sms/twilio`, public (the signature is the authentication). Its own plugin scope, so
 * the form body parser applies to this route only. Unknown or unbound `To` numbers are answered 200
 * with empty TwiML and dropped: a 4xx/5xx would only make Twilio call the fallback URL and raise
 * debugger alerts for a message that can never be delivered.
 */
export function smsWebhookRoutes(deps: { webhook: SmsWebhook; publicUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, parseForm(body as string)));
    app.post(
      '/webhooks/sms/twilio',
      {
        config: { public: true },
        schema: {
          tags: ['webhooks'],
          summary: 'Twilio inbound SMS (form fields, signed with X-Twilio-Signature); answers empty TwiML',
          consumes: ['application/x-www-form-urlencoded'],
          body: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional().describe('Twilio webhook fields: MessageSid, AccountSid, From, To, Body, …'),
          response: { 200: z.string().describe('text/xml TwiML'), ...problems },
        },
      },
      async (request, reply) => {
        const signature = request.headers['x-twilio-signature'];
        const outcome = await deps.webhook.receive(`${deps.publicUrl}${request.url}`, request.body ?? {}, typeof signature === 'string' ? signature : undefined);
        if (outcome === 'unmanaged_number') request.log.info({ to: request.body?.To }, 'SMS to a number that is not bound to an account; dropped');
        return reply.code(200).type('text/xml').send(emptyTwiml);
      },
    );
  };
}
