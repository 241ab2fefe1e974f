import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { escapeHtml, hiddenFields, isRedirectUri, readForm, redirectWith, sendPage } from '../../../test/fakes/web-page.ts';
import type { FakePinterest } from './fake-api.ts';

const knownScopes = new Set(['ads:read', 'ads:write', 'boards:read', 'boards:write', 'pins:read', 'pins:write', 'user_accounts:read', 'biz_access:read', 'biz_access:write', 'catalogs:read', 'catalogs:write']);
const codeTtlMs = 10 * 60_000;

/**
 * Pinterest's authorise page (`https://www.pinterest.com/oauth/`, reference §2.1) for browser and
 * integration tests, served by the fake Pinterest at `/oauth/`. It is as strict as the real one
 * about its parameters: a registered `client_id`, `response_type=code`, an absolute `redirect_uri`
 * (one of `redirectUris` when given) and known scopes. "Allow" redirects back with a fresh
 * single-use `code` bound to the client and redirect_uri; "Deny" with `error=access_denied`.
 *
 * @example api.web.push(pinterestOAuthPage(api, { redirectUris: ['http://127.0.0.1:3000/api/v1/oauth/callback/pinterest'] }));
 */
export function pinterestOAuthPage(api: FakePinterest, opts: { redirectUris?: string[]; userName?: string } = {}): FakeWebHandler {
  const allowed = new Set(['client_id', 'redirect_uri', 'response_type', 'scope', 'state']);

  /** The request's problem in words, or null when Pinterest would show the consent page. */
  function refusal(p: URLSearchParams): string | null {
    for (const k of p.keys()) if (!allowed.has(k) && k !== 'decision') return `Unknown parameter ${k}.`;
    if (!api.clients.has(p.get('client_id') ?? '')) return 'Unknown client_id.';
    if (p.get('response_type') !== 'code') return 'response_type must be code.';
    const redirectUri = p.get('redirect_uri');
    if (!isRedirectUri(redirectUri)) return 'redirect_uri must be an absolute http(s) URL.';
    if (opts.redirectUris && !opts.redirectUris.includes(redirectUri)) return 'redirect_uri is not registered for this app.';
    const scopes = (p.get('scope') ?? '').split(',').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !knownScopes.has(s))) return 'scope must be a comma-separated list of known scopes.';
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET') {
      const problem = refusal(url.searchParams);
      if (problem) return sendPage(res, 400, 'Pinterest', `<h1>Something went wrong</h1><p>${escapeHtml(problem)}</p>`);
      const p = Object.fromEntries(url.searchParams);
      return sendPage(
        res,
        200,
        'Pinterest',
        `<h1>Give access to your Pinterest account?</h1><p>Signed in as ${escapeHtml(opts.userName ?? 'Pinterest Business Admin')}.</p>` +
          `<p>The app will be able to: ${escapeHtml((p.scope ?? '').split(',').join(', '))}</p>` +
          `<form method="post" action="/oauth/">${hiddenFields(p)}<button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></form>`,
      );
    }
    if (req.method !== 'POST') return sendPage(res, 405, 'Pinterest', '<p>Method not allowed.</p>');
    const form = await readForm(req);
    const problem = form ? refusal(form) : 'Send the form as application/x-www-form-urlencoded.';
    if (!form || problem) return sendPage(res, 400, 'Pinterest', `<h1>Something went wrong</h1><p>${escapeHtml(problem ?? '')}</p>`);
    const redirectUri = form.get('redirect_uri')!;
    const state = form.get('state');
    if (form.get('decision') !== 'allow') return redirectWith(res, redirectUri, { error: 'access_denied', error_description: 'The user denied access to the app.', state });
    const code = randomBytes(24).toString('base64url');
    api.authCodes.set(code, { clientId: form.get('client_id')!, redirectUri, scope: form.get('scope')!, expiresAt: api.now + codeTtlMs });
    return redirectWith(res, redirectUri, { code, state });
  }

  return (req, res, url) => {
    if (url.pathname !== '/oauth/' && url.pathname !== '/oauth') return false;
    void handle(req, res, url);
    return true;
  };
}
