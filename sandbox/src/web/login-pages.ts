import type { FastifyInstance } from 'fastify';
import type { SecondFactor } from '../accounts/login.ts';
import { field } from '../http/forms.ts';
import type { SandboxServices } from '../services.ts';
import { codeForm } from './code-form.ts';
import { formAction } from './form-action.ts';
import { errorBox, html, page } from './html.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session-cookie.ts';

/** Password, then an SMS code, or the authenticator code for users who turned TOTP on. */
export function loginPages(s: SandboxServices, opts: { secureCookies: boolean }): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const loginForm = (email: string, errors: string[] = []): string =>
      page('Log in', html`<div class="card">${errorBox(errors)}
<form method="post" action="/login">
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${email}" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Continue</button>
</form></div>`);

    const codePage = (challengeId: string, method: SecondFactor, hint: string, errors: string[] = [], notice?: string): string =>
      page(
        'Two-step verification',
        html`${codeForm({
          action: '/login/verify',
          resendAction: method === 'SMS' ? '/login/resend' : null,
          challengeId,
          label: method === 'SMS' ? 'Code from the text message' : 'Code from your authenticator app',
          hint: method === 'SMS' ? `We texted a 6-digit code to ${hint}.` : 'Open your authenticator app and enter the current 6-digit code.',
          errors,
          hidden: { method, hint },
          ...(notice ? { notice } : {}),
        })}`,
      );

    app.get('/login', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(loginForm('')));

    app.post('/login', { schema: { hide: true } }, async (request, reply) => {
      const email = field(request.body, 'email');
      return formAction(
        reply,
        async () => {
          const r = await s.login.start(email, field(request.body, 'password'));
          return codePage(r.challengeId, r.method, r.phoneHint);
        },
        (errors) => loginForm(email, errors),
      );
    });

    app.post('/login/resend', { schema: { hide: true } }, async (request, reply) => {
      const id = field(request.body, 'challenge');
      return formAction(
        reply,
        async () => {
          await s.login.resendCode(id);
          return codePage(id, 'SMS', field(request.body, 'hint') || 'your phone', [], 'We sent a new code. Earlier codes no longer work.');
        },
        (errors) => loginForm('', errors),
      );
    });

    app.post('/login/verify', { schema: { hide: true } }, async (request, reply) => {
      const id = field(request.body, 'challenge');
      const method: SecondFactor = field(request.body, 'method') === 'TOTP' ? 'TOTP' : 'SMS';
      return formAction(
        reply,
        async () => {
          setSessionCookie(reply, await s.login.complete(id, field(request.body, 'code')), opts.secureCookies);
          return reply.redirect('/account', 303);
        },
        (errors) => codePage(id, method, field(request.body, 'hint') || 'your phone', errors),
      );
    });

    app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
      await s.sessions.end(s.database.db, sessionToken(request));
      clearSessionCookie(reply);
      return reply.redirect('/login', 303);
    });
  };
}
