import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appPage, AppAccounts, FakeMailer, formRefusal, problemList, serveInvitePage, type AppAccount } from '../../../test/fakes/app-accounts.ts';
import { escapeHtml, hiddenFields, isRedirectUri, readForm, redirectWith } from '../../../test/fakes/web-page.ts';
import type { FakeGraph } from './fake-api.ts';

/** Facebook's password rule as this fake enforces it (the rule the app definition publishes). */
const passwordRules = 'minlength: 8; maxlength: 64; required: lower; required: upper; required: digit; required: [-!#$%*_+=?@];';
const rulesHint = '8 to 64 characters, with a lower-case and an upper-case letter, a digit and one of - ! # $ % * _ + = ? @';
const brand = { name: 'Meta', color: '#0866ff' };
const loginParams = ['client_id', 'redirect_uri', 'state', 'response_type', 'scope'];
const knownScopes = new Set(['public_profile', 'email', 'business_management']);

export interface MetaWebOptions {
  /** Send invitation e-mails here (e.g. an in-process SMTP sink); off by default: they are only recorded. */
  smtpUrl?: string | null;
  /** The name Facebook Login shows for the Meta app asking (the instance's app). */
  appName?: string;
  /** When given, the only redirect URIs Facebook Login accepts (the app's "Valid OAuth Redirect URIs"). */
  redirectUris?: string[];
}

export interface MetaWeb {
  /** Facebook profiles: made on the invitation page, or beforehand with `addProfile`. */
  profiles: AppAccounts;
  mailer: FakeMailer;
  addProfile(email: string, name: string, password: string): AppAccount;
}

type Invitation = { businessId: string; businessName: string; requestId: string; email: string };

/**
 * Meta's browser side for tests, on the fake Graph's server (attach after `start()`): the business
 * invitation page that `invite_link` and the invite e-mail point to (create or log in to a Facebook
 * profile, then "Accept invitation", which calls `accept` with the profile's name), and Facebook
 * Login's dialog at `/<version>/dialog/oauth`: "Continue as <name>" for the profile signed in on
 * this server (cookie `fb_session`), redirecting to `redirect_uri` with `state` and a single-use
 * `code` registered in `loginCodes`. Parameters are checked as strictly as the API's.
 *
 * @example const web = attachMetaWeb(graph, { smtpUrl: sink.url, appName: 'Latchkey' });
 */
