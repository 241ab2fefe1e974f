/**
 * The sandbox's documented problem codes (its API contract with connectors). Never rename one.
 * Each maps to exactly one HTTP status.
 */
export const sandboxProblems = {
  /** Body, query or path failed validation; `errors[]` names each field. */
  validation_failed: 400,
  /** The body was not valid JSON. */
  malformed_json: 400,
  /** No bearer token, or a token this sandbox never issued. */
  unauthenticated: 401,
  /** The token is revoked, belongs to another business, or its role is too low for the action. */
  insufficient_permission: 403,
  /** No business has this id (malformed ids answer the same). */
  invalid_business_id: 404,
  /** The member, invite or asset does not exist in this business. */
  not_found: 404,
  /** Inviting would use more seats than the business has free. Nothing was sent. */
  seat_limit_reached: 409,
  /** The invite was already accepted or cancelled, so it cannot be re-sent or cancelled. */
  invite_not_open: 409,
  /** The body was larger than allowed. */
  payload_too_large: 413,
  /** Send JSON. */
  unsupported_media_type: 415,
  /** Too many requests; wait `Retry-After` seconds. */
  rate_limited: 429,
  /** The sandbox chose to fail (fault injection) or is not ready; retry later. */
  unavailable: 503,
  /** An unexpected error; the detail carries only the request id. */
  internal: 500,
} as const;

export type SandboxProblemCode = keyof typeof sandboxProblems;

/** One error type for expected failures; the HTTP layer turns it into problem+json. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  constructor(
    readonly code: SandboxProblemCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return sandboxProblems[this.code];
  }
}
