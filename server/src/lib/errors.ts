/**
 * Stable problem codes. Clients switch on these; never rename one.
 * Each maps to one HTTP status in `statusOf`.
 */
export const problemCodes = {
  /** The request body, query or params failed validation. */
  validation_failed: 400,
  /** The body was not valid JSON. */
  malformed_json: 400,
  /** A password-rules string cannot be satisfied or cannot be parsed. */
  invalid_password_rules: 400,
  /** A one-time token (invite, reset) is unknown. */
  invalid_token: 400,
  /** A TOTP code did not verify. */
  invalid_totp: 400,
  /** A TOTP secret or otpauth:// URI could not be imported (bad Base32, unsupported algorithm, digits or period). */
  invalid_totp_secret: 400,
  /** No valid session or API key. */
  unauthenticated: 401,
  /** Email or password wrong (deliberately not saying which). */
  invalid_credentials: 401,
  /** Password was right; the member's second factor is needed. */
  totp_required: 401,
  /** Authenticated, but the policy layer said no. */
  forbidden: 403,
  /** A cookie-authenticated write came from another origin. */
  csrf_rejected: 403,
  /** Not found, or not visible to this caller (same answer on purpose). */
  not_found: 404,
  /** State conflict, e.g. duplicate email in a workspace. */
  conflict: 409,
  /** First-run setup already happened. */
  setup_done: 409,
  /** The password matches accounts in several workspaces; the caller must pick one. */
  workspace_required: 409,
  /** Removing or demoting the last owner. */
  last_owner: 409,
  /** "Share only business hub in Latchkey" needs the Owner role, granted by an Owner. */
  hub_only_requires_owner: 409,
  /** Access that comes through a team or collection cannot be changed for one person. */
  path_not_individually_removable: 409,
  /** A hub sits in at most one collection (invariant 4). */
  hub_in_collection: 409,
  /**
   * The app cannot be authorised through its own OAuth page on this server: the operator has not set
   * the app's id and secret (e.g. LATCHKEY_TIKTOK_APP_ID / _APP_SECRET). A pasted token still works.
   */
  oauth_not_configured: 409,
  /** The world changed since the preview; preview again before applying. */
  preview_stale: 409,
  /** An invite or reset token has passed its expiry. */
  token_expired: 410,
  /** An invite or reset token was already used. */
  token_used: 410,
  /** The body was larger than allowed. */
  payload_too_large: 413,
  /** Unsupported content type. */
  unsupported_media_type: 415,
  /** Too many requests; see Retry-After. */
  rate_limited: 429,
  /** The server is not ready (e.g. database migrations missing). */
  unavailable: 503,
  /** An unexpected error. The detail never carries internals. */
  internal: 500,
  /**
   * A sealed value or wrapped key failed authentication (wrong key, moved to another row/field, or corrupted).
   * A server fault, not a client mistake; the message never carries plaintext or key material.
   */
  decrypt_failed: 500,
  /**
   * The master key (LATCHKEY_MASTER_KEY or <dataDir>/master.key) is missing, malformed, too widely readable,
   * or does not match the database. Raised at start-up; the message names the source, never the value.
   */
  invalid_master_key: 500,
} as const;

export type ProblemCode = keyof typeof problemCodes;

/** One error type for expected failures; the HTTP layer maps `code` to status and problem+json. */
export class AppError extends Error {
  readonly code: ProblemCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ProblemCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return problemCodes[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
