import { callJson } from '../http.ts';
import { mapTikTokCode, type Envelope } from './client.ts';

/**
 * TikTok's Business Center authorisation (reference §3.4): the admin is sent to the portal URL
 * (LATCHKEY_TIKTOK_OAUTH_URL), comes back with a short-lived single-use `auth_code`, and the server
 * exchanges it for a long-term access token that goes to the vault as the hub's credential.
 */
export function tiktokAuthorizeUrl(opts: { oauthUrl: string; appId: string; state: string; redirectUri: string }): string {
  const u = new URL(opts.oauthUrl);
  u.searchParams.set('app_id', opts.appId);
  u.searchParams.set('state', opts.state);
  u.searchParams.set('redirect_uri', opts.redirectUri);
  return u.toString();
}

export interface TikTokGrant { accessToken: string; scope: number[]; advertiserIds: string[] }

/** Exchanges the callback's `auth_code`; the secret travels in the JSON body, never in a URL. */
export async function exchangeTikTokAuthCode(opts: { apiUrl: string; appId: string; secret: string; authCode: string; signal: AbortSignal; timeoutMs?: number }): Promise<TikTokGrant> {
  const env = await callJson<Envelope<{ access_token: string; scope?: number[]; advertiser_ids?: string[] }>>(`${opts.apiUrl.replace(/\/+$/, '')}/oauth2/access_token/`, {
    method: 'POST',
    headers: {},
    body: { app_id: opts.appId, secret: opts.secret, auth_code: opts.authCode },
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? 15_000,
  });
  if (env.code !== 0) throw mapTikTokCode(env);
  return { accessToken: env.data.access_token, scope: env.data.scope ?? [], advertiserIds: env.data.advertiser_ids ?? [] };
}
