import { JobError } from '../../jobs/types.ts';
import { callJson, defaultReadRetry, HttpFailure, retryReads, type ReadRetryPolicy } from '../http.ts';
import { loggedFetch } from '../request-log.ts';

/**
 * What the vault holds for a Pinterest hub, in the credential's `token` field. Either the bare
 * access token (no refresh possible), or a JSON object:
 *
 *   {"access_token": "pina_…", "refresh_token": "pinr_…"}
 *
 * That is all "Authorise with Pinterest" stores: the vault account belongs to the member who
 * connected the hub, who can reveal it, so it never holds the operator's app secret. A refresh
 * (on a 401: `POST <base>/oauth/token`, form-encoded, HTTP Basic with an app id and secret, then
 * the call is replayed once with the new access token) authenticates as the app configured for
 * this Latchkey (LATCHKEY_PINTEREST_CLIENT_ID / LATCHKEY_PINTEREST_CLIENT_SECRET, handed to the
 * connector), the app that issued the tokens.
 *
 * Self-managed apps: a member who registered their own Pinterest app may paste
 *
 *   {"access_token": "…", "refresh_token": "…", "client_id": "<their app id>", "client_secret": "<their app secret>"}
 *
 * The pasted pair is only a fallback: it is used when this Latchkey has no app configured, or when
 * it names another app than the configured one (the refresh token belongs to that app). A pasted
 * pair naming the configured app is ignored in favour of the configuration; such a credential was
 * written by an older Latchkey, and its next refresh stores it without the secret.
 *
 * The new credential is handed to `ConnectorContext.onCredentialRefreshed`, and the engine writes
 * it to the vault, so the next process starts from it: the tokens, plus the pasted id and secret
 * only when the refresh used them (self-managed apps keep working). Pinterest may answer with a new
 * refresh token too; the newest one is kept and used for the next refresh. The connector also keeps
 * the result in memory (calls running meanwhile use it), and a write that failed is tried again
 * before the connector's next call.
 */
export interface PinterestCredential {
  accessToken: string;
  refreshToken: string | null;
  /** `client_id` and `client_secret` pasted with the tokens (a self-managed app); null when either is missing. */
  pastedApp: PinterestApp | null;
}

/** A Pinterest app's id and secret, which authenticate token calls (HTTP Basic). */
export interface PinterestApp {
  clientId: string;
  clientSecret: string;
}

export function parsePinterestCredential(raw: string | undefined): PinterestCredential {
  const token = (raw ?? '').trim();
  if (!token.startsWith('{')) return { accessToken: token, refreshToken: null, pastedApp: null };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(token) as Record<string, unknown>;
  } catch {
    throw new JobError('TokenExpired', 'The stored Pinterest credential is not valid JSON. Authorise the Pinterest app again.', { userAction: 'reauthorize' });
  }
  const str = (k: string): string | null => (typeof parsed[k] === 'string' && parsed[k] !== '' ? (parsed[k] as string) : null);
  const clientId = str('client_id');
  const clientSecret = str('client_secret');
  return { accessToken: str('access_token') ?? '', refreshToken: str('refresh_token'), pastedApp: clientId && clientSecret ? { clientId, clientSecret } : null };
}

/** What a refresh needs: the refresh token, the app it authenticates as, and whether that app came from the pasted credential. */
export interface RefreshGrant {
  refreshToken: string;
  app: PinterestApp;
  selfManaged: boolean;
}

/**
 * How this credential refreshes, or null when it cannot: the configured app, unless the pasted
 * credential names another app (or none is configured), see `PinterestCredential`.
 */
export function refreshGrantFor(cred: PinterestCredential, configured: PinterestApp | null): RefreshGrant | null {
  if (!cred.refreshToken) return null;
  const pasted = cred.pastedApp;
  if (pasted && (!configured || pasted.clientId !== configured.clientId)) return { refreshToken: cred.refreshToken, app: pasted, selfManaged: true };
  return configured ? { refreshToken: cred.refreshToken, app: configured, selfManaged: false } : null;
}

/** Pinterest's top-level errors are `{code, message}` with the HTTP status carrying the meaning (reference §2.4). */
export function mapPinterestFailure(e: unknown): never {
  if (!(e instanceof HttpFailure)) throw e;
  const { status, retryAfterMs } = e.problem;
  if (status === 429) throw new JobError('RateLimited', 'Pinterest is rate limiting this app.', { transient: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), userAction: 'none' });
  if (status >= 500) throw new JobError('ConnectorUnavailable', `Pinterest failed (${status}).`, { transient: true, userAction: 'retry_later' });
  if (status === 401) throw new JobError('TokenExpired', 'Pinterest did not accept the access token. Authorise the Pinterest app again for the automation account.', { userAction: 'reauthorize' });
  if (status === 403) throw new JobError('UnderpermissionedAccount', 'The Pinterest account is not a Business Admin of this business, or the token lacks the biz_access scopes.', { userAction: 'grant_permissions' });
  if (status === 404) throw new JobError('InvalidBusinessId', 'Pinterest does not know this business ID, or the account is not part of it.', { userAction: 'fix_business_id' });
  throw new JobError('InviteRejected', `Pinterest refused the request (${status}).`, { userAction: 'review_invite' });
}

export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface PinterestClient {
  get<T>(path: string, query: Query, signal: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, signal: AbortSignal): Promise<T>;
}