export function attachMetaWeb(api: FakeGraph, opts: MetaWebOptions = {}): MetaWeb {
  if (!api.url) throw new Error('start the fake Graph before attaching its pages');
  const profiles = new AppAccounts('fb_session', passwordRules);
  const mailer = new FakeMailer(opts.smtpUrl ?? null, 'Meta for Business <notification@business.facebook.test>');
  api.inviteLinkBase = new URL(api.url).origin;
  api.onInvite.push((i) =>
    mailer.send({
      to: i.email,
      subject: `${i.businessName} invited you to join their business portfolio`,
      text: [`${i.businessName} invited you to join their business portfolio on Meta Business Manager.`, '', 'Accept the invitation:', i.inviteLink, '', 'If you don’t want to join, you can ignore this email.'].join('\n'),
    }),
  );

  serveInvitePage<Invitation>(api.web, {
    path: '/invitation/',
    aliases: ['/invitation'],
    brand,
    accounts: profiles,
    rulesHint,
    nameLabel: 'Facebook profile name',
    fields: ['token', 'step', 'name', 'password'],
    unavailableTitle: 'Invitation unavailable',
    wrongAccount: 'Log in with the profile this invitation was sent to.',
    failTitle: 'Sorry, something went wrong',
    find(token) {
      for (const b of api.businesses.values()) {
        const r = b.requests.get(token);
        if (!r) continue;
        const status = api.status(r);
        if (status === 'ACCEPTED') return { status: 410, problem: 'This invitation was already accepted.' };
        if (status !== 'PENDING') return { status: 410, problem: 'This invitation has expired. Ask an admin of the business to send a new one.' };
        return { businessId: b.id, businessName: b.name, requestId: r.id, email: r.email };
      }
      return { status: 404, problem: 'This invitation link isn’t valid.' };
    },
    businessName: (inv) => inv.businessName,
    intro: (inv) => `<p>${escapeHtml(inv.businessName)} invited <b>${escapeHtml(inv.email)}</b> to join their business portfolio on Meta Business Manager.</p>`,
    signedIn: ({ me, intro, problems, formStart }) => ({
      body: `${intro}${problemList(problems)}<p>You’ll join as <b>${escapeHtml(me.name)}</b>, the Facebook profile you’re logged in with.</p>${formStart}<button name="step" value="accept">Accept invitation</button></form>`,
    }),
    onStep({ inv, me, res }) {
      api.accept(inv.businessId, inv.requestId, me.name);
      appPage(res, 200, brand, `You joined ${inv.businessName}`, `<p role="status">You’re now part of ${escapeHtml(inv.businessName)} on Meta Business Manager as ${escapeHtml(me.name)}.</p>`);
    },
  });

  /** Facebook Login's checks on the dialog's parameters: the reason for its error page, or null. */
  function loginRefusal(p: URLSearchParams): string | null {
    for (const k of p.keys()) if (!loginParams.includes(k)) return `Unknown parameter ${k}.`;
    if (!api.apps.has(p.get('client_id') ?? '')) return 'Invalid App ID: The provided app ID does not look like a valid app ID.';
    const redirectUri = p.get('redirect_uri');
    if (!isRedirectUri(redirectUri)) return 'redirect_uri must be an absolute http(s) URL.';
    if (opts.redirectUris && !opts.redirectUris.includes(redirectUri)) return 'URL Blocked: the redirect URI is not in the app’s Valid OAuth Redirect URIs.';
    if ((p.get('response_type') ?? 'code') !== 'code') return 'response_type must be code.';
    const unknown = (p.get('scope') ?? '').split(',').filter((s) => s && !knownScopes.has(s));
    return unknown.length ? `Invalid Scopes: ${unknown.join(', ')}.` : null;
  }

  function dialogPage(res: ServerResponse, req: IncomingMessage, params: URLSearchParams, problems: string[] = []): void {
    const refused = loginRefusal(params);
    if (refused) return appPage(res, 400, brand, 'Sorry, something went wrong', `<p role="alert">${escapeHtml(refused)}</p>`);
    const form = `<form method="post" action="/${api.version}/dialog/oauth">${hiddenFields(Object.fromEntries(params))}`;
    const appName = opts.appName ?? 'This app';
    const me = profiles.signedIn(req);
    if (!me) {
      return appPage(res, problems.length ? 400 : 200, brand, 'Log in to Facebook', `<p>Log in to continue to ${escapeHtml(appName)}.</p>${problemList(problems)}${form}<label for="email">Email</label><input id="email" name="email" autocomplete="username"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password"><button name="decision" value="login">Log in</button></form>`);
    }
    appPage(res, 200, brand, `${appName} is requesting access`, `<p>${escapeHtml(appName)} will receive your name and email address.</p><p>Logged in as <b>${escapeHtml(me.name)}</b>.</p>${form}<button name="decision" value="continue">Continue as ${escapeHtml(me.name)}</button><button name="decision" value="cancel">Cancel</button></form>`);
  }

  async function postDialog(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const refused = formRefusal(req, form, [...loginParams, 'decision', 'email', 'password']);
    if (refused || !form) return appPage(res, 400, brand, 'Sorry, something went wrong', `<p role="alert">${escapeHtml(refused ?? '')}</p>`);
    const params = new URLSearchParams([...form].filter(([k]) => loginParams.includes(k)));
    const bad = loginRefusal(params);
    if (bad) return appPage(res, 400, brand, 'Sorry, something went wrong', `<p role="alert">${escapeHtml(bad)}</p>`);
    const decision = form.get('decision');
    if (decision === 'login') {
      const account = profiles.logIn(form.get('email') ?? '', form.get('password') ?? '');
      if (!account) return dialogPage(res, req, params, ['The email or password you entered is incorrect.']);
      res.writeHead(303, { location: `/${api.version}/dialog/oauth?${params.toString()}`, 'set-cookie': profiles.startSession(account) }).end();
      return;
    }
    const redirectUri = params.get('redirect_uri')!;
    const state = params.get('state');
    if (decision === 'cancel') return redirectWith(res, redirectUri, { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state });
    const me = profiles.signedIn(req);
    if (decision !== 'continue' || !me) return dialogPage(res, req, params, ['Log in to continue.']);
    const code = randomBytes(24).toString('base64url');
    api.loginCodes.set(code, { appId: params.get('client_id')!, redirectUri, profile: { id: me.id, name: me.name, email: me.email } });
    return redirectWith(res, redirectUri, { code, state });
  }

  api.web.push((req, res, url) => {
    if (url.pathname !== `/${api.version}/dialog/oauth`) return false;
    if (req.method === 'POST') {
      void postDialog(req, res).catch((e: unknown) => {
        if (!res.headersSent) appPage(res, 500, brand, 'Sorry, something went wrong', `<p role="alert">${escapeHtml((e as Error).message)}</p>`);
      });
    } else dialogPage(res, req, url.searchParams);
    return true;
  });

  return {
    profiles,
    mailer,
    addProfile: (email, name, password) => profiles.add(email, name, password),
  };
}
