import type { FastifyInstance } from 'fastify';
import type { SandboxServices } from '../services.ts';
import { html, page } from './html.ts';

const when = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19);

/** What the sandbox "sent": the carrier log (every SMS, routed or held) and the mail log. */
export function adminLogPages(s: SandboxServices): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get('/admin/carrier', { schema: { hide: true } }, async (_request, reply) => {
      const rows = await s.carrier.recent(200);
      return reply.type('text/html').send(
        page(
          'Carrier log',
          html`<p>Every text message the sandbox sent, newest first. Numbers without a route in <code>SANDBOX_SMS_ROUTES</code> are <strong>HELD</strong> here so you can read the code yourself.</p>
<div class="card"><table><thead><tr><th scope="col">Time (UTC)</th><th scope="col">To</th><th scope="col">Message</th><th scope="col">Status</th><th scope="col">Gateway</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${when(r.createdAt)}</td><td>${r.toNumber}</td><td>${r.body}</td><td>${r.status}${r.attempts > 0 ? ` (${r.attempts} attempt${r.attempts === 1 ? '' : 's'})` : ''}${r.lastError ? html`<br><span class="hint">${r.lastError}</span>` : ''}</td><td>${r.gatewayUrl ?? '—'}</td></tr>`)}
</tbody></table>${rows.length === 0 ? html`<p>No messages yet.</p>` : ''}</div>`,
          { nav: 'admin' },
        ),
      );
    });

    app.get('/admin/mail', { schema: { hide: true } }, async (_request, reply) => {
      const rows = await s.mailer.recent(100);
      return reply.type('text/html').send(
        page(
          'Mail log',
          html`<p>Every email the sandbox sent, newest first. Without <code>SANDBOX_SMTP_URL</code> they are <strong>HELD</strong> here.</p>
${rows.map((r) => html`<div class="card"><p><strong>${r.subject}</strong><br>To ${r.toAddress} · ${when(r.createdAt)} · ${r.status}${r.lastError ? ` (${r.lastError})` : ''}</p><pre style="white-space:pre-wrap">${r.bodyText}</pre></div>`)}
${rows.length === 0 ? html`<p>No email yet.</p>` : ''}`,
          { nav: 'admin' },
        ),
      );
    });
  };
}
