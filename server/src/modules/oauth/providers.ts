import type { HubOAuthSettings } from '../../config/config.ts';
import { exchangePinterestAuthCode, pinterestAuthorizeUrl } from '../../connectors/pinterest/oauth.ts';
import { exchangeTikTokAuthCode, tiktokAuthorizeUrl } from '../../connectors/tiktok/oauth.ts';

/** What a provider's redirect back to Latchkey carried. */
export interface CallbackParams {
  state: string | null;
  code: string | null;
  /** The provider's error code when the person refused or the provider failed (e.g. `access_denied`). */
  error: string | null;
}

/** The registered app of a provider: builds the authorise URL and exchanges codes server-side. */
export interface OAuthClient {
  authorizeUrl(p: { state: string; redirectUri: string }): string;
  /** Exchanges a code; answers the secret exactly as the vault stores it for this app's hubs. */
  exchange(p: { code: string; redirectUri: string; signal: AbortSignal }): Promise<string>;
}

/** One app that can be connected through its own authorisation page. */
export interface OAuthProvider {
  appKey: string;
  /** How people know the provider: "Pinterest", "TikTok". */
  name: string;
  /** Null until the operator sets the app's id and secret. */
  client: OAuthClient | null;
  readCallback(query: Record<string, unknown>): CallbackParams;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Pinterest (reference §2.1): the callback carries `code`; the vault keeps the refreshable JSON
 * credential `{"access_token","refresh_token"}` the connector reads. The app secret stays in the
 * configuration (the connecting member owns the vault account and can reveal it); the connector
 * gets the app's id and secret from there to refresh.
 * TikTok (reference §3.4): the callback carries `auth_code`; the vault keeps the long-term token.
 */
export function hubOAuthProviders(settings: HubOAuthSettings): OAuthProvider[] {
  const p = settings.pinterest;
  const t = settings.tiktok;
  return [
    {
      appKey: 'pinterest',
      name: 'Pinterest',
      readCallback: (q) => ({ state: str(q.state), code: str(q.code), error: str(q.error) }),
      client: p && {
        authorizeUrl: ({ state, redirectUri }) => pinterestAuthorizeUrl({ oauthUrl: p.authorizeUrl, clientId: p.clientId, redirectUri, state }),
        exchange: async ({ code, redirectUri, signal }) => (await exchangePinterestAuthCode({ apiUrl: p.apiUrl, clientId: p.clientId, clientSecret: p.clientSecret, code, redirectUri, signal })).vaultSecret,
      },
    },
    {
      appKey: 'tiktok',
      name: 'TikTok',
      readCallback: (q) => ({ state: str(q.state), code: str(q.auth_code), error: str(q.error) }),
      client: t && {
        authorizeUrl: ({ state, redirectUri }) => tiktokAuthorizeUrl({ oauthUrl: t.authorizeUrl, appId: t.appId, redirectUri, state }),
        exchange: async ({ code, signal }) => (await exchangeTikTokAuthCode({ apiUrl: t.apiUrl, appId: t.appId, secret: t.appSecret, authCode: code, signal })).accessToken,
      },
    },
  ];
}
