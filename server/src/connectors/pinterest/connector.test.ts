import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { JobError } from '../../jobs/types.ts';
import { createCatalog } from '../catalog.ts';
import { installedConnectors } from '../installed.ts';
import type { AssetGrant, ConnectorContext, InviteOutcome, InviteRequest } from '../types.ts';
import { createPinterestConnector } from './connector.ts';
import { FakePinterest } from './fake-api.ts';

/** The Pinterest connector against a strict local Pinterest API v5 (fake-api.ts): real HTTP on 127.0.0.1. */
const api = new FakePinterest();
const biz = '549755885175';
const token = 'pina_valid';
/** Pinterest ids are digit strings (OpenAPI pattern `^\d+$`). */
const ad1 = '549755813001';
const ad2 = '549755813002';
const noWait = { attempts: 3, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} };
let connector: ReturnType<typeof createPinterestConnector>;

beforeAll(async () => {
  const url = await api.start();
  connector = createPinterestConnector({ baseUrl: url, timeoutMs: 5_000, readRetry: noWait });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.businesses.clear();
  api.accessTokens.clear();
  api.accessTokens.add(token);
  api.refreshTokens.clear();
  api.injected.length = 0;
  api.requests.length = 0;
  api.now = Date.now();
  api.addBusiness(biz, [ad1, ad2]);
});

const ctx = (over: Partial<ConnectorContext> = {}): ConnectorContext => ({ businessId: biz, connectFields: {}, credential: { token }, signal: new AbortController().signal, ...over });
const person = (email: string, roles: string[] = ['EMPLOYEE'], assets: InviteRequest['assets'] = []): InviteRequest => ({ email, roles, assets });
async function failure(p: Promise<unknown>): Promise<JobError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(JobError);
  return e as JobError;
}

