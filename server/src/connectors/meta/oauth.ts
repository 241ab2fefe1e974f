import { JobError } from '../../jobs/types.ts';
import { encodeParams, mapGraphError, type GraphErrorBody } from './client.ts';
import { loggedFetch } from '../request-log.ts';

/**
 * "Connect your Facebook profile" (reference §1.8): Facebook Login's manual code flow. The browser
 * goes to the dialog at LATCHKEY_META_OAUTH_URL; the callback's single-use `code` is exchanged
 * server-side and `/me` names the profile. `/me` gives an app-scoped id, not the business-scoped id
 * in `business_users`, so membership is still confirmed by the sync.
 */
export function facebookLoginUrl(opts: { oauthUrl: string; version: string; appId: string; redirectUri: string; state: string }): string {
  const u = new URL(`${opts.oauthUrl.replace(/\/+$/, '')}/${opts.version}/dialog/oauth`);
  u.search = new URLSearchParams({ client_id: opts.appId, redirect_uri: opts.redirectUri, state: opts.state, response_type: 'code', scope: 'public_profile,email' }).toString();
  return u.toString();
}

export interface FacebookProfile { appScopedUserId: string; name: string | null; email: string | null }

async function graph<T>(url: string, init: { method: 'GET' | 'POST'; token?: string; form?: URLSearchParams; signal: AbortSignal; timeoutMs: number }): Promise<T> {
  let res: Response;
  try {
    res = await loggedFetch(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: init.form.toString() } : {}),
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs)]),
    });
  } catch (e) {
    throw new JobError('ConnectorUnavailable', `Meta could not be reached: ${(e as Error).name}`, { transient: true, userAction: 'retry_later' });
  }
  const body = (await res.json().catch(() => null)) as (T & { error?: GraphErrorBody }) | null;
  if (!res.ok || !body || body.error) throw mapGraphError(res.status, body?.error, undefined);
  return body;
}

/** Exchanges the callback code (POSTed, so the app secret never appears in a URL) and reads `/me`. */
export async function connectFacebookProfile(opts: { graphUrl: string; version: string; appId: string; appSecret: string; redirectUri: string; code: string; signal: AbortSignal; timeoutMs?: number }): Promise<FacebookProfile> {
  const root = `${opts.graphUrl.replace(/\/+$/, '')}/${opts.version}`;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const { access_token } = await graph<{ access_token: string }>(`${root}/oauth/access_token`, { method: 'POST', form: encodeParams({ client_id: opts.appId, client_secret: opts.appSecret, redirect_uri: opts.redirectUri, code: opts.code }), signal: opts.signal, timeoutMs });
  const me = await graph<{ id: string; name?: string; email?: string }>(`${root}/me?fields=id,name,email`, { method: 'GET', token: access_token, signal: opts.signal, timeoutMs });
  return { appScopedUserId: me.id, name: me.name ?? null, email: me.email ?? null };
}
