import { JobError } from '../../jobs/types.ts';
import { defaultReadRetry, retryReads, type ReadRetryPolicy } from '../http.ts';
import { loggedFetch } from '../request-log.ts';

/** Graph's error body (reference §1.6). Throttling can come with HTTP 400/403, so `code` decides, never the status. */
export interface GraphErrorBody { message?: string; type?: string; code?: number; error_subcode?: number; error_user_title?: string; error_user_msg?: string; fbtrace_id?: string }

const throttleCodes = new Set([4, 17, 32, 613, 341]);
/** Backoff for throttling without a usable hint: start at 60 s (reference §4.5). */
const defaultThrottleMs = 60_000;
const maxThrottleMs = 15 * 60_000;

/** `X-Business-Use-Case-Usage` is JSON keyed by business id, with `estimated_time_to_regain_access` in minutes. */
export function regainAccessMs(header: string | null): number | undefined {
  if (!header) return undefined;
  try {
    const usage = JSON.parse(header) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Math.max(0, ...Object.values(usage).flat().map((u) => u.estimated_time_to_regain_access ?? 0));
    return minutes > 0 ? Math.min(minutes * 60_000, maxThrottleMs) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a Graph error to spec §8 failure codes; `fbtrace_id` (a short-lived support id, not a secret) goes in the message. */
export function mapGraphError(status: number, err: GraphErrorBody | undefined, regainMs: number | undefined): JobError {
  const code = err?.code ?? 0;
  const shown = err?.error_user_msg ?? err?.message ?? `HTTP ${status}`;
  const said = `${shown} (code ${code}${err?.error_subcode ? `/${err.error_subcode}` : ''}, fbtrace_id ${err?.fbtrace_id ?? 'none'})`;
  if (throttleCodes.has(code) || (code >= 80000 && code <= 80014)) return new JobError('RateLimited', `Meta is throttling this business: ${said}`, { transient: true, retryAfterMs: regainMs ?? defaultThrottleMs, userAction: 'none' });
  if (code === 1 || code === 2 || (!err && status >= 500)) return new JobError('ConnectorUnavailable', `Meta failed: ${said}`, { transient: true, userAction: 'retry_later' });
  if (code === 190 || code === 102) return new JobError('TokenExpired', `Meta did not accept the system-user token; generate a new one: ${said}`, { userAction: 'reauthorize' });
  if (code === 10 || (code >= 200 && code <= 299)) return new JobError('UnderpermissionedAccount', `The system user may not do this (it needs Admin and business_management): ${said}`, { userAction: 'grant_permissions' });
  if (code === 104) return new JobError('BadCredentials', `Meta rejected the request signature: ${said}`, { userAction: 'review_credentials' });
  if (code === 368) return new JobError('InviteRejected', `Meta temporarily blocked this action as a policy measure; pause automation for this business and retry much later: ${said}`, { userAction: 'review_invite' });
  if (code === 100 && err?.error_subcode === 33) return new JobError('InvalidBusinessId', `Meta has no such object, or the system user cannot see it: ${said}`, { userAction: 'fix_business_id' });
  return new JobError('InviteRejected', `Meta refused the request: ${said}`, { userAction: 'review_invite' });
}

export type GraphParams = Record<string, string | number | boolean | string[] | undefined>;

/** Graph takes list parameters as JSON arrays in form values, e.g. `tasks=["MANAGE","ADVERTISE"]`. */
export function encodeParams(p: GraphParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) q.append(k, Array.isArray(v) ? JSON.stringify(v) : String(v));
  return q;
}

export interface GraphClient {
  get<T>(pathOrUrl: string, params: GraphParams, signal: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, params: GraphParams, signal: AbortSignal): Promise<T>;
}

interface Edge<T> { data: T[]; paging?: { cursors?: { before?: string; after?: string }; next?: string } }

/** Follows `paging.next` until it is absent; short pages do not mean the end (reference §1.5). */
export async function allPages<T>(c: GraphClient, path: string, params: GraphParams, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let page = await c.get<Edge<T>>(path, { ...params, limit: 100 }, signal);
  for (;;) {
    out.push(...page.data);
    if (!page.paging?.next) return out;
    page = await c.get<Edge<T>>(page.paging.next, {}, signal);
  }
}

/**
 * One Graph call with a timeout. Not `callJson`: Graph's error is nested under `error` and
 * throttling arrives as 400/403, so the body and the usage header must reach the mapper. The
 * token goes in the Authorization header, never in a URL (and so never in a log line).
 */
async function graphFetch<T>(url: string, init: { method: string; token: string; form?: URLSearchParams; signal: AbortSignal; timeoutMs: number }): Promise<T> {
  let res: Response;
  try {
    res = await loggedFetch(url, {
      method: init.method,
      headers: { accept: 'application/json', authorization: `Bearer ${init.token}`, ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: init.form.toString() } : {}),
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs)]),
    });
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new JobError('ConnectorUnavailable', timedOut ? `Meta did not answer within ${init.timeoutMs} ms.` : `Meta could not be reached: ${(e as Error).message}`, { transient: true, userAction: 'retry_later' });
  }
  const text = await res.text();
  let body: { error?: GraphErrorBody } | null = null;
  try {
    body = text ? (JSON.parse(text) as { error?: GraphErrorBody }) : null;
  } catch {
    body = null;
  }
  if (res.ok && body && !body.error) return body as T;
  throw mapGraphError(res.status, body?.error, regainAccessMs(res.headers.get('x-business-use-case-usage')));
}

/** Reads are retried in place for short waits only; a throttle (≥ 60 s) goes to the job engine. */
export function graphClient(opts: { graphUrl: string; version: string; token: string; timeoutMs: number; readRetry?: ReadRetryPolicy }): GraphClient {
  const root = `${opts.graphUrl.replace(/\/+$/, '')}/${opts.version}`;
  const origin = new URL(root).origin;
  return {
    get: <T,>(pathOrUrl: string, params: GraphParams, signal: AbortSignal) => {
      // `paging.next` is absolute; follow it only to the configured Graph host, so the token never leaves it.
      const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${root}${pathOrUrl}?${encodeParams(params).toString()}`;
      if (new URL(url).origin !== origin) throw new JobError('ConnectorUnavailable', 'Meta returned a paging link to another host; refusing to follow it.', { userAction: 'retry_later' });
      return retryReads(() => graphFetch<T>(url, { method: 'GET', token: opts.token, signal, timeoutMs: opts.timeoutMs }), opts.readRetry ?? defaultReadRetry, signal);
    },
    send: <T,>(method: 'POST' | 'DELETE', path: string, params: GraphParams, signal: AbortSignal) =>
      graphFetch<T>(`${root}${path}`, { method, token: opts.token, form: encodeParams(params), signal, timeoutMs: opts.timeoutMs }),
  };
}
