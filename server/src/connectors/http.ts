import { retryDelayMs } from '../jobs/backoff.ts';
import { JobError } from '../jobs/types.ts';
import { loggedFetch } from './request-log.ts';

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
    res = await loggedFetch(url, {
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

export interface ReadRetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First back-off; doubles per try, ±20 % jitter (jobs/backoff.ts). */
  baseMs: number;
  /** A Retry-After longer than this is not waited out in place: the failure goes to the job engine, which reschedules. */
  maxWaitMs: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const defaultReadRetry: ReadRetryPolicy = { attempts: 4, baseMs: 250, maxWaitMs: 5_000 };

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long a transient failure asks to wait, or null when the failure is not transient. */
function transientWait(e: unknown): { retryAfterMs: number | undefined } | null {
  if (e instanceof HttpFailure) return e.problem.status === 429 || e.problem.status >= 500 ? { retryAfterMs: e.problem.retryAfterMs } : null;
  if (e instanceof JobError && e.opts.transient) return { retryAfterMs: e.opts.retryAfterMs };
  return null;
}

/**
 * Runs an idempotent read, retrying transient failures (network errors, timeouts, 429, 5xx) in place
 * with exponential backoff and jitter, honouring Retry-After up to `maxWaitMs`.
 *
 * Why here and not only in the job engine: a sync reads many pages and fails as a whole when any
 * one of them fails. With a 30 % error rate a 3-request snapshot succeeds only 34 % of the time,
 * so eight job attempts still fail one sync in thirty, and a 1,000-member space (7 requests) fails
 * half of its syncs. Retrying each read on its own makes a snapshot's success independent of its
 * size. Writes are not retried here: they go back to the engine, whose dedupe keys make them safe.
 *
 * @example const page = await retryReads(() => callJson(url, init), defaultReadRetry, signal);
 */
export async function retryReads<T>(read: () => Promise<T>, policy: ReadRetryPolicy, signal: AbortSignal): Promise<T> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      const wait = transientWait(e);
      if (!wait || attempt >= policy.attempts || (wait.retryAfterMs ?? 0) > policy.maxWaitMs || signal.aborted) throw e;
      await sleep(retryDelayMs(attempt, { baseMs: policy.baseMs, capMs: policy.maxWaitMs, ...(wait.retryAfterMs !== undefined ? { retryAfterMs: wait.retryAfterMs } : {}) }), signal);
    }
  }
}
