import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { accountForm, accountStep, appPage, AppAccounts, FakeMailer, formRefusal, linkToken, problemList, type AppAccount } from '../../../test/fakes/app-accounts.ts';
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

export interface TikTokInvites {
  /** People's TikTok For Business accounts: made on the invite page, or beforehand with `addAccount`. */
  accounts: AppAccounts;
  mailer: FakeMailer;
  addAccount(email: string, name: string, password: string): AppAccount;
}

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

  function invitation(token: string): { bcId: string; bcName: string; email: string } | { status: number; problem: string } {
    const link = links.get(token);
    const bc = link ? api.bcs.get(link.bcId) : undefined;
    const m = link ? bc?.members.get(link.userId) : undefined;
    if (!link || !bc || !m) return { status: 404, problem: 'This invitation link isn’t valid.' };
    if (m.relation_status === 'BOUND') return { status: 410, problem: 'You already joined this Business Center.' };
    if (m.relation_status !== 'PENDING') return { status: 410, problem: 'This invitation is no longer valid.' };
    return { bcId: bc.id, bcName: bc.name, email: m.user_email };
  }

  function page(res: ServerResponse, req: IncomingMessage, token: string, problems: string[] = [], { rename = false, name = '' } = {}): void {
    const inv = invitation(token);
    if ('problem' in inv) return appPage(res, inv.status, brand, 'Invitation unavailable', `<p role="alert">${escapeHtml(inv.problem)}</p>`);
    const intro = `<p>${escapeHtml(inv.bcName)} invited <b>${escapeHtml(inv.email)}</b> to join their Business Center.</p>`;
    const me = accounts.signedIn(req);
    if (me?.email !== inv.email) {
      return appPage(res, problems.length ? 400 : 200, brand, `Join ${inv.bcName}`, intro + accountForm(accounts, { action: '/bc/invitation/', hidden: { token }, email: inv.email, nameLabel: 'Name', name, rulesHint, problems }));
    }
    const form = `${problemList(problems)}<form method="post" action="/bc/invitation/">${hiddenFields({ token })}`;
    if (!rename) return appPage(res, 200, brand, `Join ${inv.bcName}`, `${intro}${form}<button name="step" value="accept">Accept</button></form>`);
    appPage(res, problems.length ? 400 : 200, brand, `Join ${inv.bcName}`, `<p>Choose how members of ${escapeHtml(inv.bcName)} see you. You can keep your account name.</p>${form}<label for="user_name">Your name in this Business Center</label><input id="user_name" name="user_name" value="${escapeHtml(me.name)}" maxlength="250"><button name="step" value="join">Join</button></form>`);
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const refused = formRefusal(req, form, ['token', 'step', 'name', 'password', 'user_name']);
    if (refused || !form) return appPage(res, 400, brand, 'Something went wrong', `<p role="alert">${escapeHtml(refused ?? '')}</p>`);
    const token = form.get('token') ?? '';
    const inv = invitation(token);
    if ('problem' in inv) return appPage(res, inv.status, brand, 'Invitation unavailable', `<p role="alert">${escapeHtml(inv.problem)}</p>`);
    const step = form.get('step');
    if (step === 'signup' || step === 'login') {
      const done = accountStep(accounts, form, inv.email);
      if ('problems' in done) return page(res, req, token, done.problems, { name: form.get('name') ?? '' });
      res.writeHead(303, { location: `/bc/invitation/?token=${encodeURIComponent(token)}`, 'set-cookie': done.cookie }).end();
      return;
    }
    if (accounts.signedIn(req)?.email !== inv.email) return page(res, req, token, ['Log in with the account this invitation was sent to.']);
    if (step === 'accept') return page(res, req, token, [], { rename: true });
    const name = (form.get('user_name') ?? '').trim();
    if (step !== 'join' || !name || name.length > 250) return page(res, req, token, ['Enter a name of 1 to 250 characters.'], { rename: true });
    const m = api.accept(inv.bcId, inv.email);
    m.user_name = name;
    appPage(res, 200, brand, `You joined ${inv.bcName}`, `<p role="status">Welcome to ${escapeHtml(inv.bcName)}, ${escapeHtml(name)}.</p>`);
  }

  api.web.push((req, res, url) => {
    if (url.pathname !== '/bc/invitation/') return false;
    if (req.method === 'POST') {
      void post(req, res).catch((e: unknown) => {
        if (!res.headersSent) appPage(res, 500, brand, 'Something went wrong', `<p role="alert">${escapeHtml((e as Error).message)}</p>`);
      });
    } else page(res, req, url.searchParams.get('token') ?? '');
    return true;
  });

  return {
    accounts,
    mailer,
    addAccount(email, name, password) {
      const made = accounts.signUp(email, password, name);
      if (Array.isArray(made)) throw new Error(made.join(' '));
      return made;
    },
  };
}
