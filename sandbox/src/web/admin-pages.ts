import type { FastifyInstance } from 'fastify';
import type { ApiActor } from '../api/actor.ts';
import { effectiveFaults, type FaultSettings } from '../api/faults.ts';
import { field } from '../http/forms.ts';
import { SandboxError } from '../lib/errors.ts';
import { assetKinds, type AssetKind } from '../lib/roles.ts';
import type { SandboxServices } from '../services.ts';
import { html, page, type Html } from './html.ts';

const when = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 16);

/** Optional number field: blank clears the setting (back to the default), anything else must parse. */
function optionalNumber(body: unknown, name: string, label: string, max: number): number | null {
  const raw = field(body, name).trim();
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new SandboxError('validation_failed', `${label} must be a number from 0 to ${max}, or blank.`);
  return n;
}

/**
 * The sandbox operator's pages: businesses, tokens, faults, members, invites, assets. They have no
 * login of their own: the sandbox is a practice app on loopback, like maildev's inbox.
 */
export function adminPages(s: SandboxServices, faultDefaults: FaultSettings): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get('/admin', { schema: { hide: true } }, async (_request, reply) => {
      const list = await s.businesses.list();
      return reply.type('text/html').send(
        page(
          'Businesses',
          html`<div class="card"><table><thead><tr><th scope="col">Name</th><th scope="col">Business ID</th><th scope="col">Seats</th><th scope="col">Created</th></tr></thead><tbody>
${list.map((b) => html`<tr><td><a href="/admin/businesses/${b.id}">${b.name}</a></td><td><code>${b.id}</code></td><td>${b.seatLimit ?? 'unlimited'}</td><td>${when(b.createdAt)}</td></tr>`)}
</tbody></table>${list.length === 0 ? html`<p>No businesses yet.</p>` : ''}</div>
<div class="card"><h2>Create a business</h2><form method="post" action="/admin/businesses">
<label for="name">Name</label><input id="name" name="name" required maxlength="200">
<label for="seats">Seat limit</label><input id="seats" name="seats" inputmode="numeric" aria-describedby="seats-hint"><p class="hint" id="seats-hint">Blank for unlimited.</p>
<button type="submit">Create business and token</button></form></div>`,
          { nav: 'admin' },
        ),
      );
    });

    app.post('/admin/businesses', { schema: { hide: true } }, async (request, reply) => {
      const seats = optionalNumber(request.body, 'seats', 'Seat limit', 100_000);
      const b = await s.businesses.create({ name: field(request.body, 'name'), seatLimit: seats === null ? null : Math.floor(seats) });
      const { token } = await s.businesses.createToken(b.id, { label: 'Created with the business' });
      return reply.type('text/html').send(await detail(b.id, html`<div class="ok" role="status"><p>Business created. Its service token is shown only once:</p><p><code id="new-token">${token}</code></p></div>`));
    });

    async function detail(id: string, banner: Html = html``): Promise<string> {
      const b = await s.businesses.get(id);
      const actor: ApiActor = { businessId: b.id, tokenId: 'admin-ui', role: 'ADMIN' };
      const [used, tokens, members, invites, assets] = await Promise.all([
        s.businesses.seatsUsed(b.id),
        s.businesses.listTokens(b.id),
        s.members.list(actor, 200, undefined),
        s.invites.list(actor, 'ALL', 200, undefined),
        s.assets.list(actor),
      ]);
      const f = effectiveFaults(b, faultDefaults);
      return page(
        b.name,
        html`${banner}<div class="card"><p>Business ID <code>${b.id}</code> · seats ${used} used of ${b.seatLimit ?? 'unlimited'} · invites last ${b.inviteTtlHours} h</p><p>Password rule: <code>${b.passwordRules}</code></p></div>
<div class="card"><h2>Service tokens</h2><table><thead><tr><th scope="col">Label</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="hint">Action</span></th></tr></thead><tbody>
${tokens.map((t) => html`<tr><td>${t.label}</td><td>${t.role}</td><td>${when(t.createdAt)}</td><td>${t.revokedAt ? `revoked ${when(t.revokedAt)}` : 'active'}</td><td>${t.revokedAt ? '' : html`<form method="post" action="/admin/businesses/${b.id}/tokens/${t.id}/revoke"><button class="secondary" style="margin:0">Revoke</button></form>`}</td></tr>`)}
</tbody></table><form method="post" action="/admin/businesses/${b.id}/tokens"><label for="label">Label</label><input id="label" name="label" maxlength="100"><button type="submit">Create token</button></form></div>
<div class="card"><h2>Fault injection</h2><p class="hint">Blank fields use the process default (environment). Now: ${f.latencyMs} ms latency, ${f.rate429 * 100}% 429, ${f.rate503 * 100}% 503.</p>
<form method="post" action="/admin/businesses/${b.id}/settings">
<label for="seat-limit">Seat limit</label><input id="seat-limit" name="seats" inputmode="numeric" value="${b.seatLimit ?? ''}">
<label for="latency">Added latency (ms)</label><input id="latency" name="latency" inputmode="numeric" value="${b.faultLatencyMs ?? ''}">
<label for="rate429">Fraction answered 429 (0–1)</label><input id="rate429" name="rate429" inputmode="decimal" value="${b.faultRate429 ?? ''}">
<label for="rate503">Fraction answered 503 (0–1)</label><input id="rate503" name="rate503" inputmode="decimal" value="${b.faultRate503 ?? ''}">
<button type="submit">Save</button></form></div>
<div class="card"><h2>Members</h2><table><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Member ID</th><th scope="col">Joined</th></tr></thead><tbody>
${members.data.map((m) => html`<tr><td>${m.email}</td><td>${m.role}</td><td><code>${m.userId}</code></td><td>${when(m.createdAt)}</td></tr>`)}</tbody></table></div>
<div class="card"><h2>Invites</h2><table><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Sent</th></tr></thead><tbody>
${invites.data.map((i) => html`<tr><td>${i.email}</td><td>${i.role}</td><td>${i.status}</td><td>${when(i.expiresAt)}</td><td>${i.sentCount}×</td></tr>`)}</tbody></table></div>
<div class="card"><h2>Assets</h2><table><thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Asset ID</th><th scope="col">Roles</th></tr></thead><tbody>
${assets.map((a) => html`<tr><td>${a.name}</td><td>${a.kind}</td><td><code>${a.id}</code></td><td>${a.roles.map((r) => `${r.userId.slice(0, 8)}… ${r.access}`).join(', ')}</td></tr>`)}</tbody></table>
<form method="post" action="/admin/businesses/${b.id}/assets"><label for="asset-name">Name</label><input id="asset-name" name="name" required maxlength="200">
<label for="asset-kind">Kind</label><select id="asset-kind" name="kind">${assetKinds.map((k) => html`<option value="${k}">${k}</option>`)}</select><button type="submit">Add asset</button></form></div>`,
        { nav: 'admin' },
      );
    }

    const params = (request: { params: unknown }): { id: string; tokenId?: string } => request.params as { id: string; tokenId?: string };

    app.get('/admin/businesses/:id', { schema: { hide: true } }, async (request, reply) => reply.type('text/html').send(await detail(params(request).id)));

    app.post('/admin/businesses/:id/tokens', { schema: { hide: true } }, async (request, reply) => {
      const { token } = await s.businesses.createToken(params(request).id, { label: field(request.body, 'label') });
      return reply.type('text/html').send(await detail(params(request).id, html`<div class="ok" role="status"><p>New service token, shown only once:</p><p><code id="new-token">${token}</code></p></div>`));
    });

    app.post('/admin/businesses/:id/tokens/:tokenId/revoke', { schema: { hide: true } }, async (request, reply) => {
      await s.businesses.revokeTokens(params(request).id, params(request).tokenId ?? null);
      return reply.redirect(`/admin/businesses/${params(request).id}`, 303);
    });

    app.post('/admin/businesses/:id/settings', { schema: { hide: true } }, async (request, reply) => {
      const body = request.body;
      const seats = optionalNumber(body, 'seats', 'Seat limit', 100_000);
      await s.businesses.configure(params(request).id, {
        seatLimit: seats === null ? null : Math.floor(seats),
        faultLatencyMs: optionalNumber(body, 'latency', 'Latency', 60_000),
        faultRate429: optionalNumber(body, 'rate429', 'The 429 fraction', 1),
        faultRate503: optionalNumber(body, 'rate503', 'The 503 fraction', 1),
      });
      return reply.redirect(`/admin/businesses/${params(request).id}`, 303);
    });

    app.post('/admin/businesses/:id/assets', { schema: { hide: true } }, async (request, reply) => {
      const kind = field(request.body, 'kind') as AssetKind;
      if (!assetKinds.includes(kind)) throw new SandboxError('validation_failed', `Kind must be one of ${assetKinds.join(', ')}.`);
      await s.businesses.addAsset(params(request).id, { kind, name: field(request.body, 'name') });
      return reply.redirect(`/admin/businesses/${params(request).id}`, 303);
    });
  };
}
