import { ApiError, type FieldError } from './api-error.ts';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

const API_BASE = '/api/v1';

/** Builds a query string, dropping empty values so filters stay tidy in logs and exports. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Absolute same-origin URL of an API path, e.g. for download links. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

/**
 * JSON in, JSON out. Non-2xx answers become an {@link ApiError} parsed from
 * RFC 9457 problem+json; a 204 resolves to `undefined`.
 */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error', title: 'Network error', detail: 'Could not reach the Latchkey server.' });
  }

  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (response.ok) return payload as T;
  throw problemToError(response, payload);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemToError(response: Response, payload: unknown): ApiError {
  const problem = isRecord(payload) ? payload : {};
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return new ApiError({
    status: response.status,
    code: stringOr(problem['code'], `http_${response.status}`),
    title: stringOr(problem['title'], response.statusText || 'Request failed'),
    detail: stringOr(problem['detail'], ''),
    instance: typeof problem['instance'] === 'string' ? problem['instance'] : undefined,
    errors: parseFieldErrors(problem['errors']),
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
    extensions: problem,
  });
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((item) => ({
    pointer: stringOr(item['pointer'], ''),
    message: stringOr(item['message'], 'is not valid'),
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}
