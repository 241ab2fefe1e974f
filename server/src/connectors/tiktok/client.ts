import { JobError } from '../../jobs/types.ts';
import { callJson, defaultReadRetry, HttpFailure, retryReads, type ReadRetryPolicy } from '../http.ts';

/** TikTok answers HTTP 200 with this envelope; `code: 0` is success (reference §3.1). */
export interface Envelope<T> { code: number; message: string; request_id: string; data: T }

/** Return codes from TikTok's "Appendix – Return Codes", mapped to spec §8 failure codes. */
export function mapTikTokCode(env: Pick<Envelope<unknown>, 'code' | 'message' | 'request_id'>): JobError {
  const { code, message } = env;
  // request_id is TikTok's support handle; it is not a secret, so it goes in the message for the Automation page and logs.
  const said = `${message} (code ${code}, request_id ${env.request_id || 'none'})`;
  if (code === 40100) return new JobError('RateLimited', `TikTok is rate limiting this app: ${said}`, { transient: true, userAction: 'none' });
  if (code >= 50000 && code < 60000) return new JobError('ConnectorUnavailable', `TikTok failed: ${said}`, { transient: true, userAction: 'retry_later' });
  if (code === 40105 || code === 40110 || code === 40104) return new JobError('TokenExpired', `TikTok did not accept the access token; authorise the app again: ${said}`, { userAction: 'reauthorize' });
  if (code === 40101) return new JobError('BadCredentials', `TikTok did not accept the app ID or secret: ${said}`, { userAction: 'review_credentials' });
  // 40001/40002: decoders disagree which is permission and which is parameter, so read the message.
  if (/permission|not authori[sz]ed|no access|forbidden|admin/i.test(message)) return new JobError('UnderpermissionedAccount', `The TikTok account may not do this: ${said}`, { userAction: 'grant_permissions' });
  if (/bc_id|business center/i.test(message) && /invalid|not exist|not found/i.test(message)) return new JobError('InvalidBusinessId', `TikTok does not know this Business Center ID: ${said}`, { userAction: 'fix_business_id' });
  if (/email/i.test(message) && /invalid|format/i.test(message)) return new JobError('InvalidEmail', `TikTok refused the e-mail address: ${said}`, { userAction: 'update_contact_info' });
  return new JobError('InviteRejected', `TikTok refused the request: ${said}`, { userAction: 'review_invite' });
}

/** A non-200 from TikTok's gateway (rare: the API itself answers 200 with a code). */
function mapHttp(e: unknown): never {
  if (!(e instanceof HttpFailure)) throw e;
  const { status, retryAfterMs } = e.problem;
  if (status === 429) throw new JobError('RateLimited', 'TikTok is rate limiting this app.', { transient: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), userAction: 'none' });
  if (status === 401) throw new JobError('TokenExpired', 'TikTok did not accept the access token; authorise the app again.', { userAction: 'reauthorize' });
  throw new JobError('ConnectorUnavailable', `TikTok answered HTTP ${status}.`, { transient: true, userAction: 'retry_later' });
}

function unwrap<T>(env: Envelope<T>): T {
  if (env.code !== 0) throw mapTikTokCode(env);
  return env.data;
}

export type Params = Record<string, string | number | boolean | object | undefined>;

/** GET parameters that are objects or arrays are JSON-encoded into the query string (reference §3.1). */
export function toQuery(p: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    q.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface TikTokClient {
  get<T>(path: string, params: Params, signal: AbortSignal): Promise<T>;
  post<T>(path: string, body: Record<string, unknown>, signal: AbortSignal): Promise<T>;
}

interface Paged<T> { list: T[]; page_info: { page: number; page_size: number; total_number: number; total_page: number } }

/** Page numbers from 1, looping while page < total_page (reference §3.3); lists are `data.list` with `data.page_info`. */
export async function allPages<T>(c: TikTokClient, path: string, params: Params, signal: AbortSignal, pageSize = 50): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const res = await c.get<Paged<T>>(path, { ...params, page, page_size: pageSize }, signal);
    out.push(...res.list);
    if (page >= res.page_info.total_page) return out;
  }
}

/**
 * Calls `<baseUrl><path>` (paths end in `/`) with the raw token in the `Access-Token` header,
 * never in the URL. Reads are retried in place on 40100/5xxxx and network failures; writes go
 * back to the job engine, whose retry re-lists before inviting again.
 */
export function tiktokClient(opts: { baseUrl: string; token: string; timeoutMs: number; readRetry?: ReadRetryPolicy }): TikTokClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const headers = { 'access-token': opts.token };
  return {
    get: <T,>(path: string, params: Params, signal: AbortSignal) =>
      retryReads(() => callJson<Envelope<T>>(`${base}${path}${toQuery(params)}`, { method: 'GET', headers, signal, timeoutMs: opts.timeoutMs }).catch(mapHttp).then(unwrap), opts.readRetry ?? defaultReadRetry, signal),
    post: <T,>(path: string, body: Record<string, unknown>, signal: AbortSignal) =>
      callJson<Envelope<T>>(`${base}${path}`, { method: 'POST', headers, body, signal, timeoutMs: opts.timeoutMs }).catch(mapHttp).then(unwrap),
  };
}
