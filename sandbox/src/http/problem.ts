import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isAppError } from '../../../server/src/lib/errors.ts';
import { SandboxError, sandboxProblems, type SandboxProblemCode } from '../lib/errors.ts';
import { escapeHtml, html, page } from '../web/html.ts';

/** RFC 9457 problem document with the sandbox's stable `code`; `instance` is the request id. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, code: SandboxProblemCode, detail: string, extra: Record<string, unknown> = {}): FastifyReply {
  const status = sandboxProblems[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `urn:sandbox:problem:${code}`, title: code.replaceAll('_', ' '), status, detail, instance: request.id, code, ...extra });
}

/** Framework errors that are the client's fault, by Fastify code. */
const frameworkCodes: Record<string, [SandboxProblemCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'The body could not be parsed as JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'The body is empty but Content-Type says JSON. Send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The body is larger than this endpoint accepts.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
};

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Every failure becomes a documented problem (API) or a readable page (browser); bad input never yields a 500. */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SandboxError, request, reply) => {
    let code: SandboxProblemCode = 'internal';
    let detail = `An unexpected error occurred. Quote request id ${request.id} when reporting it.`;
    let extra: Record<string, unknown> = {};
    if (error instanceof SandboxError) {
      [code, detail, extra] = [error.code, error.message, error.details];
    } else if (isAppError(error) && error.status < 500) {
      // Shared libraries (pagination cursors, password rules) raise Latchkey's AppError for bad input.
      [code, detail] = ['validation_failed', error.message];
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = !error.validationContext || error.validationContext === 'body' ? '' : `/${error.validationContext === 'querystring' ? 'query' : error.validationContext}`;
      const errors = error.validation.map((v) => ({ pointer: `${where}${v.instancePath}` || '/', message: v.message ?? 'is not valid' }));
      [code, detail, extra] = ['validation_failed', errors[0] ? `${errors[0].pointer}: ${errors[0].message}` : 'The request is not valid.', { errors }];
    } else if (frameworkCodes[error.code]) {
      [code, detail] = frameworkCodes[error.code] ?? [code, detail];
    } else if ((error as FastifyError).statusCode === 429) {
      const retryAfter = Number(reply.getHeader('retry-after')) || 60;
      [code, detail, extra] = ['rate_limited', `Too many requests for this token. Retry after ${retryAfter} seconds.`, { retryAfter }];
    } else if (((error as FastifyError).statusCode ?? 500) < 500) {
      [code, detail] = ['validation_failed', error.message];
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    if (typeof extra.retryAfter === 'number') reply.header('retry-after', String(extra.retryAfter));
    if (isApi(request)) return sendProblem(reply, request, code, detail, extra);
    return reply.code(sandboxProblems[code]).type('text/html').send(page('Something went wrong', html`<div class="error" role="alert"><p>${detail}</p></div><p><a href="/">Back to the start</a></p>`));
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApi(request)) return sendProblem(reply, request, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.code(404).type('text/html').send(page('Page not found', html`<p>There is no page at <code>${escapeHtml(request.url.split('?')[0] ?? '')}</code>.</p><p><a href="/">Back to the start</a></p>`));
  });
}
