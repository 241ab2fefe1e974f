export interface FieldError {
  /** JSON Pointer into the request body, e.g. `/email`. */
  pointer: string;
  message: string;
}

export interface ApiErrorInit {
  status: number;
  code: string;
  title: string;
  detail: string;
  instance?: string | undefined;
  errors?: FieldError[];
  retryAfterSeconds?: number | undefined;
  extensions?: Record<string, unknown>;
}

/**
 * A failed API call, parsed from RFC 9457 problem+json.
 * `code` is the stable snake_case string to switch on; `status` 0 means the
 * server could not be reached at all.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  readonly errors: FieldError[];
  readonly retryAfterSeconds: number | undefined;
  /** The whole problem body, for code-specific members such as `workspaces`. */
  readonly extensions: Record<string, unknown>;

  constructor(init: ApiErrorInit) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.instance = init.instance;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.extensions = init.extensions ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True when the error is an ApiError with one of the given codes. */
export function hasCode(error: unknown, ...codes: string[]): error is ApiError {
  return isApiError(error) && codes.includes(error.code);
}

/** Maps field errors to form keys: `/firstName` → `firstName`, `/a/0/b` → `a.0.b`. */
export function fieldErrorsByKey(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const result: Record<string, string> = {};
  for (const item of error.errors) {
    const key = item.pointer.replace(/^#?\//, '').split('/').join('.');
    if (key && !(key in result)) result[key] = item.message;
  }
  return result;
}
