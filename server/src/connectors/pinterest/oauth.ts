import { loggedFetch } from '../request-log.ts';

/** Listing needs `biz_access:read`; invites, role changes and removals need `biz_access:write` (reference §2.1). */
export const pinterestScopes = ['biz_access:read', 'biz_access:write'] as const;

/**
 * Pinterest's OAuth 2.0 authorization code flow (reference §2.1): the Business Admin is sent to
 * LATCHKEY_PINTEREST_OAUTH_URL (https://www.pinterest.com/oauth/), comes back with a single-use
 * `code`, and the server exchanges it at `<api>/oauth/token` for an access token and a continuous
 * refresh token.
 */
export function pinterestAuthorizeUrl(opts: { oauthUrl: string; clientId: string; redirectUri: string; state: string }): string {
  const u = new URL(opts.oauthUrl);
  u.searchParams.set('client_id', opts.clientId);
  u.searchParams.set('redirect_uri', opts.redirectUri);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('scope', pinterestScopes.join(','));
  u.searchParams.set('state', opts.state);
  return u.toString();
}

/** The token endpoint refused or failed; `status` is its HTTP status (0 when it could not be reached). */
export class PinterestOAuthError extends Error {
  override name = 'PinterestOAuthError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Exchanges the callback's `code` (form-encoded, HTTP Basic with the app id and secret, so the
 * secret never appears in a URL). `continuous_refresh=true` makes older apps' refresh tokens
 * continuous too. The answer is the credential as the vault stores it (see `PinterestCredential`):
 * the access and refresh tokens only. The vault account belongs to the member who authorised, so
 * the app secret stays in the configuration; the connector refreshes on a 401 with the configured
 * app, without anyone authorising again.
 */
export async function exchangePinterestAuthCode(opts: { apiUrl: string; clientId: string; clientSecret: string; code: string; redirectUri: string; signal: AbortSignal; timeoutMs?: number }): Promise<{ vaultSecret: string; scope: string }> {
  let res: Response;
  try {
    res = await loggedFetch(`${opts.apiUrl.replace(/\/+$/, '')}/oauth/token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: opts.code, redirect_uri: opts.redirectUri, continuous_refresh: 'true' }).toString(),
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs ?? 15_000)]),
    });
  } catch (e) {
    throw new PinterestOAuthError(0, `Pinterest's token endpoint could not be reached (${(e as Error).name}).`);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; scope?: string; message?: string };
  if (!res.ok) throw new PinterestOAuthError(res.status, `Pinterest refused the authorisation code (${res.status}${typeof body.message === 'string' ? `: ${body.message.slice(0, 200)}` : ''}).`);
  if (!body.access_token || !body.refresh_token) throw new PinterestOAuthError(res.status, 'Pinterest answered without an access token and refresh token.');
  const vaultSecret = JSON.stringify({ access_token: body.access_token, refresh_token: body.refresh_token });
  return { vaultSecret, scope: body.scope ?? '' };
}
