import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import nodemailer, { type Transporter } from 'nodemailer';
import { checkPassword } from '../../src/lib/password-rules/index.ts';
import { escapeHtml, hiddenFields, sendPage } from './web-page.ts';

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

/** A fake app's page: its name in a coloured bar, a heading, and the body (already HTML). */
export function appPage(res: ServerResponse, status: number, brand: { name: string; color: string }, title: string, body: string): void {
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
