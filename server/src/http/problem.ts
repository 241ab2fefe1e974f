import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, problemCodes, type ProblemCode } from '../lib/errors.ts';

interface FieldError {
  pointer: string;
  message: string;
}

const titles: Partial<Record<ProblemCode, string>> = {
  validation_failed: 'The request is not valid',
  malformed_json: 'The request body is not valid JSON',
  unauthenticated: 'Sign in required',
  forbidden: 'You are not allowed to do this',
  not_found: 'Not found',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong on our side',
};

/** Sends an RFC 9457 problem document; `instance` is the request id so a user can quote it to support. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ProblemCode,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const status = problemCodes[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `urn:latchkey:problem:${code}`,
      title: titles[code] ?? code.replaceAll('_', ' '),
      status,
      detail,
      instance: request.id,
      code,
      ...extra,
    });
}

/** Maps every error to problem+json. Unexpected errors are logged and answered without internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = error.details?.retryAfter;
      if (error.code === 'rate_limited' && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return sendProblem(reply, request, error.code, error.message, error.details ?? {});
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'body' || !error.validationContext ? '' : `/${error.validationContext === 'querystring' ? 'query' : error.validationContext}`;
      const errors: FieldError[] = error.validation.map((v) => ({ pointer: `${where}${v.instancePath}` || '/', message: v.message ?? 'is not valid' }));
      const first = errors[0];
      const detail = first ? `${first.pointer}: ${first.message}` : 'The request is not valid.';
      return sendProblem(reply, request, 'validation_failed', detail, { errors });
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe instanceof SyntaxError)) {
      return sendProblem(reply, request, 'malformed_json', 'The body could not be parsed as JSON. Check quotes, commas and brackets.');
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendProblem(reply, request, 'malformed_json', 'The body is empty but Content-Type says JSON. Send a JSON object.');
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, request, 'payload_too_large', 'The body is larger than this endpoint accepts.');
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(reply, request, 'unsupported_media_type', 'Send the body as application/json.');
    }
    if (fe.statusCode === 429) {
      return sendProblem(reply, request, 'rate_limited', 'Too many attempts. Wait a moment, then try again.');
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendProblem(reply, request, 'validation_failed', fe.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 'internal', `An unexpected error occurred. Quote request id ${request.id} when reporting it.`);
  });
}
