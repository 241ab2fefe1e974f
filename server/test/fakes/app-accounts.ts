import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import nodemailer, { type Transporter } from 'nodemailer';
import { checkPassword } from '../../src/lib/password-rules/index.ts';
import type { FakeWebHandler } from './http-request.ts';
import { escapeHtml, hiddenFields, readForm, sendPage } from './web-page.ts';

/**
 * What the fake apps' invite pages (`connectors/<app>/fake-web.ts`) share beside `web-page.ts`:
 * the people's own accounts in the app (sign-up against the app's password rule, log-in, a
 * session cookie), strict checks on posted forms, and the app's invite e-mail over real SMTP.
 */

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The app's own check on a posted form: sent from its own pages (no other `Origin`) and holding
 * only the fields the page has. Returns the reason to refuse it, or null.
 */
export function formRefusal(req: IncomingMessage, form: URLSearchParams | null, fields: readonly string[]): string | null {
  if (!form) return 'Send the form as application/x-www-form-urlencoded.';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) return 'Forms from other sites are refused.';
  for (const k of form.keys()) if (!fields.includes(k)) return `Unexpected field ${k}.`;
  return null;
}

export interface AppAccount {
  id: string;
  email: string;
  password: string;
  name: string;
}

/**
 * People's accounts in a fake app (not their business membership, which the API manages). Cookies
 * ignore ports, so each fake names its cookie apart from Latchkey's on 127.0.0.1.
 */
export class AppAccounts {
  readonly byEmail = new Map<string, AppAccount>();
  private readonly sessions = new Map<string, string>();

  constructor(readonly cookieName: string, readonly passwordRules: string) {}

  find(email: string): AppAccount | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  /** Creates the account, or returns every reason the app refuses it. */
  signUp(email: string, password: string, name: string): AppAccount | string[] {
    const key = email.trim().toLowerCase();
    const problems: string[] = [];
    if (this.byEmail.has(key)) problems.push('An account with this email already exists. Log in instead.');
    if (!name.trim()) problems.push('Enter your name.');
    for (const v of checkPassword(password, this.passwordRules).violations) problems.push(`The password ${v}.`);
    if (problems.length > 0) return problems;
    const account: AppAccount = { id: String(100000000000000 + randomBytes(5).readUIntBE(0, 5)), email: key, password, name: name.trim() };
    this.byEmail.set(key, account);
    return account;
  }

  /** Creates the account for a test to start from; throws with the app's reasons when it refuses. */
  add(email: string, name: string, password: string): AppAccount {
    const made = this.signUp(email, password, name);
    if (Array.isArray(made)) throw new Error(made.join(' '));
    return made;
  }

  logIn(email: string, password: string): AppAccount | null {
    const a = this.find(email);
    return a && a.password === password ? a : null;
  }

  /** Starts a session for the account; returns the Set-Cookie value. */
  startSession(account: AppAccount): string {
    const sid = randomBytes(16).toString('base64url');
    this.sessions.set(sid, account.email);
    return `${this.cookieName}=${sid}; Path=/; HttpOnly; SameSite=Lax`;
  }

  signedIn(req: IncomingMessage): AppAccount | undefined {
    const email = this.sessions.get(cookie(req, this.cookieName) ?? '');
    return email ? this.byEmail.get(email) : undefined;
  }
}

/** A fake app's name and colour, in the bar at the top of its pages. */
export interface Brand {
  name: string;
  color: string;
}

/** A fake app's page: its name in a coloured bar, a heading, and the body (already HTML). */
export function appPage(res: ServerResponse, status: number, brand: Brand, title: string, body: string): void {
  const style = `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:0 1rem 2rem}header{background:${brand.color};color:#fff;font-weight:700;padding:.6rem 1rem;margin:0 -1rem}label{display:block;margin-top:.8rem;font-weight:600}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}input[readonly]{background:#eee}button{font:inherit;margin:1rem .5rem 0 0;padding:.45rem 1.1rem}[role=alert]{color:#b3261e}</style>`;
  sendPage(res, status, `${title} | ${brand.name}`, `${style}<header>${escapeHtml(brand.name)}</header><h1>${escapeHtml(title)}</h1>${body}`);
}

/** Every problem at once, announced to screen readers. */
export function problemList(problems: readonly string[]): string {
  return problems.length ? `<div role="alert"><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>` : '';
}

