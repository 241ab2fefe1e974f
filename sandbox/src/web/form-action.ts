import type { FastifyReply } from 'fastify';
import { FormError } from '../accounts/form-error.ts';

/**
 * Runs a page's action. Its page (HTML) or redirect goes out as is; a FormError re-renders the form
 * with every message (422); anything else goes on to the shared error handler.
 */
export async function formAction(reply: FastifyReply, run: () => Promise<FastifyReply | string>, retry: (messages: string[]) => string | Promise<string>): Promise<FastifyReply> {
  try {
    const out = await run();
    return typeof out === 'string' ? reply.type('text/html').send(out) : out;
  } catch (e) {
    if (!(e instanceof FormError)) throw e;
    return reply.code(422).type('text/html').send(await retry(e.messages));
  }
}
