import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { appPage, AppAccounts, FakeMailer, linkToken, problemList, serveInvitePage, type AppInvites } from '../../../test/fakes/app-accounts.ts';
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

/** TikTok's password rule as this fake enforces it (the rule the app definition publishes). */
const passwordRules = 'minlength: 8; maxlength: 20; required: lower, upper; required: digit; required: [-!#$%*_+=?@.];';
const rulesHint = '8 to 20 characters, with a letter, a digit and one of - ! # $ % * _ + = ? @ .';
const brand = { name: 'TikTok For Business', color: '#010101' };

export type TikTokInvites = AppInvites;

/**
 * The invitee's side of a Business Center invitation, on the fake TikTok's server (attach after
 * `start()`). TikTok's API exposes no invite link, so like TikTok the fake e-mails one for every
 * invitation the API creates (over SMTP when `smtpUrl` is set; recorded only by default). The link
 * opens `/bc/invitation/`: sign up or log in, "Accept", optionally rename yourself for the Business
 * Center, then "Join", which calls `accept` and sets the member's `user_name`.
 *
 * @example const invites = attachTikTokInvites(tiktok, { smtpUrl: sink.url });
 */
export function attachTikTokInvites(api: FakeTikTok, opts: { smtpUrl?: string | null } = {}): TikTokInvites {
  if (!api.url) throw new Error('start the fake TikTok before attaching its pages');
  const origin = new URL(api.url).origin;
  const accounts = new AppAccounts('tt_session', passwordRules);
  const mailer = new FakeMailer(opts.smtpUrl ?? null, 'TikTok For Business <no-reply@business.tiktok.test>');
  const links = new Map<string, { bcId: string; userId: string }>();

  api.onInvite.push((i) => {
    const token = linkToken();
    links.set(token, { bcId: i.bcId, userId: i.userId });
    mailer.send({
      to: i.email,
      subject: `You're invited to join ${i.bcName} on TikTok Business Center`,
      text: [`${i.bcName} invited you to join their Business Center on TikTok For Business.`, '', 'Accept the invitation:', `${origin}/bc/invitation/?token=${token}`].join('\n'),
    });
  });

  serveInvitePage<{ bcId: string; bcName: string; email: string }, { rename: boolean }>(api.web, {
    path: '/bc/invitation/',
    brand,
    accounts,
    rulesHint,
    nameLabel: 'Name',
    fields: ['token', 'step', 'name', 'password', 'user_name'],
    unavailableTitle: 'Invitation unavailable',
    wrongAccount: 'Log in with the account this invitation was sent to.',
    find(token) {
      const link = links.get(token);
      const bc = link ? api.bcs.get(link.bcId) : undefined;
      const m = link ? bc?.members.get(link.userId) : undefined;
      if (!link || !bc || !m) return { status: 404, problem: 'This invitation link isn’t valid.' };
      if (m.relation_status === 'BOUND') return { status: 410, problem: 'You already joined this Business Center.' };
      if (m.relation_status !== 'PENDING') return { status: 410, problem: 'This invitation is no longer valid.' };
      return { bcId: bc.id, bcName: bc.name, email: m.user_email };
    },
    businessName: (inv) => inv.bcName,
    intro: (inv) => `<p>${escapeHtml(inv.bcName)} invited <b>${escapeHtml(inv.email)}</b> to join their Business Center.</p>`,
    isAccountStep: (step) => step === 'signup' || step === 'login',
    // "Accept" leads to a second step: the name to show in the Business Center, then "Join".
    signedIn: ({ inv, me, problems, formStart, view }) =>
      view?.rename
        ? { status: problems.length ? 400 : 200, body: `<p>Choose how members of ${escapeHtml(inv.bcName)} see you. You can keep your account name.</p>${problemList(problems)}${formStart}<label for="user_name">Your name in this Business Center</label><input id="user_name" name="user_name" value="${escapeHtml(me.name)}" maxlength="250"><button name="step" value="join">Join</button></form>` }
        : undefined,
    onStep({ form, inv, res, again }) {
      const step = form.get('step');
      if (step === 'accept') return again([], { rename: true });
      const name = (form.get('user_name') ?? '').trim();
      if (step !== 'join' || !name || name.length > 250) return again(['Enter a name of 1 to 250 characters.'], { rename: true });
      const m = api.accept(inv.bcId, inv.email);
      m.user_name = name;
      appPage(res, 200, brand, `You joined ${inv.bcName}`, `<p role="status">Welcome to ${escapeHtml(inv.bcName)}, ${escapeHtml(name)}.</p>`);
    },
  });

  return {
    accounts,
    mailer,
    addAccount: (email, name, password) => accounts.add(email, name, password),
  };
}
