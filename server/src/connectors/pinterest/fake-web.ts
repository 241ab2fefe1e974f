import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { appPage, AppAccounts, FakeMailer, linkToken, serveInvitePage, type AppInvites } from '../../../test/fakes/app-accounts.ts';
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

/** Pinterest's password rule as this fake enforces it (the rule the app definition publishes). */
const passwordRules = 'minlength: 8; maxlength: 64; required: lower; required: upper; required: digit; allowed: [-!#$%*_+=?@];';
const rulesHint = '8 to 64 characters, with a lower-case and an upper-case letter and a digit; symbols - ! # $ % * _ + = ? @ allowed';
const brand = { name: 'Pinterest Business', color: '#e60023' };

export type PinterestInvites = AppInvites;

/**
 * The invitee's side of a Pinterest business invite, on the fake Pinterest's server (attach after
 * `start()`). Pinterest's API exposes no invite link, so like Pinterest the fake e-mails one for
 * every invite the API creates (over SMTP when `smtpUrl` is set; recorded only by default). The
 * link opens `/business/invite/`: create a Pinterest account (the app's password rule applies) or
 * log in, then "Accept", which calls `accept` — and the member appears with the invite's assets.
 *
 * @example const invites = attachPinterestInvites(pinterest, { smtpUrl: sink.url, businessNames: { '5497': 'Acme Pins' } });
 */
export function attachPinterestInvites(api: FakePinterest, opts: { smtpUrl?: string | null; businessNames?: Record<string, string> } = {}): PinterestInvites {
  if (!api.url) throw new Error('start the fake Pinterest before attaching its pages');
  const origin = new URL(api.url).origin;
  const accounts = new AppAccounts('_pinterest_sess', passwordRules);
  const mailer = new FakeMailer(opts.smtpUrl ?? null, 'Pinterest Business <no-reply@business.pinterest.test>');
  const links = new Map<string, { businessId: string; inviteId: string }>();
  const nameOf = (businessId: string): string => opts.businessNames?.[businessId] ?? `Business ${businessId}`;

  api.onInvite.push((i) => {
    const token = linkToken();
    links.set(token, { businessId: i.businessId, inviteId: i.inviteId });
    const name = nameOf(i.businessId);
    mailer.send({
      to: i.email,
      subject: `${name} invited you to join their business on Pinterest`,
      text: [`${name} invited you to join their Pinterest Business Manager as ${i.role === 'BIZ_ADMIN' ? 'an admin' : 'an employee'}.`, '', 'Accept the invite:', `${origin}/business/invite/?token=${token}`, '', 'This invite expires in 7 days.'].join('\n'),
    });
  });

  serveInvitePage<{ businessId: string; inviteId: string; email: string; name: string }>(api.web, {
    path: '/business/invite/',
    brand,
    accounts,
    rulesHint,
    fields: ['token', 'step', 'password'],
    unavailableTitle: 'Invite unavailable',
    wrongAccount: 'Log in with the account this invite was sent to.',
    find(token) {
      const link = links.get(token);
      const inv = link ? api.businesses.get(link.businessId)?.invites.get(link.inviteId) : undefined;
      if (!link || !inv) return { status: 404, problem: 'This invite link isn’t valid.' };
      const status = api.status(inv);
      if (status === 'ACCEPTED') return { status: 410, problem: 'You already accepted this invite.' };
      if (status !== 'PENDING') return { status: 410, problem: status === 'EXPIRED' ? 'This invite has expired. Ask the business admin to send a new one.' : 'This invite is no longer available.' };
      return { ...link, email: inv.email, name: nameOf(link.businessId) };
    },
    businessName: (inv) => inv.name,
    intro: (inv) => `<p>${escapeHtml(inv.name)} invited <b>${escapeHtml(inv.email)}</b> to join their business on Pinterest.</p>`,
    onStep({ inv, res }) {
      api.accept(inv.businessId, inv.inviteId);
      appPage(res, 200, brand, `You joined ${inv.name}`, `<p role="status">You’re now a member of ${escapeHtml(inv.name)} on Pinterest Business.</p>`);
    },
  });

  return {
    accounts,
    mailer,
    addAccount: (email, name, password) => accounts.add(email, name, password),
  };
}
