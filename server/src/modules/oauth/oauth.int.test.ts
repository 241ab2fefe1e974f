import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPublicUrl, useTestApp, type TestApp } from '../../../test/app.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { buildApp } from '../../http/app.ts';
import { loggerOptions } from '../../http/logger.ts';
import { createPinterestConnector } from '../../connectors/pinterest/connector.ts';
import { FakePinterest } from '../../connectors/pinterest/fake-api.ts';
import { pinterestOAuthPage } from '../../connectors/pinterest/fake-web.ts';
import { createTikTokConnector } from '../../connectors/tiktok/connector.ts';
import { FakeTikTok } from '../../connectors/tiktok/fake-api.ts';
import { tiktokPortalPage } from '../../connectors/tiktok/fake-web.ts';

/**
 * Connecting Pinterest and TikTok hubs through their authorisation pages (spec §5.3, §5.4),
 * against the strict fakes and their consent pages: start → provider → callback → a hub exactly
 * like a pasted token makes, with the secret in the vault. The state is single use, lives ten
 * minutes, and belongs to the member who started.
 */
const tiktok = new FakeTikTok();
const pinterest = new FakePinterest();
const bcId = '7000999000111';
const biz = '549755000111';
const callback = (app: string): string => `${testPublicUrl}/api/v1/oauth/callback/${app}`;
tiktok.apps.set('tt-app-1', 'tt-app-secret');
pinterest.clients.set('1500123', 'pin-app-secret');
tiktok.web.push(tiktokPortalPage(tiktok, { redirectUris: [callback('tiktok')] }));
pinterest.web.push(pinterestOAuthPage(pinterest, { redirectUris: [callback('pinterest')] }));
beforeAll(async () => {
  await Promise.all([tiktok.start(), pinterest.start()]);
});
afterAll(() => Promise.all([tiktok.stop(), pinterest.stop()]));

const fast = { timeoutMs: 5_000, readRetry: { attempts: 2, baseMs: 1, maxWaitMs: 100, sleep: async () => {} } };
const pinterestApp = { clientId: '1500123', clientSecret: 'pin-app-secret' };
const get = useTestApp({
  // As the composition root does (installedConnectors): the Pinterest connector refreshes with the configured app.
  connectors: () => [createTikTokConnector({ baseUrl: tiktok.url, ...fast }), createPinterestConnector({ baseUrl: pinterest.url, app: pinterestApp, ...fast })],
  hubOAuth: () => ({
    tiktok: { authorizeUrl: `${new URL(tiktok.url).origin}/portal/auth`, apiUrl: tiktok.url, appId: 'tt-app-1', appSecret: 'tt-app-secret' },
    pinterest: { authorizeUrl: `${new URL(pinterest.url).origin}/oauth/`, apiUrl: pinterest.url, ...pinterestApp },
  }),
});
// The same apps on a Latchkey whose operator registered no provider apps.
const getUnconfigured = useTestApp({ connectors: () => [createTikTokConnector({ baseUrl: tiktok.url, ...fast }), createPinterestConnector({ baseUrl: pinterest.url, ...fast })] });

const tiktokHub = { appKey: 'tiktok', label: 'Acme TikTok', businessId: bcId, loginMethod: 'username_password' };

async function start(t: TestApp, who: SignedInMember, body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: who.cookie }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { authorizeUrl: string }).authorizeUrl;
}