export function toQuery(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    // OpenAPI's default for query arrays (form, explode): the name repeats.
    for (const item of Array.isArray(v) ? v : [v]) p.append(k, String(item));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * The vault's JSON form of a refreshed credential (see `PinterestCredential`): the tokens, and the
 * app's id and secret only when they are a self-managed app's that came pasted with them. The
 * configured app's secret is never written.
 */
export function serializePinterestCredential(accessToken: string, r: RefreshGrant): string {
  return JSON.stringify({ access_token: accessToken, refresh_token: r.refreshToken, ...(r.selfManaged ? { client_id: r.app.clientId, client_secret: r.app.clientSecret } : {}) });
}

/** The refresh call: Pinterest wants a form body and HTTP Basic, which `callJson` (JSON only) does not send. */
async function refreshAccessToken(baseUrl: string, r: RefreshGrant, signal: AbortSignal, timeoutMs: number): Promise<{ accessToken: string; refreshToken: string | null }> {
  let res: Response;
  try {
    res = await loggedFetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${r.app.clientId}:${r.app.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: r.refreshToken }).toString(),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (e) {
    throw new JobError('ConnectorUnavailable', `Pinterest's token endpoint could not be reached: ${(e as Error).name}`, { transient: true, userAction: 'retry_later' });
  }
  if (res.status === 429 || res.status >= 500) mapPinterestFailure(new HttpFailure({ status: res.status, code: null, detail: res.statusText, retryAfterMs: undefined }));
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string };
  if (!res.ok || !body.access_token) throw new JobError('TokenExpired', 'Pinterest refused to refresh the access token. Authorise the Pinterest app again for the automation account.', { userAction: 'reauthorize' });
  return { accessToken: body.access_token, refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : null };
}

/** The newest credential obtained by refreshing, and whether the engine has stored it yet. */
interface Refreshed { credential: { accessToken: string; refresh: RefreshGrant }; stored: boolean }

/**
 * Refresh results shared by all calls of one connector, keyed by the refresh token the vault
 * holds: concurrent 401s share one refresh, and later calls reuse its access token.
 */
export interface RefreshState {
  latest: Map<string, Refreshed>;
  running: Map<string, Promise<void>>;
}

export function newRefreshState(): RefreshState {
  return { latest: new Map(), running: new Map() };
}

/**
 * Calls `<baseUrl>/businesses/<id><path>` with a bearer token. Reads are retried in place on
 * transient failures (see `retryReads`); writes go back to the job engine. A 401 refreshes the
 * token once when the credential carries a refresh token and an app to refresh with is known (see
 * `refreshGrantFor`), then replays the call.
 */
export function pinterestClient(opts: {
  baseUrl: string;
  businessId: string;
  credential: PinterestCredential;
  /** The Pinterest app configured for this Latchkey; refreshes authenticate as it (see `refreshGrantFor`). */
  app: PinterestApp | null;
  timeoutMs: number;
  readRetry?: ReadRetryPolicy;
  refresh: RefreshState;
  /** `ConnectorContext.onCredentialRefreshed`: stores a refreshed credential in the vault. */
  onRefreshed?: ((secret: string) => Promise<void>) | undefined;
}): PinterestClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const root = `${base}/businesses/${encodeURIComponent(opts.businessId)}`;
  const cred = opts.credential;
  const grant = refreshGrantFor(cred, opts.app);
  const key = grant?.refreshToken ?? '';
  const latest = (): Refreshed | undefined => (grant ? opts.refresh.latest.get(key) : undefined);
  const token = (): string => latest()?.credential.accessToken ?? cred.accessToken;

  async function store(): Promise<void> {
    const r = latest();
    if (!r || r.stored || !opts.onRefreshed) return;
    await opts.onRefreshed(serializePinterestCredential(r.credential.accessToken, r.credential.refresh));
    r.stored = true;
  }

  function refreshOnce(refresh: RefreshGrant, signal: AbortSignal): Promise<void> {
    const running = opts.refresh.running.get(key);
    if (running) return running;
    const current = latest()?.credential.refresh ?? refresh;
    const done = refreshAccessToken(base, current, signal, opts.timeoutMs)
      .then((t) => {
        opts.refresh.latest.set(key, { credential: { accessToken: t.accessToken, refresh: { ...current, refreshToken: t.refreshToken ?? current.refreshToken } }, stored: false });
      })
      .finally(() => opts.refresh.running.delete(key));
    opts.refresh.running.set(key, done);
    return done;
  }

  async function withRefresh<T>(call: (bearer: string) => Promise<T>, signal: AbortSignal): Promise<T> {
    await store(); // an earlier refresh whose vault write failed
    const used = token();
    try {
      return await call(used);
    } catch (e) {
      if (!(e instanceof HttpFailure) || e.problem.status !== 401 || !grant) throw e;
      // Another call may already have refreshed while this one was in flight.
      if (token() === used) await refreshOnce(grant, signal);
      await store();
      return await call(token());
    }
  }

  return {
    get: <T,>(path: string, query: Query, signal: AbortSignal) =>
      withRefresh((bearer) => retryReads(() => callJson<T>(`${root}${path}${toQuery(query)}`, { method: 'GET', headers: { authorization: `Bearer ${bearer}` }, signal, timeoutMs: opts.timeoutMs }), opts.readRetry ?? defaultReadRetry, signal), signal).catch(mapPinterestFailure),
    send: <T,>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, signal: AbortSignal) =>
      withRefresh((bearer) => callJson<T>(`${root}${path}`, { method, headers: { authorization: `Bearer ${bearer}` }, body, signal, timeoutMs: opts.timeoutMs }), signal).catch(mapPinterestFailure),
  };
}
