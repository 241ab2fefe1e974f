import type { Logger } from 'pino';

type Sink = Pick<Logger, 'debug' | 'warn'>;
let sink: Sink | null = null;

/** Where calls to third-party APIs are logged; the runtime sets its logger, tests may capture. */
export function setConnectorRequestLog(log: Sink | null): void {
  sink = log;
}

/**
 * `fetch` for every call Latchkey makes to an app's API, logged as method, host, path, status and
 * time: never the query string (it can carry e-mail addresses and, on some APIs, tokens), headers
 * or bodies, so no secret reaches a log line. Failures (network errors, 4xx, 5xx) log at warn,
 * the rest at debug. Callers still set their own timeout on `init.signal`.
 */
export async function loggedFetch(url: string, init: RequestInit): Promise<Response> {
  const started = performance.now();
  const { host, pathname } = new URL(url);
  const entry = { app: host, method: init.method ?? 'GET', path: pathname };
  try {
    const res = await fetch(url, init);
    const line = { ...entry, status: res.status, ms: Math.round(performance.now() - started) };
    if (res.status >= 400) sink?.warn(line, 'app API call failed');
    else sink?.debug(line, 'app API call');
    return res;
  } catch (e) {
    sink?.warn({ ...entry, error: (e as Error).name, ms: Math.round(performance.now() - started) }, 'app API call did not complete');
    throw e;
  }
}
