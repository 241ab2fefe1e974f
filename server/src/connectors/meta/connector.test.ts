import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { JobError } from '../../jobs/types.ts';
import { createCatalog } from '../catalog.ts';
import { installedConnectors } from '../installed.ts';
import type { AssetGrant, ConnectorContext, InviteOutcome, InviteRequest } from '../types.ts';
import { metaAssetKinds } from './assets.ts';
import { regainAccessMs } from './client.ts';
import { createMetaConnector } from './connector.ts';
import { FakeGraph } from './fake-api.ts';
import { connectFacebookProfile, facebookLoginUrl } from './oauth.ts';

/** The Meta connector against a strict local Graph API (fake-api.ts): real HTTP on 127.0.0.1. */
const api = new FakeGraph('v25.0');
const biz = '1234567890';
const token = 'EAAsystemuser';
const noWait = { attempts: 3, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} };
let connector: ReturnType<typeof createMetaConnector>;

beforeAll(async () => {
  connector = createMetaConnector({ graphUrl: await api.start(), version: 'v25.0', timeoutMs: 5_000, readRetry: noWait });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.businesses.clear();
  api.tokens.clear();
  api.tokens.add(token);
  api.injected.length = 0;
  api.requests.length = 0;
  api.now = Date.now();
  api.addBusiness(biz, 'Acme portfolio');
});

const ctx = (over: Partial<ConnectorContext> = {}): ConnectorContext => ({ businessId: biz, connectFields: { app_id: '42' }, credential: { token }, signal: new AbortController().signal, ...over });
const person = (email: string, roles: string[] = ['EMPLOYEE']): InviteRequest => ({ email, roles, assets: [] });
async function failure(p: Promise<unknown>): Promise<JobError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(JobError);
  return e as JobError;
}

