import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getUser, type UserRow } from '../accounts/repo.ts';
import { FormError } from '../accounts/form-error.ts';
import { field } from '../http/forms.ts';
import { businessesOfUser } from '../members/repo.ts';
import type { SandboxServices } from '../services.ts';
import { codeForm } from './code-form.ts';
import { errorBox, html, page, type Html } from './html.ts';
import { currentUser } from './session-cookie.ts';

/** The member's own settings: password (rule enforced), phone (re-verified by SMS), authenticator app. */
export function accountPages(s: SandboxServices): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    async function render(user: UserRow, opts: { errors?: string[]; notice?: string; section?: string } = {}): Promise<string> {
      const memberships = await businessesOfUser(s.database.db, user.id);
      const totpSecret = user.totpSecret ? null : s.settings.newTotpSecret();
      const at = (section: string): Html => (opts.section === section ? html`${opts.notice ? html`<p class="ok" role="status">${opts.notice}</p>` : ''}${errorBox(opts.errors ?? [])}` : html``);
      return page(
        'My account',
        html`<div class="card"><p><strong>${user.email}</strong> · phone ${user.phone} · two-step verification by ${user.totpSecret ? 'authenticator app' : 'text message'}</p>
${at('top')}
<h2>Businesses</h2>${memberships.length === 0 ? html`<p>None yet.</p>` : html`<ul>${memberships.map((b) => html`<li>${b.name} — ${b.role}</li>`)}</ul>`}</div>
<div class="card"><h2>Change password</h2>${at('password')}
<form method="post" action="/account/password">
<label for="current">Current password</label><input id="current" name="current" type="password" autocomplete="current-password" required>
<label for="next">New password</label><input id="next" name="next" type="password" autocomplete="new-password" required aria-describedby="next-hint">
<p class="hint" id="next-hint">Must meet the password rule of every business you belong to.</p>
<button type="submit">Change password</button></form></div>
<div class="card"><h2>Change phone number</h2>${at('phone')}
<form method="post" action="/account/phone">
<label for="phone">New mobile number</label><input id="phone" name="phone" type="tel" autocomplete="tel" required aria-describedby="phone-hint" placeholder="+1 555 010 0199">
<p class="hint" id="phone-hint">We'll text a code to the new number; it replaces the old one once you enter the code.</p>
<button type="submit">Send code</button></form></div>
<div class="card"><h2>Authenticator app</h2>${at('totp')}
${
  totpSecret
    ? html`<form method="post" action="/account/totp/enable"><p>Add this setup key to your authenticator app, then enter the code it shows.</p>
<p>Setup key: <code id="totp-secret">${totpSecret}</code></p>
<p class="hint">Or use the link <code>otpauth://totp/Sandbox%20Business%20Center:${encodeURIComponent(user.email)}?secret=${totpSecret}&amp;issuer=Sandbox%20Business%20Center</code></p>
<input type="hidden" name="secret" value="${totpSecret}">
<label for="totp-code">Code from the app</label><input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Turn on</button></form>`
    : html`<form method="post" action="/account/totp/disable"><p>Logins ask for your authenticator code instead of a text message.</p>
<label for="totp-password">Password</label><input id="totp-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="secondary">Turn off</button></form>`
}</div>`,
        { nav: 'member' },
      );
    }

    /** Runs `fn` for the signed-in user, or sends them to the login page. */
    async function withUser(request: FastifyRequest, reply: FastifyReply, fn: (user: UserRow) => Promise<string>): Promise<FastifyReply> {
      const user = await currentUser(s, request);
      if (!user) return reply.redirect('/login', 303);
      return reply.type('text/html').send(await fn(user));
    }

    /** Re-renders with the form's errors on a FormError; other errors go to the shared handler. */
    async function attempt(user: UserRow, section: string, notice: string, fn: () => Promise<void>): Promise<string> {
      try {
        await fn();
      } catch (e) {
        if (!(e instanceof FormError)) throw e;
        return render(user, { section, errors: e.messages });
      }
      return render((await getUser(s.database.db, user.id)) ?? user, { section, notice });
    }

    app.get('/account', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, (user) => render(user, 'welcome' in (request.query as object) ? { section: 'top', notice: 'Welcome! Your account is ready and the invitation is accepted.' } : {})),
    );

    app.post('/account/password', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, (user) => attempt(user, 'password', 'Your password was changed.', () => s.settings.changePassword(user.id, field(request.body, 'current'), field(request.body, 'next')))),
    );

    const phoneCodePage = (challengeId: string, phone: string, errors: string[] = []): string =>
      page('Confirm your new phone', codeForm({ action: '/account/phone/verify', resendAction: null, challengeId, label: 'Verification code', hint: `We texted a 6-digit code to ${phone}.`, errors, hidden: { phone } }), { nav: 'member' });

    app.post('/account/phone', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, async (user) => {
        try {
          const id = await s.settings.startPhoneChange(user.id, field(request.body, 'phone'));
          return phoneCodePage(id, field(request.body, 'phone'));
        } catch (e) {
          if (!(e instanceof FormError)) throw e;
          return render(user, { section: 'phone', errors: e.messages });
        }
      }),
    );

    app.post('/account/phone/verify', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, async (user) => {
        const id = field(request.body, 'challenge');
        try {
          const phone = await s.settings.completePhoneChange(user.id, id, field(request.body, 'code'));
          return render({ ...user, phone }, { section: 'phone', notice: `Your phone number is now ${phone}.` });
        } catch (e) {
          if (!(e instanceof FormError)) throw e;
          return phoneCodePage(id, field(request.body, 'phone'), e.messages);
        }
      }),
    );

    app.post('/account/totp/enable', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, (user) => attempt(user, 'totp', 'Authenticator app turned on. Logins now ask for its code.', () => s.settings.enableTotp(user.id, field(request.body, 'secret'), field(request.body, 'code')))),
    );

    app.post('/account/totp/disable', { schema: { hide: true } }, async (request, reply) =>
      withUser(request, reply, (user) => attempt(user, 'totp', 'Authenticator app turned off. Logins now text you a code.', () => s.settings.disableTotp(user.id, field(request.body, 'password')))),
    );
  };
}
