import { errorBox, html, type Html } from './html.ts';

/**
 * The "enter the code" step shared by signup, login and phone change. `autocomplete=one-time-code`
 * lets phones offer the code from the SMS; the resend button posts the same challenge id.
 */
export function codeForm(p: { action: string; resendAction: string | null; challengeId: string; label: string; hint: string; errors?: string[]; notice?: string; hidden?: Record<string, string> }): Html {
  const hidden = Object.entries(p.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  return html`<div class="card">
${p.notice ? html`<p class="ok" role="status">${p.notice}</p>` : ''}
${errorBox(p.errors ?? [])}
<form method="post" action="${p.action}">
  <input type="hidden" name="challenge" value="${p.challengeId}">
  ${hidden}
  <label for="code">${p.label}</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required aria-describedby="code-hint" autofocus>
  <p class="hint" id="code-hint">${p.hint}</p>
  <button type="submit">Continue</button>
</form>
${p.resendAction ? html`<form method="post" action="${p.resendAction}"><input type="hidden" name="challenge" value="${p.challengeId}">${hidden}<button type="submit" class="secondary">Send a new code</button></form>` : ''}
</div>`;
}
