import { JobError } from '../jobs/types.ts';

export interface HttpProblem {
  status: number;
  code: string | null;
  detail: string;
  retryAfterMs: number | undefined;
}

/** A non-2xx answer, with the app's own problem code when it sends one. */
export class HttpFailure extends Error {
  override name = 'HttpFailure';
  constructor(readonly problem: HttpProblem) {
    super(`${problem.status} ${problem.code ?? ''} ${problem.detail}`.trim());
  }
}

function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One JSON call to a third-party API with a timeout. Network failures and timeouts become a
 * transient ConnectorUnavailable; HTTP errors become HttpFailure for the connector to map.
 * Secrets go in headers only, never in URLs, and are never logged.
 */
export async function callJson<T>(url: string, init: { method: string; headers: Record<string, string>; body?: unknown; signal: AbortSignal; timeoutMs: number }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs)]),
    });
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new JobError('ConnectorUnavailable', timedOut ? `The app did not answer within ${init.timeoutMs} ms.` : `The app could not be reached: ${(e as Error).message}`, { transient: true, userAction: 'retry_later' });
  }
  const text = await res.text();
  if (res.ok) return (text ? JSON.parse(text) : null) as T;
  let body: { code?: string; detail?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: keep the status only
  }
  throw new HttpFailure({ status: res.status, code: body.code ?? null, detail: body.detail ?? res.statusText, retryAfterMs: retryAfter(res.headers.get('retry-after')) });
}