describe('the fake Pinterest API is strict', () => {
  it('refuses bad tokens, unknown parameters, out-of-range page sizes, wrong methods and extra body fields', async () => {
    const call = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${api.url}/businesses/${biz}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    expect((await call('/members', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await call('/members?limit=5')).status).toBe(400);
    expect((await call('/members?page_size=251')).status).toBe(400);
    expect((await call('/invites?invite_status=ACCEPTED')).status).toBe(400);
    expect((await call('/assets', { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await call('/invites', { method: 'POST', body: JSON.stringify({ invite_type: 'MEMBER_INVITE', business_role: 'EMPLOYEE', members: ['a@x.test'], note: 'hi' }) })).status).toBe(400);
    expect((await call('/invites', { method: 'POST', body: JSON.stringify({ invite_type: 'MEMBER_INVITE', business_role: 'EMPLOYEE', members: Array.from({ length: 51 }, (_, i) => `p${i}@x.test`) }) })).status).toBe(400);
    const r = await call('/members?bookmark=garbage');
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ code: 1, message: 'Invalid bookmark.' });
  });

  it('refuses malformed member asset-access calls: ids, enums, batch sizes, fields and methods', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    const send = (method: string, body: unknown): Promise<Response> => fetch(`${api.url}/businesses/${biz}/members/assets/access`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const access = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ asset_id: ad1, member_id: u.id, permissions: ['ANALYST'], ...over });
    expect((await send('PATCH', { accesses: [access({ asset_id: 'ad1' })] })).status).toBe(400);
    expect((await send('PATCH', { accesses: [access({ permissions: ['OWNER'] })] })).status).toBe(400);
    expect((await send('PATCH', { accesses: [access({ permissions: [] })] })).status).toBe(400);
    expect((await send('PATCH', { accesses: [access({ note: 'x' })] })).status).toBe(400);
    expect((await send('PATCH', { accesses: Array.from({ length: 51 }, () => access()) })).status).toBe(400);
    expect((await send('PATCH', { accesses: [access()], dry_run: true })).status).toBe(400);
    expect((await send('DELETE', { accesses: Array.from({ length: 101 }, () => ({ asset_id: ad1, member_id: u.id })) })).status).toBe(400);
    expect((await send('DELETE', { accesses: [{ asset_id: ad1, member_id: u.id, permissions: ['ANALYST'] }] })).status).toBe(400);
    expect((await send('POST', { accesses: [access()] })).status).toBe(405);
    expect((await fetch(`${api.url}/businesses/${biz}/members/not-a-number/assets`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    // Per-item refusals come back as exceptions in request order, next to the grants that worked.
    const r = await send('PATCH', { accesses: [access({ asset_id: '999' }), access({ member_id: '12345' }), access({ permissions: ['PROFILE_PUBLISHER'] }), access()] });
    expect(await r.json()).toEqual({ items: [{ exception: { code: 404, message: expect.stringContaining('Asset 999') } }, { exception: { code: 404, message: expect.stringContaining('Member 12345') } }, { exception: expect.objectContaining({ code: 400 }) }, { response: { asset_id: ad1, member_id: u.id, permissions: ['ANALYST'] } }] });
    expect(await (await send('DELETE', { accesses: [{ asset_id: ad1, member_id: u.id }, { asset_id: ad2, member_id: u.id }] })).json()).toEqual({ items: [{ asset_id: ad1, member_id: u.id }] });
  });
});

describe('validate', () => {
  it('accepts a Business Admin token and maps every documented failure to a Latchkey failure code', async () => {
    expect(await connector.validate(ctx())).toEqual({ spaceName: `Pinterest business ${biz}` });
    expect((await failure(connector.validate(ctx({ credential: { token: 'revoked' } })))).code).toBe('TokenExpired');
    expect((await failure(connector.validate(ctx({ businessId: '1' })))).code).toBe('InvalidBusinessId');
    api.injected.push({ status: 403 });
    expect((await failure(connector.validate(ctx()))).code).toBe('UnderpermissionedAccount');
    api.injected.push({ status: 503 }, { status: 503 }, { status: 503 });
    const down = await failure(connector.validate(ctx()));
    expect([down.code, down.opts.transient]).toEqual(['ConnectorUnavailable', true]);
    // A Retry-After longer than the in-place budget goes to the engine as a transient RateLimited.
    api.injected.push({ status: 429, retryAfter: '30' });
    const limited = await failure(connector.validate(ctx()));
    expect([limited.code, limited.opts.transient, limited.opts.retryAfterMs]).toEqual(['RateLimited', true, 30_000]);
  });

  it('retries short 429s on reads in place', async () => {
    api.injected.push({ status: 429, retryAfter: '0' }, { status: 500 });
    expect(await connector.validate(ctx())).toEqual({ spaceName: `Pinterest business ${biz}` });
  });
});

describe('OAuth refresh', () => {
  it('refreshes once on a 401 with the stored refresh token and replays the call, reusing the new token afterwards', async () => {
    api.refreshTokens.set('pinr_1', { clientId: 'app1', clientSecret: 's3cret' });
    const cred = { token: JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_1', client_id: 'app1', client_secret: 's3cret' }) };
    expect(await connector.validate(ctx({ credential: cred }))).toMatchObject({ spaceName: expect.any(String) });
    expect(api.accessTokens.size).toBe(2);
    await connector.snapshot(ctx({ credential: cred }));
    expect(api.accessTokens.size).toBe(2); // no second refresh
    // The refresh request carried no secret in its URL.
    expect(api.requests.every((r) => !r.query.includes('s3cret') && !r.query.includes('pinr_1'))).toBe(true);
  });

  it('says TokenExpired when the refresh token is refused, and when there is nothing to refresh with', async () => {
    const cred = { token: JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_unknown', client_id: 'app1', client_secret: 'x' }) };
    expect((await failure(connector.validate(ctx({ credential: cred })))).code).toBe('TokenExpired');
    expect((await failure(connector.validate(ctx({ credential: { token: '{"access_token":"pina_expired"}' } })))).code).toBe('TokenExpired');
    expect((await failure(connector.validate(ctx({ credential: { token: '{not json' } })))).code).toBe('TokenExpired');
  });
});

describe('OAuth refresh, persisted', () => {
  // A connector per test: refresh results live in the connector, and earlier tests refreshed too.
  let connector: ReturnType<typeof createPinterestConnector>;
  beforeEach(() => {
    connector = createPinterestConnector({ baseUrl: api.url, timeoutMs: 5_000, readRetry: noWait });
  });
  const stored = (access: string, refresh: string): string => JSON.stringify({ access_token: access, refresh_token: refresh, client_id: 'app1', client_secret: 's3cret' });

  it('hands the refreshed credential to onCredentialRefreshed in the vault JSON, once, keeping the refresh token when Pinterest sends the same one', async () => {
    api.refreshTokens.set('pinr_1', { clientId: 'app1', clientSecret: 's3cret' });
    const saved: string[] = [];
    const onCredentialRefreshed = async (secret: string): Promise<void> => void saved.push(secret);
    const cred = { token: stored('pina_expired', 'pinr_1') };
    await connector.validate(ctx({ credential: cred, onCredentialRefreshed }));
    await connector.snapshot(ctx({ credential: cred, onCredentialRefreshed }));
    expect(saved).toHaveLength(1);
    const next = JSON.parse(saved[0]!) as Record<string, string>;
    expect(Object.keys(next).sort()).toEqual(['access_token', 'client_id', 'client_secret', 'refresh_token']);
    expect(next).toMatchObject({ refresh_token: 'pinr_1', client_id: 'app1', client_secret: 's3cret' });
    expect(api.accessTokens.has(next.access_token!)).toBe(true);
    // A process that starts from the stored secret works without refreshing.
    const fresh = createPinterestConnector({ baseUrl: api.url, timeoutMs: 5_000, readRetry: noWait });
    const before = api.requests.length;
    await fresh.validate(ctx({ credential: { token: saved[0]! }, onCredentialRefreshed }));
    expect(saved).toHaveLength(1);
    expect(api.requests.length).toBe(before + 1);
  });

  it('keeps the newest refresh token when Pinterest rotates it, and refreshes with that one next time', async () => {
    api.rotateRefreshTokens = true;
    api.refreshTokens.set('pinr_old', { clientId: 'app1', clientSecret: 's3cret' });
    const saved: string[] = [];
    const onCredentialRefreshed = async (secret: string): Promise<void> => void saved.push(secret);
    const cred = { token: stored('pina_expired', 'pinr_old') };
    await connector.validate(ctx({ credential: cred, onCredentialRefreshed }));
    const first = JSON.parse(saved[0]!) as Record<string, string>;
    expect(first.refresh_token).toMatch(/^pinr_/);
    expect(first.refresh_token).not.toBe('pinr_old');
    expect(api.refreshTokens.has('pinr_old')).toBe(false);
    // The new access token dies; this process refreshes with the rotated refresh token, not the vault's old one.
    api.accessTokens.delete(first.access_token!);
    await connector.validate(ctx({ credential: cred, onCredentialRefreshed }));
    expect(saved).toHaveLength(2);
    const second = JSON.parse(saved[1]!) as Record<string, string>;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(api.accessTokens.has(second.access_token!)).toBe(true);
    api.rotateRefreshTokens = false;
  });

  it('shares one refresh between concurrent 401s, and retries a failed vault write before the next call', async () => {
    api.refreshTokens.set('pinr_2', { clientId: 'app1', clientSecret: 's3cret' });
    let fail = true;
    const saved: string[] = [];
    const onCredentialRefreshed = async (secret: string): Promise<void> => {
      if (fail) throw new Error('vault is down');
      saved.push(secret);
    };
    const cred = { token: stored('pina_expired', 'pinr_2') };
    const results = await Promise.allSettled([connector.validate(ctx({ credential: cred, onCredentialRefreshed })), connector.validate(ctx({ credential: cred, onCredentialRefreshed }))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(api.accessTokens.size).toBe(2); // one refresh for both calls
    fail = false;
    await connector.validate(ctx({ credential: cred, onCredentialRefreshed }));
    expect(saved).toHaveLength(1);
    expect(api.accessTokens.has((JSON.parse(saved[0]!) as { access_token: string }).access_token)).toBe(true);
    expect(api.accessTokens.size).toBe(2);
  });

  it('works without the callback (outside jobs)', async () => {
    api.refreshTokens.set('pinr_3', { clientId: 'app1', clientSecret: 's3cret' });
    expect(await connector.validate(ctx({ credential: { token: stored('pina_expired', 'pinr_3') } }))).toMatchObject({ spaceName: expect.any(String) });
  });
});

describe('OAuth refresh with the app configured for this Latchkey', () => {
  const app = { clientId: 'app1', clientSecret: 's3cret' };
  let connector: ReturnType<typeof createPinterestConnector>;
  beforeEach(() => {
    connector = createPinterestConnector({ baseUrl: api.url, app, timeoutMs: 5_000, readRetry: noWait });
  });
  /** Refreshes once through validate and answers what the connector handed to the vault. */
  async function refreshed(c: ReturnType<typeof createPinterestConnector>, token: string): Promise<Record<string, string>> {
    const saved: string[] = [];
    await c.validate(ctx({ credential: { token }, onCredentialRefreshed: async (secret) => void saved.push(secret) }));
    expect(saved).toHaveLength(1);
    return JSON.parse(saved[0]!) as Record<string, string>;
  }

  it('refreshes the tokens "Authorise with Pinterest" stored with the configured app, and writes back only the tokens', async () => {
    api.refreshTokens.set('pinr_cfg', app);
    const next = await refreshed(connector, JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_cfg' }));
    expect(Object.keys(next).sort()).toEqual(['access_token', 'refresh_token']);
    expect(api.accessTokens.has(next.access_token!)).toBe(true);
    expect(api.accessTokens.size).toBe(2); // one refresh
  });

  it('gets the app from LATCHKEY_PINTEREST_CLIENT_ID / LATCHKEY_PINTEREST_CLIENT_SECRET when installed', async () => {
    api.refreshTokens.set('pinr_env', app);
    const config = loadConfig({ LATCHKEY_PINTEREST_API_URL: api.url, LATCHKEY_PINTEREST_CLIENT_ID: app.clientId, LATCHKEY_PINTEREST_CLIENT_SECRET: app.clientSecret }, '/nonexistent');
    const installed = createCatalog(installedConnectors(config)).connector('pinterest');
    const next = await refreshed(installed, JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_env' }));
    expect(Object.keys(next).sort()).toEqual(['access_token', 'refresh_token']);
  });

  it('drops the configured app\'s secret from a credential an older Latchkey stored with it, refreshing with the configuration', async () => {
    api.refreshTokens.set('pinr_old_format', app);
    // The stored secret is stale (rotated since): the configuration wins, and the next write leaves it out.
    const next = await refreshed(connector, JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_old_format', client_id: 'app1', client_secret: 'rotated-away' }));
    expect(next).toEqual({ access_token: expect.stringMatching(/^pina_/), refresh_token: 'pinr_old_format' });
    expect(JSON.stringify(next)).not.toContain('s3cret');
  });

  it('falls back to a pasted client id and secret of another app (self-managed), and keeps them for the next refresh', async () => {
    api.refreshTokens.set('pinr_own', { clientId: 'own-app', clientSecret: 'own-secret' });
    const next = await refreshed(connector, JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_own', client_id: 'own-app', client_secret: 'own-secret' }));
    expect(next).toEqual({ access_token: expect.stringMatching(/^pina_/), refresh_token: 'pinr_own', client_id: 'own-app', client_secret: 'own-secret' });
    expect(JSON.stringify(next)).not.toContain('s3cret');
  });

  it('says TokenExpired for a refresh token when neither the configuration nor the credential names an app', async () => {
    api.refreshTokens.set('pinr_orphan', app);
    const bare = createPinterestConnector({ baseUrl: api.url, timeoutMs: 5_000, readRetry: noWait });
    expect((await failure(bare.validate(ctx({ credential: { token: JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_orphan' }) } })))).code).toBe('TokenExpired');
    expect(api.accessTokens.size).toBe(1); // no refresh was possible
  });
});

describe('snapshot', () => {
  it('reads every member across bookmark pages, invites with status and expiry, ad accounts, and per-member asset permissions', async () => {
    const admin = api.addMember(biz, 'owner@acme.test', 'BIZ_ADMIN');
    const ana = api.addMember(biz, 'ana@acme.test');
    api.businesses.get(biz)!.members.get(ana.id)!.assets.set(ad1, ['ANALYST', 'CAMPAIGN_MANAGER']);
    for (let i = 0; i < 260; i++) api.addMember(biz, `m${i}@acme.test`);
    const [pending] = await connector.invite(ctx(), [person('later@else.test')]);
    const [old] = await connector.invite(ctx(), [person('old@else.test')]);
    api.now += 8 * 24 * 3600 * 1000; // past the 7-day invite lifetime
    api.requests.length = 0;

    const s = await connector.snapshot(ctx());
    expect(s.members).toHaveLength(262);
    expect(api.requests.filter((r) => r.path.endsWith('/members') && r.method === 'GET' && r.query.includes('bookmark=')).length).toBe(1);
    expect(s.members.find((m) => m.externalUserId === admin.id)).toMatchObject({ email: 'owner@acme.test', roles: ['BIZ_ADMIN'], assets: [{ externalId: ad1, access: 'full' }, { externalId: ad2, access: 'full' }] });
    expect(s.members.find((m) => m.externalUserId === ana.id)).toMatchObject({ email: 'ana@acme.test', username: 'ana', roles: ['EMPLOYEE'], assets: [{ externalId: ad1, type: 'ad_account', access: 'partial', permissions: ['ANALYST', 'CAMPAIGN_MANAGER'] }] });
    expect(s.assets).toEqual([{ externalId: ad1, type: 'ad_account', name: `Ad account ${ad1}` }, { externalId: ad2, type: 'ad_account', name: `Ad account ${ad2}` }]);
    expect(s.invites.map((i) => [i.externalInviteId, i.email, i.status])).toEqual([[pending!.externalInviteId, 'later@else.test', 'expired'], [old!.externalInviteId, 'old@else.test', 'expired']]);
    expect(s.invites[0]!.expiresAt).toBe(pending!.expiresAt);
  });
});

describe('invite', () => {
  it('sends MEMBER_INVITE per role, reports a result per person, skips members and open invites, and attaches asset permissions', async () => {
    api.addMember(biz, 'member@acme.test');
    const [first] = await connector.invite(ctx(), [person('pending@acme.test')]);
    api.requests.length = 0;
    const out = await connector.invite(ctx(), [
      person('Member@acme.test'),
      person('pending@acme.test'),
      person('new@acme.test', ['EMPLOYEE'], [{ externalId: ad1, type: 'ad_account', access: 'partial', permissions: ['ANALYST'] }]),
      person('boss@acme.test', ['BIZ_ADMIN']),
      person('not-an-email'),
    ]);
    expect(out.map((o) => [o.email, o.outcome])).toEqual([
      ['Member@acme.test', 'already_member'], ['pending@acme.test', 'already_invited'], ['new@acme.test', 'invited'], ['boss@acme.test', 'invited'], ['not-an-email', 'failed'],
    ]);
    expect(out[1]!.externalInviteId).toBe(first!.externalInviteId);
    expect(out[2]!.expiresAt).toEqual(expect.any(String));
    expect(out[4]!.error).toMatchObject({ code: 'InviteRejected', message: expect.stringContaining('Invalid email') });
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invites'));
    expect(posts.map((r) => r.body)).toEqual([
      { invite_type: 'MEMBER_INVITE', business_role: 'EMPLOYEE', members: ['new@acme.test', 'not-an-email'] },
      { invite_type: 'MEMBER_INVITE', business_role: 'BIZ_ADMIN', members: ['boss@acme.test'] },
    ]);
    // The invite carries the ad-account permission; accepting it grants the access.
    const inv = api.businesses.get(biz)!.invites.get(out[2]!.externalInviteId!)!;
    expect(inv.assets).toEqual({ [ad1]: ['ANALYST'] });
    const user = api.accept(biz, inv.id);
    const s = await connector.snapshot(ctx());
    expect(s.members.find((m) => m.externalUserId === user.id)?.assets).toEqual([{ externalId: ad1, type: 'ad_account', access: 'partial', permissions: ['ANALYST'] }]);
    expect(s.invites.find((i) => i.externalInviteId === inv.id)).toBeUndefined(); // accepted invites leave the PENDING/EXPIRED list
  });

  it('surfaces a throttled invite call as a transient RateLimited with Retry-After, and per-item limits as failures', async () => {
    api.injected.push({ status: 429, method: 'POST', retryAfter: '7' });
    const e = await failure(connector.invite(ctx(), [person('a@acme.test')]));
    expect([e.code, e.opts.transient, e.opts.retryAfterMs]).toEqual(['RateLimited', true, 7_000]);
    api.businesses.get(biz)!.maxPending = 0;
    const [out] = await connector.invite(ctx(), [person('a@acme.test')]);
    expect(out).toMatchObject({ outcome: 'failed', error: { code: 'InviteRejected', message: expect.stringContaining('maximum number of pending invites') } });
  });

  it('re-invites after expiry: the expired invite no longer blocks, and the new one is pending again', async () => {
    const [old] = await connector.invite(ctx(), [person('late@acme.test')]);
    api.now += 8 * 24 * 3600 * 1000;
    const [again] = await connector.invite(ctx(), [person('late@acme.test')]);
    expect(again).toMatchObject({ outcome: 'invited' });
    expect(again!.externalInviteId).not.toBe(old!.externalInviteId);
    const s = await connector.snapshot(ctx());
    expect(s.invites.filter((i) => i.email === 'late@acme.test').map((i) => i.status).sort()).toEqual(['expired', 'pending']);
  });

  it('invites 120 people in batches of at most 50 while rate limits are injected, each exactly once, retrying like the engine', async () => {
    const people = Array.from({ length: 120 }, (_, i) => person(`p${i}@acme.test`, i % 10 === 0 ? ['BIZ_ADMIN'] : ['EMPLOYEE'], [{ externalId: ad2, type: 'ad_account', access: 'full', permissions: [] }]));
    // The second invite call and the first asset call are throttled; reads are throttled too (retried in place).
    api.injected.push({ status: 429, method: 'POST', path: /\/invites$/, retryAfter: '2' });
    api.injected.push({ status: 429, method: 'GET', retryAfter: '0' });
    let attempts = 0;
    let final: InviteOutcome[] = [];
    const ids = new Map<string, string | null>();
    for (;;) {
      attempts++;
      try {
        final = await connector.invite(ctx(), people);
        break;
      } catch (e) {
        expect(e).toBeInstanceOf(JobError);
        expect((e as JobError).opts.transient).toBe(true);
        if (attempts === 1) api.injected.push({ status: 429, method: 'POST', path: /\/invites$/, retryAfter: '1' });
        if (attempts > 5) throw e;
      }
    }
    expect(attempts).toBe(3);
    for (const o of final) ids.set(o.email, o.externalInviteId);
    expect(final.every((o) => o.outcome === 'invited' || o.outcome === 'already_invited')).toBe(true);
    expect(new Set(ids.values()).size).toBe(120);
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invites'));
    expect(posts.every((r) => (r.body as { members: string[] }).members.length <= 50)).toBe(true);
    const invites = [...api.businesses.get(biz)!.invites.values()];
    expect(invites).toHaveLength(120); // nobody invited twice
    expect(invites.every((i) => i.status === 'PENDING')).toBe(true);
    // Every invite carries its asset permissions, including those sent by the runs that were throttled.
    expect(invites.every((i) => i.assets[ad2]?.[0] === 'ADMIN')).toBe(true);
    const grants = api.requests.filter((r) => r.path.endsWith('/invites/assets/access'));
    expect(grants.every((r) => (r.body as { invites: unknown[] }).invites.length <= 50)).toBe(true);
  });
});

describe('assignAssets and unassignAssets', () => {
  const grant = (externalId: string, access: 'full' | 'partial', permissions: string[] = []): AssetGrant => ({ externalId, type: 'ad_account', access, permissions });
  const calls = (method: string): unknown[] => api.requests.filter((r) => r.method === method && r.path.endsWith('/members/assets/access')).map((r) => r.body);
  const held = (memberId: string): Record<string, string[]> => Object.fromEntries(api.businesses.get(biz)!.members.get(memberId)!.assets);

  it('grants full (ADMIN) and partial access in one PATCH, and the snapshot shows it', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    await connector.assignAssets(ctx(), u.id, [grant(ad1, 'full'), grant(ad2, 'partial', ['ANALYST', 'AUDIENCE_MANAGER'])]);
    expect(calls('PATCH')).toEqual([{ accesses: [{ asset_id: ad1, member_id: u.id, permissions: ['ADMIN'] }, { asset_id: ad2, member_id: u.id, permissions: ['ANALYST', 'AUDIENCE_MANAGER'] }] }]);
    const s = await connector.snapshot(ctx());
    expect(s.members.find((m) => m.externalUserId === u.id)!.assets).toEqual([
      { externalId: ad1, type: 'ad_account', access: 'full', permissions: ['ADMIN'] },
      { externalId: ad2, type: 'ad_account', access: 'partial', permissions: ['ANALYST', 'AUDIENCE_MANAGER'] },
    ]);
  });

  it('is idempotent, and a changed grant replaces the permissions (partial ↔ full)', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    await connector.assignAssets(ctx(), u.id, [grant(ad1, 'partial', ['ANALYST'])]);
    await connector.assignAssets(ctx(), u.id, [grant(ad1, 'partial', ['ANALYST'])]);
    expect(held(u.id)).toEqual({ [ad1]: ['ANALYST'] });
    await connector.assignAssets(ctx(), u.id, [grant(ad1, 'full')]);
    expect(held(u.id)).toEqual({ [ad1]: ['ADMIN'] });
    await connector.assignAssets(ctx(), u.id, [grant(ad1, 'partial', ['CAMPAIGN_MANAGER'])]);
    expect(held(u.id)).toEqual({ [ad1]: ['CAMPAIGN_MANAGER'] });
  });

  it('sends at most 50 grants and 100 revokes per call', async () => {
    const many = Array.from({ length: 120 }, (_, i) => String(549755900000 + i));
    api.businesses.get(biz)!.assets.push(...many);
    const u = api.addMember(biz, 'ana@acme.test');
    await connector.assignAssets(ctx(), u.id, many.map((a) => grant(a, 'partial', ['ANALYST'])));
    expect(calls('PATCH').map((b) => (b as { accesses: unknown[] }).accesses.length)).toEqual([50, 50, 20]);
    expect(Object.keys(held(u.id))).toHaveLength(120);
    await connector.unassignAssets(ctx(), u.id, many.map((a) => ({ externalId: a, type: 'ad_account' })));
    expect(calls('DELETE').map((b) => (b as { accesses: unknown[] }).accesses.length)).toEqual([100, 20]);
    expect(held(u.id)).toEqual({});
  });

  it('revokes, and treats an access the member does not hold as already revoked', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    api.businesses.get(biz)!.members.get(u.id)!.assets.set(ad1, ['ANALYST']);
    await connector.unassignAssets(ctx(), u.id, [{ externalId: ad1, type: 'ad_account' }, { externalId: ad2, type: 'ad_account' }]);
    expect(calls('DELETE')).toEqual([{ accesses: [{ asset_id: ad1, member_id: u.id }, { asset_id: ad2, member_id: u.id }] }]);
    expect(held(u.id)).toEqual({});
    await connector.unassignAssets(ctx(), u.id, [{ externalId: ad1, type: 'ad_account' }]);
    expect((await connector.snapshot(ctx())).members.find((m) => m.externalUserId === u.id)!.assets).toEqual([]);
  });

  it('reports per-item refusals after applying the rest, and refuses what Pinterest cannot express before calling', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    const e = await failure(connector.assignAssets(ctx(), u.id, [grant('999999', 'full'), grant(ad1, 'partial', ['ANALYST'])]));
    expect([e.code, e.message]).toEqual(['InviteRejected', expect.stringMatching(/ad account 999999: Asset 999999 not found/)]);
    expect(held(u.id)).toEqual({ [ad1]: ['ANALYST'] });
    expect((await failure(connector.assignAssets(ctx(), '12345', [grant(ad1, 'full')]))).message).toMatch(/Member 12345 not found/);
    expect((await failure(connector.assignAssets(ctx(), u.id, [grant(ad1, 'partial', ['PROFILE_PUBLISHER'])]))).message).toMatch(/PROFILE only/);
    api.requests.length = 0;
    expect((await failure(connector.assignAssets(ctx(), u.id, [grant(ad1, 'partial')]))).message).toMatch(/at least one permission/);
    expect((await failure(connector.assignAssets(ctx(), u.id, [{ externalId: '1', type: 'profile', access: 'full', permissions: [] }]))).message).toMatch(/ad accounts only/);
    expect((await failure(connector.unassignAssets(ctx(), u.id, [{ externalId: '1', type: 'catalog' }]))).code).toBe('InviteRejected');
    expect(calls('PATCH')).toEqual([]);
    // Ids Pinterest cannot parse fail the whole call.
    expect((await failure(connector.assignAssets(ctx(), u.id, [grant('ad-one', 'full')]))).code).toBe('InviteRejected');
    expect((await failure(connector.unassignAssets(ctx(), 'member-one', [{ externalId: ad1, type: 'ad_account' }]))).code).toBe('InviteRejected');
  });

  it('maps throttling (with Retry-After), permission, business and token failures', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    api.injected.push({ status: 429, method: 'PATCH', retryAfter: '9' });
    const limited = await failure(connector.assignAssets(ctx(), u.id, [grant(ad1, 'full')]));
    expect([limited.code, limited.opts.transient, limited.opts.retryAfterMs]).toEqual(['RateLimited', true, 9_000]);
    api.injected.push({ status: 429, method: 'DELETE', retryAfter: '4' });
    const limitedRevoke = await failure(connector.unassignAssets(ctx(), u.id, [{ externalId: ad1, type: 'ad_account' }]));
    expect([limitedRevoke.code, limitedRevoke.opts.retryAfterMs]).toEqual(['RateLimited', 4_000]);
    api.injected.push({ status: 403, method: 'PATCH' });
    expect((await failure(connector.assignAssets(ctx(), u.id, [grant(ad1, 'full')]))).code).toBe('UnderpermissionedAccount');
    api.injected.push({ status: 403, method: 'DELETE' });
    expect((await failure(connector.unassignAssets(ctx(), u.id, [{ externalId: ad1, type: 'ad_account' }]))).code).toBe('UnderpermissionedAccount');
    expect((await failure(connector.assignAssets(ctx({ businessId: '1' }), u.id, [grant(ad1, 'full')]))).code).toBe('InvalidBusinessId');
    expect((await failure(connector.assignAssets(ctx({ credential: { token: 'revoked' } }), u.id, [grant(ad1, 'full')]))).code).toBe('TokenExpired');
    expect((await failure(connector.unassignAssets(ctx({ credential: { token: 'revoked' } }), u.id, [{ externalId: ad1, type: 'ad_account' }]))).code).toBe('TokenExpired');
    expect(held(u.id)).toEqual({});
    // A write that hits an expired token refreshes once and is replayed.
    api.refreshTokens.set('pinr_w', { clientId: 'app1', clientSecret: 's3cret' });
    await connector.assignAssets(ctx({ credential: { token: JSON.stringify({ access_token: 'pina_expired', refresh_token: 'pinr_w', client_id: 'app1', client_secret: 's3cret' }) } }), u.id, [grant(ad1, 'full')]);
    expect(held(u.id)).toEqual({ [ad1]: ['ADMIN'] });
  });
});

describe('updateRoles', () => {
  it('changes the business role, and refuses roles Pinterest does not have', async () => {
    const u = api.addMember(biz, 'ana@acme.test');
    await connector.updateRoles(ctx(), u.id, ['BIZ_ADMIN']);
    expect(api.businesses.get(biz)!.members.get(u.id)!.role).toBe('BIZ_ADMIN');
    expect((await failure(connector.updateRoles(ctx(), u.id, ['OWNER']))).code).toBe('InviteRejected');
    expect((await failure(connector.updateRoles(ctx(), '999', ['EMPLOYEE']))).code).toBe('InviteRejected');
    api.injected.push({ status: 403, method: 'PATCH' });
    expect((await failure(connector.updateRoles(ctx(), u.id, ['EMPLOYEE']))).code).toBe('UnderpermissionedAccount');
  });
});

describe('remove', () => {
  it('removes a member with their role, cancels a pending invite, and treats already-gone as done', async () => {
    const u = api.addMember(biz, 'ana@acme.test', 'BIZ_ADMIN');
    await connector.remove(ctx(), { externalUserId: u.id, email: 'ana@acme.test' });
    expect(api.businesses.get(biz)!.members.has(u.id)).toBe(false);
    await connector.remove(ctx(), { externalUserId: u.id, email: 'ana@acme.test' });

    const [inv] = await connector.invite(ctx(), [person('Later@acme.test')]);
    await connector.remove(ctx(), { externalUserId: null, email: 'later@acme.test' });
    expect(api.businesses.get(biz)!.invites.get(inv!.externalInviteId!)!.status).toBe('CANCELLED');
    await connector.remove(ctx(), { externalUserId: null, email: 'later@acme.test' });

    api.injected.push({ status: 429, method: 'DELETE', retryAfter: '3' });
    const [inv2] = await connector.invite(ctx(), [person('x@acme.test')]);
    const e = await failure(connector.remove(ctx(), { externalUserId: null, email: 'x@acme.test' }));
    expect([e.code, e.opts.retryAfterMs]).toEqual(['RateLimited', 3_000]);
    expect(api.businesses.get(biz)!.invites.get(inv2!.externalInviteId!)!.status).toBe('PENDING');
  });
});

describe('catalog', () => {
  it('ships Pinterest Business, pointed at LATCHKEY_PINTEREST_API_URL', () => {
    const config = loadConfig({ LATCHKEY_PINTEREST_API_URL: 'http://127.0.0.1:9/v5/' }, '/nonexistent');
    expect(config.pinterestApiUrl).toBe('http://127.0.0.1:9/v5');
    expect(loadConfig({}, '/nonexistent').pinterestApiUrl).toBe('https://api.pinterest.com/v5');
    const m = createCatalog(installedConnectors(config)).connector('pinterest').manifest;
    expect(m).toMatchObject({ displayName: 'Pinterest Business', managedPhone: { needed: true }, roleGroups: [{ roles: [{ key: 'BIZ_ADMIN' }, { key: 'EMPLOYEE', isDefault: true }] }] });
  });
});