describe('the fake Graph API is strict', () => {
  it('answers errors in the Graph envelope and refuses tokens in URLs, unknown parameters and missing ad-account business', async () => {
    const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: { error?: { code: number; error_subcode?: number; fbtrace_id?: string } } }> => {
      const r = await fetch(`${api.url}/v25.0/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
      return { status: r.status, body: (await r.json()) as { error?: { code: number; fbtrace_id?: string } } };
    };
    expect((await call(`${biz}/business_users?access_token=${token}`)).body.error?.code).toBe(100);
    expect((await call(`${biz}/business_users`, { headers: { authorization: 'Bearer nope' } })).body.error).toMatchObject({ code: 190, fbtrace_id: expect.any(String) });
    expect((await call(`${biz}/business_users?offset=3`)).body.error?.code).toBe(100);
    const ad = api.addAsset(biz, 'ad_account', 'Main');
    expect((await call(`${ad.id}/assigned_users`)).body.error?.code).toBe(100);
    expect((await call('999/business_users')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('grants and revokes on assigned_users only with the documented form parameters', async () => {
    const u = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const page = api.addAsset(biz, 'page', 'Brand page');
    const send = async (method: string, path: string, form: Record<string, string>): Promise<{ code?: number } | undefined> => {
      const r = await fetch(`${api.url}/v25.0/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      return ((await r.json()) as { error?: { code: number } }).error;
    };
    const tasks = '["ANALYZE"]';
    expect(await send('POST', `${ad.id}/assigned_users`, { user: u.id, tasks })).toMatchObject({ code: 100 }); // ad accounts need business
    expect(await send('POST', `${ad.id}/assigned_users`, { user: u.id, tasks, business: '1' })).toMatchObject({ code: 100 }); // not the owner
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks, business: biz })).toMatchObject({ code: 100 }); // pages take user and tasks only
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks: '["DRAFT"]' })).toMatchObject({ code: 100 }); // an ad-account task
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks: '[]' })).toMatchObject({ code: 100 });
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks: 'ANALYZE' })).toMatchObject({ code: 100 });
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks, role: 'MANAGE' })).toMatchObject({ code: 100 });
    expect(await send('DELETE', `${page.id}/assigned_users`, { user: u.id })).toMatchObject({ code: 100 }); // holds no role
    expect(await send('PUT', `${page.id}/assigned_users`, { user: u.id, tasks })).toMatchObject({ code: 100 });
    expect(await send('POST', `${page.id}/assigned_users`, { user: u.id, tasks })).toBeUndefined();
    expect(await send('DELETE', `${page.id}/assigned_users`, { user: u.id })).toBeUndefined();
  });

  it('serves owned_pixels and who holds a pixel (business required), and refuses to grant or revoke on a pixel', async () => {
    const u = api.addUser(biz, 'ana@acme.test');
    const pixel = api.addAsset(biz, 'pixel', 'Shop pixel');
    pixel.assigned.set(u.id, ['ANALYZE']);
    const call = async (method: string, path: string, form?: Record<string, string>): Promise<{ body: { data?: { id: string; tasks: string[] }[]; error?: { code: number; error_subcode?: number; message: string } } }> => {
      const r = await fetch(`${api.url}/v25.0/${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
      return { body: (await r.json()) as never };
    };
    expect((await call('GET', `${biz}/owned_pixels`)).body.data).toEqual([{ id: pixel.id, name: 'Shop pixel' }]);
    expect((await call('GET', `${pixel.id}/assigned_users`)).body.error?.code).toBe(100); // business is required
    expect((await call('GET', `${pixel.id}/assigned_users?business=1`)).body.error?.code).toBe(100); // not the owner
    expect((await call('GET', `${pixel.id}/assigned_users?business=${biz}`)).body.data).toMatchObject([{ id: u.id, tasks: ['ANALYZE'] }]);
    // Graph documents no create or delete on a pixel's assigned_users: the answer to an unsupported operation, whatever the form.
    for (const [method, form] of [['POST', { user: u.id, tasks: '["EDIT"]', business: biz }], ['DELETE', { user: u.id, business: biz }], ['DELETE', { user: u.id }]] as const) {
      expect((await call(method, `${pixel.id}/assigned_users`, form)).body.error).toMatchObject({ code: 100, error_subcode: 33, message: expect.stringContaining(`Unsupported ${method.toLowerCase()} request`) });
    }
    expect([...pixel.assigned]).toEqual([[u.id, ['ANALYZE']]]);
  });
});

describe('validate', () => {
  it('reads the business name, and maps Graph error codes rather than HTTP statuses', async () => {
    expect(await connector.validate(ctx())).toEqual({ spaceName: 'Acme portfolio' });
    expect((await failure(connector.validate(ctx({ credential: { token: 'expired' } })))).code).toBe('TokenExpired');
    expect((await failure(connector.validate(ctx({ businessId: '999' })))).code).toBe('InvalidBusinessId');
    api.injected.push({ code: 200, status: 403 });
    expect((await failure(connector.validate(ctx()))).code).toBe('UnderpermissionedAccount');
    api.injected.push({ code: 10 });
    expect((await failure(connector.validate(ctx()))).code).toBe('UnderpermissionedAccount');
    for (const code of [4, 17, 32, 613, 80004]) {
      api.injected.push({ code, status: code === 17 ? 403 : 400 });
      const e = await failure(connector.validate(ctx()));
      expect([code, e.code, e.opts.transient, e.opts.retryAfterMs]).toEqual([code, 'RateLimited', true, 60_000]);
    }
    api.injected.push({ code: 80004, regainMinutes: 3 });
    expect((await failure(connector.validate(ctx()))).opts.retryAfterMs).toBe(180_000);
    api.injected.push({ code: 2, status: 500 });
    expect(await connector.validate(ctx())).toEqual({ spaceName: 'Acme portfolio' }); // transient, retried in place
    api.injected.push({ code: 368 });
    expect((await failure(connector.validate(ctx()))).message).toMatch(/policy.*fbtrace_id \S+/);
    expect(regainAccessMs('{"1":[{"estimated_time_to_regain_access":999}]}')).toBe(15 * 60_000);
  });
});

describe('snapshot', () => {
  it('reads business users (all pages), pending users with status, expiry and link, and assets with their assigned users', async () => {
    const admin = api.addUser(biz, 'owner@acme.test', 'ADMIN');
    const ana = api.addUser(biz, 'ana@acme.test');
    ana.tasks = ['FINANCE_VIEW'];
    for (let i = 0; i < 150; i++) api.addUser(biz, `m${i}@acme.test`);
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const page = api.addAsset(biz, 'page', 'Brand page');
    ad.assigned.set(ana.id, ['ADVERTISE', 'ANALYZE']);
    page.assigned.set(admin.id, ['MANAGE', 'CREATE_CONTENT']);
    const [inv] = await connector.invite(ctx(), [person('later@else.test')]);
    const [old] = await connector.invite(ctx(), [person('old@else.test')]);
    api.now += 31 * 24 * 3600 * 1000;
    api.requests.length = 0;

    const s = await connector.snapshot(ctx());
    expect(s.members).toHaveLength(152);
    expect(api.requests.filter((r) => r.path.endsWith('business_users') && r.query.includes('after=')).length).toBe(1);
    expect(s.members.find((m) => m.externalUserId === ana.id)).toMatchObject({ email: 'ana@acme.test', roles: ['EMPLOYEE', 'FINANCE_VIEW'], assets: [{ externalId: ad.id, type: 'ad_account', access: 'partial', permissions: ['ADVERTISE', 'ANALYZE'] }] });
    expect(s.members.find((m) => m.externalUserId === admin.id)).toMatchObject({ roles: ['ADMIN'], assets: [{ externalId: page.id, type: 'page', access: 'full' }] });
    expect(s.assets).toEqual([{ externalId: ad.id, type: 'ad_account', name: 'Main ads' }, { externalId: page.id, type: 'page', name: 'Brand page' }]);
    expect(s.invites).toEqual([
      { externalInviteId: inv!.externalInviteId, email: 'later@else.test', roles: ['EMPLOYEE'], status: 'expired', expiresAt: inv!.expiresAt, inviteUrl: expect.stringContaining('https://business.facebook.com/invitation/') },
      expect.objectContaining({ externalInviteId: old!.externalInviteId, status: 'expired' }),
    ]);
    // assigned_users on an ad account carries business=, as Graph requires.
    expect(api.requests.find((r) => r.path === `${ad.id}/assigned_users`)?.query).toContain(`business=${biz}`);
  });

  it('lists the pixels the business owns and who holds each, EDIT counting as full access', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const bob = api.addUser(biz, 'bob@acme.test');
    const pixel = api.addAsset(biz, 'pixel', 'Shop pixel');
    const other = api.addAsset(biz, 'pixel', 'Blog pixel');
    pixel.assigned.set(ana.id, ['EDIT', 'ADVERTISE', 'ANALYZE', 'UPLOAD']);
    pixel.assigned.set(bob.id, ['ANALYZE']);
    other.assigned.set(bob.id, ['UPLOAD']);
    const s = await connector.snapshot(ctx());
    expect(s.assets).toEqual([{ externalId: pixel.id, type: 'pixel', name: 'Shop pixel' }, { externalId: other.id, type: 'pixel', name: 'Blog pixel' }]);
    expect(s.members.find((m) => m.externalUserId === ana.id)!.assets).toEqual([{ externalId: pixel.id, type: 'pixel', access: 'full', permissions: ['EDIT', 'ADVERTISE', 'ANALYZE', 'UPLOAD'] }]);
    expect(s.members.find((m) => m.externalUserId === bob.id)!.assets).toEqual([
      { externalId: pixel.id, type: 'pixel', access: 'partial', permissions: ['ANALYZE'] },
      { externalId: other.id, type: 'pixel', access: 'partial', permissions: ['UPLOAD'] },
    ]);
    expect(api.requests.some((r) => r.path === `${biz}/owned_pixels`)).toBe(true);
    expect(api.requests.find((r) => r.path === `${pixel.id}/assigned_users`)?.query).toContain(`business=${biz}`);
  });
});

describe('invite', () => {
  it('a resend deletes only the lapsed request it replaces, and a retry of the resend adopts the new one', async () => {
    const [first] = await connector.invite(ctx(), [person('again@acme.test')]);
    const requests = api.businesses.get(biz)!.requests;
    requests.get(first!.externalInviteId!)!.status = 'EXPIRED';
    const resend = { ...person('again@acme.test'), replaces: first!.externalInviteId };
    const [sent] = await connector.invite(ctx(), [resend]);
    expect(sent).toMatchObject({ outcome: 'invited', externalInviteId: expect.not.stringMatching(`^${first!.externalInviteId}$`) });
    expect(requests.has(first!.externalInviteId!)).toBe(false);
    // The job is retried after that call went out (say its answer was lost): nothing is deleted or sent again.
    const [retried] = await connector.invite(ctx(), [resend]);
    expect(retried).toMatchObject({ outcome: 'already_invited', externalInviteId: sent!.externalInviteId });
    expect([...requests.values()].filter((r) => r.email === 'again@acme.test')).toHaveLength(1);
  });

  it('invites one email per call with role and tasks, skips members and open requests, and reads back id, expiry and link', async () => {
    api.addUser(biz, 'member@acme.test');
    const [first] = await connector.invite(ctx(), [person('pending@acme.test')]);
    api.requests.length = 0;
    const out = await connector.invite(ctx(), [person('Member@acme.test'), person('pending@acme.test'), person('new@acme.test', ['EMPLOYEE', 'FINANCE_EDIT']), person('bad-email')]);
    expect(out.map((o) => [o.email, o.outcome])).toEqual([['Member@acme.test', 'already_member'], ['pending@acme.test', 'already_invited'], ['new@acme.test', 'invited'], ['bad-email', 'failed']]);
    expect(out[1]!.externalInviteId).toBe(first!.externalInviteId);
    expect(out[2]).toMatchObject({ externalInviteId: expect.any(String), expiresAt: expect.any(String) });
    expect(out[3]!.error).toMatchObject({ code: 'InviteRejected', message: expect.stringContaining('Invalid email') });
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.form)).toEqual([{ email: 'new@acme.test', role: 'EMPLOYEE', tasks: '["FINANCE_EDIT"]' }, { email: 'bad-email', role: 'EMPLOYEE' }]);
  });

  it('re-invites after expiry: the expired request does not block a new one', async () => {
    const [old] = await connector.invite(ctx(), [person('late@acme.test')]);
    api.now += 31 * 24 * 3600 * 1000;
    const [again] = await connector.invite(ctx(), [person('late@acme.test')]);
    expect(again).toMatchObject({ outcome: 'invited' });
    expect(again!.externalInviteId).not.toBe(old!.externalInviteId);
  });

  it('invites 50 people while Meta throttles (codes 4, 17, 80004), each exactly once, retrying like the engine', async () => {
    let pending = Array.from({ length: 50 }, (_, i) => person(`p${i}@acme.test`));
    let attempts = 0;
    const done: InviteOutcome[] = [];
    const throttles = [{ code: 80004, method: 'POST', regainMinutes: 1 }, { code: 4, method: 'POST' }, { code: 17, method: 'GET', status: 403 }];
    while (pending.length > 0) {
      attempts++;
      if (attempts > 8) throw new Error('did not finish');
      const t = throttles.shift();
      // Let some calls through first so each run is throttled part-way.
      if (t) api.injected.push({ ...t, skip: 5 * attempts });
      let outcomes: InviteOutcome[];
      try {
        outcomes = await connector.invite(ctx(), pending);
      } catch (e) {
        // Throttled before any invite (the member listing): the whole run is retried.
        expect([(e as JobError).code, (e as JobError).opts.transient]).toEqual(['RateLimited', true]);
        continue;
      }
      // A throttled run reports who was invited and gives the rest the transient error, as the engine retries them.
      const retry = outcomes.filter((o) => o.outcome === 'failed');
      expect(retry.every((o) => o.error?.code === 'RateLimited' && o.error.opts.transient)).toBe(true);
      done.push(...outcomes.filter((o) => o.outcome !== 'failed'));
      pending = pending.filter((p) => retry.some((o) => o.email === p.email));
    }
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(done).toHaveLength(50);
    expect(done.every((o) => (o.outcome === 'invited' || o.outcome === 'already_invited') && o.externalInviteId)).toBe(true);
    expect(api.businesses.get(biz)!.requests.size).toBe(50); // nobody invited twice
  });
});

describe('updateRoles', () => {
  it('changes role and tasks, and maps refusals', async () => {
    const u = api.addUser(biz, 'ana@acme.test');
    await connector.updateRoles(ctx(), u.id, ['ADMIN', 'DEVELOPER']);
    expect([u.role, u.tasks]).toEqual(['ADMIN', ['DEVELOPER']]);
    expect((await failure(connector.updateRoles(ctx(), u.id, ['EMPLOYEE', 'OWNER']))).code).toBe('InviteRejected');
    api.injected.push({ code: 200, method: 'POST' });
    expect((await failure(connector.updateRoles(ctx(), u.id, ['EMPLOYEE']))).code).toBe('UnderpermissionedAccount');
  });
});

describe('remove', () => {
  it('removes a business user, cancels pending requests for the email, and treats already-gone as done', async () => {
    const u = api.addUser(biz, 'ana@acme.test');
    await connector.remove(ctx(), { externalUserId: u.id, email: 'ana@acme.test' });
    expect(api.businesses.get(biz)!.users.has(u.id)).toBe(false);
    await connector.remove(ctx(), { externalUserId: u.id, email: 'ana@acme.test' });
    const [inv] = await connector.invite(ctx(), [person('later@acme.test')]);
    await connector.remove(ctx(), { externalUserId: null, email: 'later@acme.test' });
    expect(api.businesses.get(biz)!.requests.has(inv!.externalInviteId!)).toBe(false);
    await connector.invite(ctx(), [person('x@acme.test')]);
    api.injected.push({ code: 613, method: 'DELETE' });
    expect((await failure(connector.remove(ctx(), { externalUserId: null, email: 'x@acme.test' }))).code).toBe('RateLimited');
  });
});

describe('assignAssets and unassignAssets', () => {
  const grant = (a: { id: string; kind: string }, access: 'full' | 'partial', permissions: string[] = []): AssetGrant => ({ externalId: a.id, type: a.kind, access, permissions });
  const posts = (): { path: string; form: Record<string, string> }[] => api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/assigned_users'));
  const deletes = (): { path: string; form: Record<string, string> }[] => api.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith('/assigned_users'));

  it('grants full and partial access one user × one asset per call, with business only on ad accounts, and the snapshot shows it', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const page = api.addAsset(biz, 'page', 'Brand page');
    const catalog = api.addAsset(biz, 'product_catalog', 'Shop');
    await connector.assignAssets(ctx(), ana.id, [grant(ad, 'full'), grant(page, 'partial', ['CREATE_CONTENT', 'ANALYZE']), grant(catalog, 'partial', ['ADVERTISE'])]);
    expect(posts().map((r) => [r.path, r.form])).toEqual([
      [`${ad.id}/assigned_users`, { user: ana.id, tasks: '["MANAGE","ADVERTISE","ANALYZE"]', business: biz }],
      [`${page.id}/assigned_users`, { user: ana.id, tasks: '["CREATE_CONTENT","ANALYZE"]' }],
      [`${catalog.id}/assigned_users`, { user: ana.id, tasks: '["ADVERTISE"]' }],
    ]);
    const s = await connector.snapshot(ctx());
    expect(s.assets.map((a) => a.type)).toEqual(['ad_account', 'page', 'product_catalog']);
    expect(s.members.find((m) => m.externalUserId === ana.id)!.assets).toEqual([
      { externalId: ad.id, type: 'ad_account', access: 'full', permissions: ['MANAGE', 'ADVERTISE', 'ANALYZE'] },
      { externalId: page.id, type: 'page', access: 'partial', permissions: ['CREATE_CONTENT', 'ANALYZE'] },
      { externalId: catalog.id, type: 'product_catalog', access: 'partial', permissions: ['ADVERTISE'] },
    ]);
  });

  it('is idempotent, and a changed grant replaces the tasks (full ↔ partial)', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    await connector.assignAssets(ctx(), ana.id, [grant(ad, 'partial', ['ANALYZE'])]);
    await connector.assignAssets(ctx(), ana.id, [grant(ad, 'partial', ['ANALYZE'])]);
    expect(ad.assigned.get(ana.id)).toEqual(['ANALYZE']);
    await connector.assignAssets(ctx(), ana.id, [grant(ad, 'full')]);
    expect(ad.assigned.get(ana.id)).toEqual(['MANAGE', 'ADVERTISE', 'ANALYZE']);
    await connector.assignAssets(ctx(), ana.id, [grant(ad, 'partial', ['ADVERTISE', 'ANALYZE'])]);
    expect(ad.assigned.get(ana.id)).toEqual(['ADVERTISE', 'ANALYZE']);
    expect(ad.assigned.size).toBe(1);
  });

  it('revokes with user (and business on ad accounts), and treats an asset the user does not hold as already revoked', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const bob = api.addUser(biz, 'bob@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const page = api.addAsset(biz, 'page', 'Brand page');
    ad.assigned.set(ana.id, ['ANALYZE']);
    ad.assigned.set(bob.id, ['MANAGE']);
    page.assigned.set(ana.id, ['MANAGE']);
    await connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }, { externalId: page.id, type: 'page' }]);
    expect(deletes().map((r) => [r.path, r.form])).toEqual([[`${ad.id}/assigned_users`, { user: ana.id, business: biz }], [`${page.id}/assigned_users`, { user: ana.id }]]);
    expect([...ad.assigned.keys(), ...page.assigned.keys()]).toEqual([bob.id]);
    api.requests.length = 0;
    await connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }, { externalId: page.id, type: 'page' }]);
    expect(deletes()).toEqual([]);
    expect((await connector.snapshot(ctx())).members.find((m) => m.externalUserId === ana.id)!.assets).toEqual([]);
  });

  it('maps refusals: unknown asset or user, bad task, unknown type, empty partial, permission, auth', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const missingAsset = await failure(connector.assignAssets(ctx(), ana.id, [{ externalId: '424242', type: 'page', access: 'full', permissions: [] }]));
    expect([missingAsset.code, missingAsset.message]).toEqual(['InviteRejected', expect.stringMatching(/no page 424242.*fbtrace_id/)]);
    expect((await failure(connector.unassignAssets(ctx(), ana.id, [{ externalId: '424242', type: 'page' }]))).code).toBe('InviteRejected');
    expect((await failure(connector.assignAssets(ctx(), '999', [grant(ad, 'full')]))).message).toMatch(/not a person in the business/);
    expect((await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'partial', ['CREATE_CONTENT'])]))).message).toMatch(/tasks enum.*code 100/);
    api.requests.length = 0;
    expect((await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full'), { externalId: '1', type: 'instagram_account', access: 'full', permissions: [] }]))).message).toMatch(/no asset type "instagram_account"/);
    expect((await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full'), grant(ad, 'partial')]))).message).toMatch(/at least one task/);
    expect(posts()).toEqual([]); // a bad grant sends nothing
    api.injected.push({ code: 200, method: 'POST', status: 403 });
    expect((await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full')]))).code).toBe('UnderpermissionedAccount');
    ad.assigned.set(ana.id, ['MANAGE']);
    api.injected.push({ code: 10, method: 'DELETE' });
    expect((await failure(connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }]))).code).toBe('UnderpermissionedAccount');
    expect((await failure(connector.assignAssets(ctx({ credential: { token: 'expired' } }), ana.id, [grant(ad, 'full')]))).code).toBe('TokenExpired');
    expect((await failure(connector.unassignAssets(ctx({ credential: { token: 'expired' } }), ana.id, [{ externalId: ad.id, type: 'ad_account' }]))).code).toBe('TokenExpired');
  });

  it('refuses to grant or revoke a pixel before any Graph call, and says where to do it in Meta', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    const pixel = api.addAsset(biz, 'pixel', 'Shop pixel');
    pixel.assigned.set(ana.id, ['ANALYZE']);
    api.requests.length = 0;
    const refusals = [
      await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full'), grant(pixel, 'full')])),
      await failure(connector.assignAssets(ctx(), ana.id, [grant(pixel, 'partial', ['ANALYZE'])])),
      await failure(connector.assignAssets(ctx(), ana.id, [grant(pixel, 'partial')])),
      await failure(connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }, { externalId: pixel.id, type: 'pixel' }])),
    ];
    for (const e of refusals) {
      expect([e.code, e.opts.transient ?? false]).toEqual(['InviteRejected', false]);
      expect(e.message).toContain(pixel.id);
      expect(e.message).toContain('Assign people to pixels in Business settings → Data sources → Pixels');
    }
    expect(api.requests).toEqual([]); // not even the holders' read
    expect(ad.assigned.size).toBe(0);
    expect([...pixel.assigned]).toEqual([[ana.id, ['ANALYZE']]]);
  });

  it('hands throttling to the engine as a transient RateLimited, with the BUC header wait when Graph gives one', async () => {
    const ana = api.addUser(biz, 'ana@acme.test');
    const ad = api.addAsset(biz, 'ad_account', 'Main ads');
    api.injected.push({ code: 80004, method: 'POST', regainMinutes: 2 });
    const buc = await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full')]));
    expect([buc.code, buc.opts.transient, buc.opts.retryAfterMs]).toEqual(['RateLimited', true, 120_000]);
    api.injected.push({ code: 17, method: 'POST', status: 403 });
    const user = await failure(connector.assignAssets(ctx(), ana.id, [grant(ad, 'full')]));
    expect([user.code, user.opts.transient, user.opts.retryAfterMs]).toEqual(['RateLimited', true, 60_000]);
    expect(ad.assigned.has(ana.id)).toBe(false);
    ad.assigned.set(ana.id, ['MANAGE']);
    api.injected.push({ code: 613, method: 'DELETE', regainMinutes: 1 });
    const revoke = await failure(connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }]));
    expect([revoke.code, revoke.opts.transient, revoke.opts.retryAfterMs]).toEqual(['RateLimited', true, 60_000]);
    expect(ad.assigned.has(ana.id)).toBe(true);
    // The engine's retry completes the revoke.
    await connector.unassignAssets(ctx(), ana.id, [{ externalId: ad.id, type: 'ad_account' }]);
    expect(ad.assigned.has(ana.id)).toBe(false);
  });
});

describe('Connect your Facebook profile', () => {
  it('builds the Login dialog URL, exchanges the single-use code by POST and names the profile', async () => {
    expect(facebookLoginUrl({ oauthUrl: 'https://www.facebook.com', version: 'v25.0', appId: '42', redirectUri: 'https://lk.test/cb', state: 's1' })).toBe('https://www.facebook.com/v25.0/dialog/oauth?client_id=42&redirect_uri=https%3A%2F%2Flk.test%2Fcb&state=s1&response_type=code&scope=public_profile%2Cemail');
    api.apps.set('42', 'appsecret');
    api.loginCodes.set('code1', { appId: '42', redirectUri: 'https://lk.test/cb', profile: { id: '777', name: 'Ana', email: 'ana@acme.test' } });
    const signal = new AbortController().signal;
    const base = { graphUrl: api.url, version: 'v25.0', appId: '42', appSecret: 'appsecret', redirectUri: 'https://lk.test/cb', signal };
    expect(await connectFacebookProfile({ ...base, code: 'code1' })).toEqual({ appScopedUserId: '777', name: 'Ana', email: 'ana@acme.test' });
    expect((await failure(connectFacebookProfile({ ...base, code: 'code1' }))).code).toBe('InviteRejected'); // used once already
    expect(api.requests.every((r) => !r.query.includes('appsecret'))).toBe(true);
  });
});

describe('catalog', () => {
  it('ships Meta Business, with the Graph URL and version from settings', () => {
    const config = loadConfig({ LATCHKEY_META_GRAPH_URL: 'http://127.0.0.1:9/', LATCHKEY_META_GRAPH_VERSION: 'v26.0' }, '/nonexistent');
    expect([config.metaGraphUrl, config.metaGraphVersion, config.metaOauthUrl]).toEqual(['http://127.0.0.1:9', 'v26.0', 'https://www.facebook.com']);
    expect(() => loadConfig({ LATCHKEY_META_GRAPH_VERSION: '25' }, '/nonexistent')).toThrow(/LATCHKEY_META_GRAPH_VERSION/);
    const m = createCatalog(installedConnectors(config)).connector('meta').manifest;
    expect(m).toMatchObject({ displayName: 'Meta Business', joinSteps: ['facebook_profile'], extraConnectFields: [{ key: 'app_id' }] });
    // Every kind the connector syncs is in the catalog, and only pixels are read-only (assignable defaults to true).
    expect(m.assetTypes.map((t) => [t.type, t.assignable])).toEqual(metaAssetKinds.map((k) => [k.type, k.assignable]));
    expect(m.assetTypes.find((t) => t.type === 'pixel')).toEqual({ type: 'pixel', label: 'Pixels', permissions: ['EDIT', 'ADVERTISE', 'ANALYZE', 'UPLOAD'], supportsPartial: true, assignable: false });
  });
});
