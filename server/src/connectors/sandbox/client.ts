import { JobError } from '../../jobs/types.ts';
import { callJson, defaultReadRetry, HttpFailure, retryReads, type ReadRetryPolicy } from '../http.ts';

/** The sandbox admin API's documented problem codes, mapped to Latchkey's failure codes (spec §8). */
export function mapSandboxFailure(e: unknown): never {
  if (!(e instanceof HttpFailure)) throw e;
  const { status, code, detail, retryAfterMs } = e.problem;
  if (status === 429) throw new JobError('RateLimited', `The Sandbox Business Center is rate limiting: ${detail}`, { transient: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), userAction: 'none' });
  if (status >= 500) throw new JobError('ConnectorUnavailable', `The Sandbox Business Center failed (${status}): ${detail}`, { transient: true, userAction: 'retry_later' });
  if (code === 'unauthenticated' || status === 401) throw new JobError('TokenExpired', 'The service token was not accepted. Create a new token in the Sandbox Business Center and update the hub.', { userAction: 'reauthorize' });
  if (code === 'insufficient_permission') throw new JobError('UnderpermissionedAccount', `The service token may not do this: ${detail}`, { userAction: 'grant_permissions' });
  if (code === 'invalid_business_id') throw new JobError('InvalidBusinessId', 'The Sandbox Business Center does not know this business ID.', { userAction: 'fix_business_id' });
  if (code === 'seat_limit_reached') throw new JobError('NotEnoughSeats', detail, { userAction: 'add_licenses' });
  throw new JobError('InviteRejected', `The Sandbox Business Center refused the request: ${detail}`, { userAction: 'review_invite' });
}

export interface SandboxClient {
  get<T>(path: string, signal: AbortSignal): Promise<T>;
  /** `gone` lists problem codes that mean "already done" (e.g. removing someone already removed): they resolve to null. */
  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body: unknown, signal: AbortSignal, gone?: string[]): Promise<T | null>;
}

/**
 * Calls `<baseUrl>/api/v1/businesses/<id><path>` with the service token as a bearer token. Reads are
 * retried in place on transient failures (see `retryReads`); writes are left to the job engine.
 */
export function sandboxClient(opts: { baseUrl: string; businessId: string; token: string; timeoutMs: number; readRetry?: ReadRetryPolicy }): SandboxClient {
  const root = `${opts.baseUrl.replace(/\/+$/, '')}/api/v1/businesses/${encodeURIComponent(opts.businessId)}`;
  const headers = { authorization: `Bearer ${opts.token}` };
  return {
    get: <T,>(path: string, signal: AbortSignal) =>
      retryReads(() => callJson<T>(`${root}${path}`, { method: 'GET', headers, signal, timeoutMs: opts.timeoutMs }), opts.readRetry ?? defaultReadRetry, signal).catch(mapSandboxFailure),
    send: <T,>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body: unknown, signal: AbortSignal, gone: string[] = []): Promise<T | null> =>
      callJson<T>(`${root}${path}`, { method, headers, body, signal, timeoutMs: opts.timeoutMs }).catch((e: unknown): null => {
        if (e instanceof HttpFailure && e.problem.code && gone.includes(e.problem.code)) return null;
        return mapSandboxFailure(e);
      }),
  };
}