/** What a browser does on the provider's page: load it, then press Allow or Deny. Answers where the provider redirects. */
async function decide(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))]));
  fields.set('decision', decision);
  const res = await fetch(new URL(action, authorizeUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(), redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** The browser arrives back at Latchkey with the member's session cookie. */
async function arrive(t: TestApp, who: SignedInMember | null, at: URL): Promise<string> {
  expect(at.origin + at.pathname).toMatch(/^http:\/\/latchkey\.test\/api\/v1\/oauth\/callback\//);
  const res = await t.app.inject({ url: at.pathname + at.search, headers: who ? { cookie: who.cookie } : {} });
  expect(res.statusCode, res.body).toBe(303);
  return res.headers.location as string;
}

async function hubCount(t: TestApp, workspaceId: string): Promise<number> {
  return (await t.database.pool.query<{ n: number }>('select count(*)::int n from hubs where workspace_id = $1', [workspaceId])).rows[0]!.n;
}

async function revealedSecret(t: TestApp, who: SignedInMember, hubId: string): Promise<string> {
  const hub = (await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: who.cookie } })).json() as { serviceCredentialId: string };
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/accounts/${hub.serviceCredentialId}/password/retrieve`, headers: { cookie: who.cookie }, payload: { purpose: 'show' } });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { password: string }).password;
}

describe('connecting hubs through the apps’ authorisation pages', () => {
  it('offers "Authorise with" only for apps whose provider app is configured', async () => {
    for (const [t, configured] of [[get(), true], [getUnconfigured(), false]] as const) {
      const owner = await buildWorkspace(t);
      const apps = (await t.app.inject({ url: '/api/v1/apps', headers: { cookie: owner.cookie } })).json() as { data: { key: string; oauth: unknown }[] };
      expect(Object.fromEntries(apps.data.map((a) => [a.key, a.oauth]))).toEqual({ tiktok: { provider: 'TikTok', configured }, pinterest: { provider: 'Pinterest', configured } });
    }
    const t = getUnconfigured();
    const owner = await buildWorkspace(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: owner.cookie }, payload: tiktokHub });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'oauth_not_configured', detail: expect.stringContaining('Paste an access token instead') });
  });

  it('TikTok: Allow → the hub is created as a pasted token would make it, the token is in the vault, and it validates and syncs', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    tiktok.addBc(bcId, 'Acme BC', 'ADMIN', ['adv1']);
    tiktok.addMember(bcId, owner.email, 'ADMIN');

    const authorizeUrl = new URL(await start(t, owner, { ...tiktokHub, serviceCredential: { label: 'TikTok automation' } }));
    expect(authorizeUrl.pathname).toBe('/portal/auth');
    expect(Object.fromEntries(authorizeUrl.searchParams)).toEqual({ app_id: 'tt-app-1', state: expect.stringMatching(/^[\w-]{43}$/), redirect_uri: callback('tiktok') });
    const state = authorizeUrl.searchParams.get('state')!;
    // Only a hash of the state is kept.
    const rows = await t.database.pool.query<{ state_hash: string; data: unknown; expires_at: Date; created_at: Date }>('select state_hash, data, expires_at, created_at from oauth_states where member_id = $1', [owner.id]);
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows)).not.toContain(state);
    expect(rows.rows[0]!.expires_at.getTime() - rows.rows[0]!.created_at.getTime()).toBe(10 * 60_000);

    const back = await decide(authorizeUrl.toString(), 'allow');
    const authCode = back.searchParams.get('auth_code')!;
    expect(authCode).toBeTruthy();
    const location = await arrive(t, owner, back);
    expect(location).toMatch(/^\/hubs\/[0-9a-f-]{36}\?connected=oauth$/);
    expect(location).not.toContain(authCode);
    const hubId = location.split('/')[2]!.split('?')[0]!;

    // Exactly the token path: Owner, under validation, the vault account of the app, the activity event.
    const hub = (await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json() as Record<string, unknown>;
    expect(hub).toMatchObject({ label: 'Acme TikTok', appKey: 'tiktok', businessId: bcId, myRole: 'owner', health: 'under_validation' });
    const account = (await t.app.inject({ url: `/api/v1/accounts/${hub.serviceCredentialId as string}`, headers: { cookie: owner.cookie } })).json() as Record<string, unknown>;
    expect(account).toMatchObject({ label: 'TikTok automation', appKey: 'tiktok', myRole: 'owner' });
    const token = await revealedSecret(t, owner, hubId);
    expect(tiktok.tokens.has(token)).toBe(true);
    const exchanges = tiktok.requests.filter((r) => r.path === '/oauth2/access_token/');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.params).toEqual({ app_id: 'tt-app-1', secret: 'tt-app-secret', auth_code: authCode });
    const events = (await t.app.inject({ url: '/api/v1/activity', headers: { cookie: owner.cookie } })).body;
    expect(events).toContain('hub.connected');
    expect(events).not.toContain(token);
    expect(events).not.toContain(authCode);

    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', lastSyncedAt: expect.any(String) });
    const validated = tiktok.requests.filter((r) => r.path === '/bc/get/');
    expect(validated.at(-1)!.headers['access-token']).toBe(token);

    // The same callback again (a reload, or someone replaying it): refused, nothing more is created.
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=used&app=tiktok');
    expect(await hubCount(t, owner.workspaceId)).toBe(1);
    expect(tiktok.requests.filter((r) => r.path === '/oauth2/access_token/')).toHaveLength(1);
  });

  it('Pinterest: Allow → the vault keeps the refreshable tokens but never the app secret, and a sync after the access token died refreshes them', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    pinterest.addBusiness(biz, ['ad1']);
    pinterest.addMember(biz, owner.email, 'BIZ_ADMIN');

    const authorizeUrl = new URL(await start(t, owner, { appKey: 'pinterest', label: 'Acme Pins', businessId: biz, loginMethod: 'sso' }));
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${new URL(pinterest.url).origin}/oauth/`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toEqual({ client_id: '1500123', redirect_uri: callback('pinterest'), response_type: 'code', scope: 'biz_access:read,biz_access:write', state: expect.any(String) });
    const back = await decide(authorizeUrl.toString(), 'allow');
    const code = back.searchParams.get('code')!;
    const location = await arrive(t, owner, back);
    expect(location).toMatch(/^\/hubs\/[0-9a-f-]{36}\?connected=oauth$/);
    expect(location).not.toContain(code);
    const hubId = location.split('/')[2]!.split('?')[0]!;
    expect(pinterest.authCodes.has(code)).toBe(false);

    const hub = (await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json() as { loginMethod: string; serviceCredentialId: string };
    expect(hub.loginMethod).toBe('sso');
    const account = (await t.app.inject({ url: `/api/v1/accounts/${hub.serviceCredentialId}`, headers: { cookie: owner.cookie } })).json() as { label: string };
    expect(account.label).toBe('Acme Pins automation');
    // The owner of the vault account can reveal it: it holds the tokens, not the operator's app secret.
    const revealed = await revealedSecret(t, owner, hubId);
    expect(revealed).not.toContain('pin-app-secret');
    const stored = JSON.parse(revealed) as Record<string, string>;
    expect(stored).toEqual({ access_token: expect.stringMatching(/^pina_/), refresh_token: expect.stringMatching(/^pinr_/) });
    expect(pinterest.refreshTokens.get(stored.refresh_token!)).toEqual(pinterestApp);
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy' });

    // Pinterest access tokens expire; the stored refresh token gets a new one without anyone authorising again.
    pinterest.accessTokens.delete(stored.access_token!);
    const issuedBefore = pinterest.accessTokens.size;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy' });
    expect(pinterest.accessTokens.size).toBeGreaterThan(issuedBefore); // refreshed with the stored refresh token
    // The refreshed credential went back to the vault, still without the app secret.
    const afterRefresh = await revealedSecret(t, owner, hubId);
    expect(afterRefresh).not.toContain('pin-app-secret');
    const rewritten = JSON.parse(afterRefresh) as Record<string, string>;
    expect(rewritten).toEqual({ access_token: expect.stringMatching(/^pina_/), refresh_token: stored.refresh_token });
    expect(rewritten.access_token).not.toBe(stored.access_token);
    expect(pinterest.accessTokens.has(rewritten.access_token!)).toBe(true);
  });

  it('refuses a state after ten minutes, without exchanging the code', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const back = await decide(await start(t, owner, tiktokHub), 'allow');
    t.clock.advance(10 * 60_000);
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=expired&app=tiktok');
    expect(tiktok.authCodes.has(back.searchParams.get('auth_code')!)).toBe(true);
    expect(await hubCount(t, owner.workspaceId)).toBe(0);
    // An expired state is used up: it does not come back to life.
    t.clock.advance(-10 * 60_000);
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=used&app=tiktok');
  });

  it('refuses another member’s state (same or other workspace) and a session-less return, and leaves it to its owner', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    tiktok.addBc('7000999000222', 'Other BC', 'ADMIN');
    const colleague = await buildMember(t, owner, 'admin');
    const stranger = await buildWorkspace(t, 'Beta');
    const back = await decide(await start(t, owner, { ...tiktokHub, businessId: '7000999000222' }), 'allow');

    expect(await arrive(t, colleague, back)).toBe('/hubs?oauthError=wrong_member&app=tiktok');
    expect(await arrive(t, stranger, back)).toBe('/hubs?oauthError=wrong_member&app=tiktok');
    expect(await arrive(t, null, back)).toBe('/hubs?oauthError=signed_out&app=tiktok');
    expect(await hubCount(t, owner.workspaceId)).toBe(0);
    expect(await hubCount(t, stranger.workspaceId)).toBe(0);

    expect(await arrive(t, owner, back)).toMatch(/^\/hubs\/[0-9a-f-]{36}\?connected=oauth$/);
    expect(await hubCount(t, owner.workspaceId)).toBe(1);
  });

  it('Deny on the provider’s page: no hub, no exchange, and the state is used up', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const exchangesBefore = tiktok.requests.filter((r) => r.path === '/oauth2/access_token/').length;
    const back = await decide(await start(t, owner, tiktokHub), 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=denied&app=tiktok');
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=used&app=tiktok');
    expect(tiktok.requests.filter((r) => r.path === '/oauth2/access_token/')).toHaveLength(exchangesBefore);
    expect(await hubCount(t, owner.workspaceId)).toBe(0);

    const pinBack = await decide(await start(t, owner, { appKey: 'pinterest', label: 'Pins', businessId: biz, loginMethod: 'sso' }), 'deny');
    expect(await arrive(t, owner, pinBack)).toBe('/hubs?oauthError=denied&app=pinterest');
    expect(await hubCount(t, owner.workspaceId)).toBe(0);
  });

  it('a code the provider refuses at exchange: no hub, and the reason says so', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const back = await decide(await start(t, owner, tiktokHub), 'allow');
    tiktok.authCodes.delete(back.searchParams.get('auth_code')!); // TikTok answers 40110
    expect(await arrive(t, owner, back)).toBe('/hubs?oauthError=exchange_failed&app=tiktok');
    expect(await hubCount(t, owner.workspaceId)).toBe(0);
  });

  it('a forged or missing state is refused, and apps without an authorisation page have no callback', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    await start(t, owner, tiktokHub);
    expect(await arrive(t, owner, new URL(`${callback('tiktok')}?auth_code=abc&state=forged`))).toBe('/hubs?oauthError=invalid_state&app=tiktok');
    expect(await arrive(t, owner, new URL(`${callback('tiktok')}?auth_code=abc`))).toBe('/hubs?oauthError=invalid_state&app=tiktok');
    // A TikTok state does not complete a Pinterest authorisation.
    const back = await decide(await start(t, owner, tiktokHub), 'allow');
    expect(await arrive(t, owner, new URL(`${callback('pinterest')}?code=abc&state=${back.searchParams.get('state')!}`))).toBe('/hubs?oauthError=invalid_state&app=pinterest');
    const none = await t.app.inject({ url: '/api/v1/oauth/callback/sandbox?code=abc&state=x', headers: { cookie: owner.cookie } });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'not_found' });
  });

  it('logs the callback without its code or state, at the production log settings', async () => {
    const t = get();
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString('utf8')); done(); } });
    const app = await buildApp({ services: t.services, database: t.database, logger: pino(loggerOptions('debug'), sink), publicUrl: testPublicUrl, secureCookies: false, webDist: '/nonexistent' });
    try {
      const owner = await buildWorkspace(t);
      const started = await app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: owner.cookie }, payload: tiktokHub });
      const back = await decide((started.json() as { authorizeUrl: string }).authorizeUrl, 'allow');
      tiktok.authCodes.delete(back.searchParams.get('auth_code')!); // the exchange fails, so the failure is logged too
      const res = await app.inject({ url: back.pathname + back.search, headers: { cookie: owner.cookie } });
      expect(res.headers.location).toBe('/hubs?oauthError=exchange_failed&app=tiktok');
      const log = lines.join('');
      expect(log).toContain('/api/v1/oauth/callback/tiktok');
      expect(log).toContain('exchange_failed');
      for (const secret of [back.searchParams.get('auth_code')!, back.searchParams.get('state')!, 'tt-app-secret']) expect(log).not.toContain(secret);
    } finally {
      await app.close();
    }
  });

  it('start checks what POST /hubs checks, before anyone is sent away', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const loginOnly = await buildMember(t, owner, 'login_only');
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: loginOnly.cookie }, payload: tiktokHub });
    expect(forbidden.statusCode).toBe(403);
    const badId = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: owner.cookie }, payload: { ...tiktokHub, businessId: 'not-a-number' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/businessId' }] });
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: owner.cookie }, payload: { ...tiktokHub, serviceCredential: { label: 'x', token: 'y' } } });
    expect(token.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/hubs/oauth/start', headers: { cookie: owner.cookie }, payload: { ...tiktokHub, appKey: 'myspace' } });
    expect(unknown.statusCode).toBe(400);
    expect((await t.database.pool.query('select 1 from oauth_states where workspace_id = $1', [owner.workspaceId])).rowCount).toBe(0);
  });
});