export interface AccountFormOptions {
  /** Where the form posts, and what it carries along (e.g. the invite token). */
  action: string;
  hidden: Record<string, string>;
  /** The invited address: shown read-only, the account is made or opened for it only. */
  email: string;
  /** Label of the name field on sign-up (e.g. "Facebook profile name"); no field when absent. */
  nameLabel?: string;
  /** What the person typed as their name before a refused sign-up, shown again. */
  name?: string;
  /** The app's password rule in words, under the password field. */
  rulesHint: string;
  problems?: string[];
}

/**
 * The step before an invite can be accepted: log in when the app already has an account for the
 * invited e-mail, else create one. Posts `step=signup` or `step=login`; `accountStep` handles it.
 */
export function accountForm(accounts: AppAccounts, o: AccountFormOptions): string {
  const exists = accounts.find(o.email) !== undefined;
  const email = `<label for="email">Email</label><input id="email" value="${escapeHtml(o.email)}" readonly>`;
  const start = `${problemList(o.problems ?? [])}<form method="post" action="${escapeHtml(o.action)}">${hiddenFields(o.hidden)}${email}`;
  if (exists) {
    return `<p>Log in to your account to continue.</p>${start}<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password"><button name="step" value="login">Log in</button></form>`;
  }
  const name = o.nameLabel ? `<label for="name">${escapeHtml(o.nameLabel)}</label><input id="name" name="name" autocomplete="name" value="${escapeHtml(o.name ?? '')}">` : '';
  return `<p>Create your account to continue.</p>${start}${name}<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" passwordrules="${escapeHtml(accounts.passwordRules)}" aria-describedby="rules"><p id="rules">${escapeHtml(o.rulesHint)}</p><button name="step" value="signup">Create account</button></form>`;
}

/**
 * Handles `step=signup|login` from `accountForm` for the invited e-mail: the Set-Cookie value of
 * the new session, or the problems to show on the form again.
 */
export function accountStep(accounts: AppAccounts, form: URLSearchParams, email: string): { cookie: string } | { problems: string[] } {
  if (form.get('step') === 'signup') {
    const made = accounts.signUp(email, form.get('password') ?? '', form.get('name') ?? email.split('@')[0]!);
    return Array.isArray(made) ? { problems: made } : { cookie: accounts.startSession(made) };
  }
  const account = accounts.logIn(email, form.get('password') ?? '');
  return account ? { cookie: accounts.startSession(account) } : { problems: ['The password you entered is incorrect.'] };
}

export interface FakeMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * A fake app's outgoing mail. Without an SMTP URL (the default) it only records what it would
 * send, so contract tests are unaffected; with one, each message goes out over real SMTP.
 */
