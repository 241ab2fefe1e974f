import type { FastifyInstance } from 'fastify';
import { parsePasswordRules } from '../../../server/src/lib/password-rules/index.ts';
import { FormError } from '../accounts/form-error.ts';
import { describePasswordRules } from '../accounts/password-rules-text.ts';
import type { SandboxServices } from '../services.ts';
import { field } from '../http/forms.ts';
import { codeForm } from './code-form.ts';
import { errorBox, html, page } from './html.ts';
import { formAction } from './form-action.ts';
import { setSessionCookie } from './session-cookie.ts';

const ended = {
  EXPIRED: 'This invitation has expired. Ask the business to send you a new one.',
  ACCEPTED: 'This invitation was already used. Log in instead.',
  CANCELLED: 'This invitation was cancelled by the business.',
} as const;

/** Sign up from an invite link: password meeting the business's published rule, then a phone proven by SMS code. */
export function signupPages(s: SandboxServices, opts: { secureCookies: boolean }): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    async function renderForm(token: string, errors: string[], phone: string): Promise<{ status: number; body: string }> {
      const found = token ? await s.invites.inspect(token) : null;
      if (!found) return { status: 404, body: page('Invitation not found', html`<div class="error" role="alert"><p>This invitation link is not valid. Check that you copied the whole link from the email.</p></div>`) };
      const { invite, business } = found;
      if (invite.status !== 'PENDING') return { status: 410, body: page('Invitation unavailable', html`<div class="error" role="alert"><p>${ended[invite.status]}</p></div><p><a href="/login">Log in</a></p>`) };
      const rules = describePasswordRules(parsePasswordRules(business.passwordRules));
      const body = html`<p>You're invited to join <strong>${business.name}</strong> as <strong>${invite.role}</strong>. Create your account to accept.</p>
<div class="card">${errorBox(errors)}
<form method="post" action="/signup" novalidate>
  <input type="hidden" name="token" value="${token}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" value="${invite.email}" readonly aria-describedby="email-hint">
  <p class="hint" id="email-hint">The invitation was sent to this address; it cannot be changed.</p>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules" passwordrules="${business.passwordRules}">
  <div class="hint" id="password-rules"><p>${business.name}'s password rule:</p><ul>${rules.map((r) => html`<li>${r}</li>`)}</ul></div>
  <label for="phone">Mobile phone number</label>
  <input id="phone" name="phone" type="tel" autocomplete="tel" value="${phone}" required aria-describedby="phone-hint" placeholder="+1 555 010 0199">
  <p class="hint" id="phone-hint">In international form, starting with + and the country code. We'll text you a 6-digit code to confirm it.</p>
  <button type="submit">Send verification code</button>
</form></div>`;
      return { status: errors.length > 0 ? 422 : 200, body: page('Create your account', body) };
    }

    app.get('/signup', { schema: { hide: true } }, async (request, reply) => {
      const r = await renderForm(String((request.query as { token?: unknown }).token ?? ''), [], '');
      return reply.code(r.status).type('text/html').send(r.body);
    });

    const verifyPage = (challengeId: string, errors: string[] = [], notice?: string): string =>
      page('Confirm your phone', codeForm({ action: '/signup/verify', resendAction: '/signup/resend', challengeId, label: 'Verification code', hint: 'Enter the 6-digit code we just texted to you.', errors, ...(notice ? { notice } : {}) }));

    app.post('/signup', { schema: { hide: true } }, async (request, reply) => {
      const token = field(request.body, 'token');
      try {
        const challengeId = await s.signup.start(token, { password: field(request.body, 'password'), phone: field(request.body, 'phone') });
        return reply.type('text/html').send(verifyPage(challengeId));
      } catch (e) {
        if (!(e instanceof FormError)) throw e;
        const r = await renderForm(token, e.messages, field(request.body, 'phone'));
        return reply.code(r.status === 200 ? 422 : r.status).type('text/html').send(r.body);
      }
    });

    app.post('/signup/resend', { schema: { hide: true } }, async (request, reply) => {
      const id = field(request.body, 'challenge');
      return formAction(
        reply,
        async () => {
          await s.signup.resendCode(id);
          return verifyPage(id, [], 'We sent a new code. Earlier codes no longer work.');
        },
        (errors) => verifyPage(id, errors),
      );
    });

    app.post('/signup/verify', { schema: { hide: true } }, async (request, reply) => {
      const id = field(request.body, 'challenge');
      return formAction(
        reply,
        async () => {
          setSessionCookie(reply, await s.signup.complete(id, field(request.body, 'code')), opts.secureCookies);
          return reply.redirect('/account?welcome=1', 303);
        },
        (errors) => verifyPage(id, errors),
      );
    });
  };
}
