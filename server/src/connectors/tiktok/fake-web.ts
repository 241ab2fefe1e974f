import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { escapeHtml, hiddenFields, isRedirectUri, readForm, redirectWith, sendPage } from '../../../test/fakes/web-page.ts';
import type { FakeTikTok } from './fake-api.ts';

/** TikTok's `auth_code` lives about ten minutes (reference §3.1, code 40110). */
const codeTtlMs = 10 * 60_000;
const title = 'App Authorization | TikTok for Business';

/**
 * TikTok for Business's authorisation page (`/portal/auth`, reference §3.4) for browser and
 * integration tests, served by the fake TikTok beside its API. It takes exactly `app_id` (one of
 * the fake's `apps`), `redirect_uri` (absolute; one of `redirectUris` when given) and `state`.
 * "Allow" redirects back with a fresh single-use `auth_code` that the fake's
 * `/oauth2/access_token/` accepts once; "Deny" with `error=access_denied` and `error_description`,
 * TikTok's OAuth error fields.
 *
 * @example api.web.push(tiktokPortalPage(api, { redirectUris: ['http://127.0.0.1:3000/api/v1/oauth/callback/tiktok'] }));
 */
export function tiktokPortalPage(api: FakeTikTok, opts: { redirectUris?: string[]; userName?: string } = {}): FakeWebHandler {
  const allowed = new Set(['app_id', 'redirect_uri', 'state']);

  function refusal(p: URLSearchParams): string | null {
    for (const k of p.keys()) if (!allowed.has(k) && k !== 'decision') return `Unknown parameter ${k}.`;
    if (!api.apps.has(p.get('app_id') ?? '')) return 'This app does not exist or is not approved (app_id).';
    const redirectUri = p.get('redirect_uri');
    if (!isRedirectUri(redirectUri)) return 'redirect_uri must be an absolute http(s) URL.';
    if (opts.redirectUris && !opts.redirectUris.includes(redirectUri)) return 'redirect_uri does not match the app’s Advertiser redirect URL.';
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET') {
      const problem = refusal(url.searchParams);
      if (problem) return sendPage(res, 400, title, `<h1>Authorization failed</h1><p>${escapeHtml(problem)}</p>`);
      return sendPage(
        res,
        200,
        title,
        `<h1>App Authorization</h1><p>Signed in to TikTok For Business as ${escapeHtml(opts.userName ?? 'Business Center Admin')}.</p>` +
          '<p>The app asks to manage your Business Center members and assets.</p>' +
          `<form method="post" action="/portal/auth">${hiddenFields(Object.fromEntries(url.searchParams))}<button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></form>`,
      );
    }
    if (req.method !== 'POST') return sendPage(res, 405, title, '<p>Method not allowed.</p>');
    const form = await readForm(req);
    const problem = form ? refusal(form) : 'Send the form as application/x-www-form-urlencoded.';
    if (!form || problem) return sendPage(res, 400, title, `<h1>Authorization failed</h1><p>${escapeHtml(problem ?? '')}</p>`);
    const redirectUri = form.get('redirect_uri')!;
    const state = form.get('state');
    if (form.get('decision') !== 'allow') return redirectWith(res, redirectUri, { error: 'access_denied', error_description: 'The user cancelled the authorization.', state });
    const authCode = randomBytes(20).toString('hex');
    api.authCodes.set(authCode, api.now + codeTtlMs);
    return redirectWith(res, redirectUri, { auth_code: authCode, state });
  }

  return (req, res, url) => {
    if (url.pathname !== '/portal/auth') return false;
    void handle(req, res, url);
    return true;
  };
}