export class FakeMailer {
  readonly sent: FakeMail[] = [];
  readonly failures: Error[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly transport: Transporter | null;

  constructor(smtpUrl: string | null, private readonly from: string) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  send(mail: FakeMail): void {
    this.sent.push(mail);
    if (!this.transport) return;
    const p: Promise<void> = this.transport
      .sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text })
      .then(() => undefined, (e: unknown) => void this.failures.push(e as Error))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Waits for mail still being handed to SMTP (before the SMTP server closes). */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

/** An unguessable token for an invite link. */
export function linkToken(): string {
  return randomBytes(18).toString('base64url');
}

/** A fake app's invite side as tests use it: people's accounts in the app, and the invite e-mails it sent. */
export interface AppInvites {
  /** People's accounts in the app: made on the invite page, or beforehand with `addAccount`. */
  accounts: AppAccounts;
  mailer: FakeMailer;
  addAccount(email: string, name: string, password: string): AppAccount;
}

/** What an invite link leads to: the invite, or why the page can't show it (status and words). */
export type InviteLookup<I> = I | { status: number; problem: string };

/** The invite page for the invited person once logged in as the invited address. */
export interface SignedInView<I, V> {
  inv: I;
  me: AppAccount;
  /** The app's paragraph on who invited whom (`intro`). */
  intro: string;
  problems: string[];
  /** Opens a form that posts back to the page with the link's token; close it with `</form>`. */
  formStart: string;
  /** What the app's own step asked the page to show (`again`); undefined on a plain visit. */
  view: V | undefined;
}

/** A step the app handles itself, posted once the invited person is logged in as the invited address. */
export interface InviteStep<I, V> {
  form: URLSearchParams;
  inv: I;
  me: AppAccount;
  res: ServerResponse;
  /** Shows the invite page again, with these problems and the app's view. */
  again(problems: string[], view?: V): void;
}

export interface InvitePageOptions<I extends { email: string }, V> {
  /** Where the page is: a GET shows it, a POST takes its forms; `aliases` are other paths it answers at. */
  path: string;
  aliases?: readonly string[];
  brand: Brand;
  accounts: AppAccounts;
  /** The app's password rule in words, for the sign-up form. */
  rulesHint: string;
  /** Label of the sign-up form's name field; no such field when absent. */
  nameLabel?: string;
  /** Every field the page's forms post; any other is refused. */
  fields: readonly string[];
  /** Title of the page for a link that leads to no open invite, e.g. "Invite unavailable". */
  unavailableTitle: string;
  /** The problem shown to someone not logged in as the invited address who tries the app's steps. */
  wrongAccount: string;
  /** Title of the page for an unexpected failure; "Something went wrong" by default. */
  failTitle?: string;
  /** The open invite a link's token stands for. */
  find(token: string): InviteLookup<I>;
  /** The business's name ("Join <name>") and the paragraph on who invited whom (HTML). */
  businessName(inv: I): string;
  intro(inv: I): string;
  /** Whether a posted `step` is logging in or signing up (`accountStep`); by default every step but `accept`. */
  isAccountStep?(step: string | null): boolean;
  /** The page once logged in as the invited address (status 200 unless given); undefined for the intro and an "Accept" button. */
  signedIn?(v: SignedInView<I, V>): { status?: number; body: string } | undefined;
  /** The app's own steps (accepting, and any after it), answered on `res`. */
  onStep(s: InviteStep<I, V>): void;
}

/**
 * Serves a fake app's invite page on its server (`web`): the invite a link's token stands for (or
 * why it is unavailable), then sign-up or log-in for the invited address (`accountForm`), then what
 * the app does once that person is logged in (`signedIn`, `onStep`). Forms are checked with
 * `formRefusal`; a failure while handling one answers a 500 page.
 */
export function serveInvitePage<I extends { email: string }, V = undefined>(web: FakeWebHandler[], o: InvitePageOptions<I, V>): void {
  const unavailable = (res: ServerResponse, inv: { status: number; problem: string }): void => appPage(res, inv.status, o.brand, o.unavailableTitle, `<p role="alert">${escapeHtml(inv.problem)}</p>`);
  const isAccountStep = o.isAccountStep ?? ((step) => step !== 'accept');

  function page(res: ServerResponse, req: IncomingMessage, token: string, problems: string[] = [], name = '', view?: V): void {
    const inv = o.find(token);
    if ('problem' in inv) return unavailable(res, inv);
    const title = `Join ${o.businessName(inv)}`;
    const intro = o.intro(inv);
    const me = o.accounts.signedIn(req);
    if (me?.email !== inv.email) {
      return appPage(res, problems.length ? 400 : 200, o.brand, title, intro + accountForm(o.accounts, { action: o.path, hidden: { token }, email: inv.email, nameLabel: o.nameLabel, name, rulesHint: o.rulesHint, problems }));
    }
    const formStart = `<form method="post" action="${o.path}">${hiddenFields({ token })}`;
    const shown = o.signedIn?.({ inv, me, intro, problems, formStart, view }) ?? { body: `${intro}${problemList(problems)}${formStart}<button name="step" value="accept">Accept</button></form>` };
    appPage(res, shown.status ?? 200, o.brand, title, shown.body);
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const refused = formRefusal(req, form, o.fields);
    if (refused || !form) return appPage(res, 400, o.brand, 'Something went wrong', `<p role="alert">${escapeHtml(refused ?? '')}</p>`);
    const token = form.get('token') ?? '';
    const inv = o.find(token);
    if ('problem' in inv) return unavailable(res, inv);
    if (isAccountStep(form.get('step'))) {
      const done = accountStep(o.accounts, form, inv.email);
      if ('problems' in done) return page(res, req, token, done.problems, form.get('name') ?? '');
      res.writeHead(303, { location: `${o.path}?token=${encodeURIComponent(token)}`, 'set-cookie': done.cookie }).end();
      return;
    }
    const me = o.accounts.signedIn(req);
    if (me?.email !== inv.email) return page(res, req, token, [o.wrongAccount]);
    o.onStep({ form, inv, me, res, again: (problems, view) => page(res, req, token, problems, '', view) });
  }

  web.push((req, res, url) => {
    if (url.pathname !== o.path && !o.aliases?.includes(url.pathname)) return false;
    if (req.method === 'POST') {
      void post(req, res).catch((e: unknown) => {
        if (!res.headersSent) appPage(res, 500, o.brand, o.failTitle ?? 'Something went wrong', `<p role="alert">${escapeHtml((e as Error).message)}</p>`);
      });
    } else page(res, req, url.searchParams.get('token') ?? '');
    return true;
  });
}
