import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { JobError } from '../../jobs/types.ts';
import { createCatalog } from '../catalog.ts';
import { installedConnectors } from '../installed.ts';
import type { AssetGrant, ConnectorContext, InviteOutcome, InviteRequest } from '../types.ts';
import { createTikTokConnector } from './connector.ts';
import { FakeTikTok } from './fake-api.ts';
import { exchangeTikTokAuthCode, tiktokAuthorizeUrl } from './oauth.ts';

/** The TikTok connector against a strict local Business API v1.3 (fake-api.ts): real HTTP on 127.0.0.1. */
const api = new FakeTikTok();
const bcId = '7000123456789';
const token = 'tt_valid_token';
/** Advertiser ids are int64 strings (SDK `x-open-convert: int64`). */
const adv1 = '6900000000001';
const adv2 = '6900000000002';
const noWait = { attempts: 3, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} };
let connector: ReturnType<typeof createTikTokConnector>;

beforeAll(async () => {
  connector = createTikTokConnector({ baseUrl: await api.start(), timeoutMs: 5_000, readRetry: noWait });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.bcs.clear();
  api.tokens.clear();
  api.tokens.add(token);
  api.injected.length = 0;
  api.requests.length = 0;
  api.addBc(bcId, 'Acme BC', 'ADMIN', [adv1, adv2]);
});

const ctx = (over: Partial<ConnectorContext> = {}): ConnectorContext => ({ businessId: bcId, connectFields: {}, credential: { token }, signal: new AbortController().signal, ...over });
const person = (email: string, roles: string[] = ['STANDARD'], assets: InviteRequest['assets'] = []): InviteRequest => ({ email, roles, assets });
async function failure(p: Promise<unknown>): Promise<JobError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(JobError);
  return e as JobError;
}

describe('the fake TikTok API is strict', () => {
  it('answers in the envelope, and refuses Bearer auth, unknown or missing parameters, wrong methods and oversized pages', async () => {
    const get = async (path: string, headers: Record<string, string> = { 'access-token': token }): Promise<{ code: number; message: string; request_id: string }> => (await fetch(`${api.url}${path}`, { headers })).json() as Promise<{ code: number; message: string; request_id: string }>;
    expect(await get(`/bc/member/get/?bc_id=${bcId}`)).toMatchObject({ code: 0, message: 'OK', request_id: expect.any(String) });
    expect((await get(`/bc/member/get/?bc_id=${bcId}`, { authorization: `Bearer ${token}` })).code).toBe(40105);
    expect((await get('/bc/member/get/')).code).toBe(40002);
    expect((await get(`/bc/member/get/?bc_id=${bcId}&limit=5`)).code).toBe(40002);
    expect((await get(`/bc/member/get/?bc_id=${bcId}&page_size=51`)).code).toBe(40002);
    expect((await get(`/bc/member/get/?bc_id=${bcId}&filtering=${encodeURIComponent('{"email":"x"}')}`)).code).toBe(40002);
    expect((await fetch(`${api.url}/bc/member/invite/`, { headers: { 'access-token': token } })).status).toBe(405);
    expect((await fetch(`${api.url}/bc/member/get`, { headers: { 'access-token': token } })).status).toBe(404); // paths end in "/"
    expect((await get(`/bc/get/?child_bc_id=${bcId}`)).code).toBe(40002);
    expect(await get(`/bc/get/?bc_id=${bcId}&scene=SINGLE_ACCOUNT`)).toMatchObject({ code: 0, data: { list: [{ bc_info: { bc_id: bcId, name: 'Acme BC' }, user_role: 'ADMIN', ext_user_role: { finance_role: null } }], page_info: { page: 1, total_page: 1 } } });
  });

  it('assigns and unassigns only with the documented body, ids and enums', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    const pending = api.addMember(bcId, 'later@acme.test', 'STANDARD', 'PENDING');
    const post = async (path: string, body: Record<string, unknown>): Promise<{ code: number; message: string }> =>
      (await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'access-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ code: number; message: string }>;
    const body = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ bc_id: bcId, user_id: m.user_id, asset_id: adv1, asset_type: 'ADVERTISER', advertiser_role: 'ANALYST', ...over });
    expect((await post('/bc/asset/assign/', body({ asset_id: undefined }))).code).toBe(40002);
    expect((await post('/bc/asset/assign/', body({ asset_type: 'ADVERTISERS' }))).code).toBe(40002);
    expect((await post('/bc/asset/assign/', body({ advertiser_role: 'OWNER' }))).code).toBe(40002);
    expect((await post('/bc/asset/assign/', body({ advertiser_role: undefined }))).code).toBe(40002);
    expect((await post('/bc/asset/assign/', body({ catalog_role: 'ADMIN' }))).code).toBe(40002);
    expect((await post('/bc/asset/assign/', body({ user_id: 'ana' }))).message).toMatch(/valid integer/);
    expect((await post('/bc/asset/assign/', body({ user_id: pending.user_id }))).message).toMatch(/not a member/);
    expect((await post('/bc/asset/assign/', body({ asset_id: '42' }))).message).toMatch(/does not belong/);
    expect((await post('/bc/asset/assign/', body({ asset_type: 'PIXEL' }))).message).toMatch(/does not belong/);
    expect((await post('/bc/asset/assign/', body({ note: 'x' }))).code).toBe(40002);
    expect((await post('/bc/asset/unassign/', body({ advertiser_role: undefined }))).message).toMatch(/holds no role/);
    expect((await post('/bc/asset/unassign/', body({}))).code).toBe(40002); // advertiser_role is not a field of unassign
    expect((await fetch(`${api.url}/bc/asset/assign/`, { headers: { 'access-token': token } })).status).toBe(405);
    expect(await post('/bc/asset/assign/', body())).toMatchObject({ code: 0 });
    const listed = (await (await fetch(`${api.url}/bc/asset/get/?bc_id=${bcId}&asset_type=ADVERTISER&filtering=${encodeURIComponent(JSON.stringify({ user_id: m.user_id }))}`, { headers: { 'access-token': token } })).json()) as { data: { list: unknown[] } };
    expect(listed.data.list).toEqual([expect.objectContaining({ asset_id: adv1, asset_type: 'ADVERTISER', advertiser_role: 'ANALYST' })]);
    expect(await post('/bc/asset/unassign/', body({ advertiser_role: undefined }))).toMatchObject({ code: 0 });
  });
});

describe('validate', () => {
  it('finds the Business Center and checks the caller is its Admin', async () => {
    expect(await connector.validate(ctx())).toEqual({ spaceName: 'Acme BC' });
    expect((await failure(connector.validate(ctx({ businessId: '1' })))).code).toBe('InvalidBusinessId');
    api.addBc('7000999', 'Other', 'STANDARD');
    expect((await failure(connector.validate(ctx({ businessId: '7000999' })))).code).toBe('UnderpermissionedAccount');
    const revoked = await failure(connector.validate(ctx({ credential: { token: 'revoked' } })));
    expect([revoked.code, revoked.message]).toEqual(['TokenExpired', expect.stringMatching(/code 40105, request_id \w+/)]);
  });

  it('retries 40100 and 5xxxx on reads in place, and hands persistent throttling to the engine as transient', async () => {
    api.injected.push({ code: 40100 }, { code: 50002 });
    expect(await connector.validate(ctx())).toEqual({ spaceName: 'Acme BC' });
    api.injected.push({ code: 40100 }, { code: 40100 }, { code: 40100 });
    const e = await failure(connector.validate(ctx()));
    expect([e.code, e.opts.transient]).toEqual(['RateLimited', true]);
    api.injected.push({ code: 51001 }, { code: 51001 }, { code: 51001 });
    expect((await failure(connector.validate(ctx()))).code).toBe('ConnectorUnavailable');
  });
});

describe('OAuth', () => {
  it('builds the portal URL and exchanges a single-use auth_code for a token that works', async () => {
    expect(tiktokAuthorizeUrl({ oauthUrl: 'https://business-api.tiktok.com/portal/auth', appId: '123', state: 'csrf', redirectUri: 'https://lk.test/cb' })).toBe('https://business-api.tiktok.com/portal/auth?app_id=123&state=csrf&redirect_uri=https%3A%2F%2Flk.test%2Fcb');
    api.apps.set('app1', 'secret1');
    api.authCodes.set('code1', api.now + 600_000);
    const signal = new AbortController().signal;
    const grant = await exchangeTikTokAuthCode({ apiUrl: api.url, appId: 'app1', secret: 'secret1', authCode: 'code1', signal });
    expect(await connector.validate(ctx({ credential: { token: grant.accessToken } }))).toEqual({ spaceName: 'Acme BC' });
    expect((await failure(exchangeTikTokAuthCode({ apiUrl: api.url, appId: 'app1', secret: 'secret1', authCode: 'code1', signal }))).code).toBe('TokenExpired'); // 40110: used
    expect((await failure(exchangeTikTokAuthCode({ apiUrl: api.url, appId: 'app1', secret: 'wrong', authCode: 'x', signal }))).code).toBe('BadCredentials'); // 40101
    expect(api.requests.every((r) => !JSON.stringify(r.path).includes('secret'))).toBe(true);
  });
});

describe('snapshot', () => {
  it('reads every page of members, tells members from invitations by relation_status, and lists advertisers', async () => {
    const admin = api.addMember(bcId, 'owner@acme.test', 'ADMIN');
    admin.ext_user_role.finance_role = 'MANAGER';
    for (let i = 0; i < 120; i++) api.addMember(bcId, `m${i}@acme.test`);
    const pending = api.addMember(bcId, 'later@else.test', 'STANDARD', 'PENDING');
    api.addMember(bcId, 'no@else.test', 'STANDARD', 'REJECTED');
    api.addMember(bcId, 'left@else.test', 'STANDARD', 'UNBOUND');
    const s = await connector.snapshot(ctx());
    expect(s.members).toHaveLength(121);
    expect(api.requests.filter((r) => r.path === '/bc/member/get/').map((r) => r.params.page)).toEqual(['1', '2', '3']);
    expect(s.members.find((m) => m.email === 'owner@acme.test')).toMatchObject({ externalUserId: admin.user_id, roles: ['ADMIN', 'FINANCE_MANAGER'], username: 'owner' });
    expect(s.invites).toEqual([
      { externalInviteId: pending.user_id, email: 'later@else.test', roles: ['STANDARD'], status: 'pending', expiresAt: null, inviteUrl: null },
      expect.objectContaining({ email: 'no@else.test', status: 'cancelled' }),
    ]);
    expect(s.assets).toEqual([{ externalId: adv1, type: 'advertiser', name: `Advertiser ${adv1}` }, { externalId: adv2, type: 'advertiser', name: `Advertiser ${adv2}` }]);
  });
});

describe('invite', () => {
  it('invites with bc_id, user_role, finance role and advertiser roles, skips members and open invitations, and finds each user_id', async () => {
    api.addMember(bcId, 'member@acme.test');
    const open = api.addMember(bcId, 'pending@acme.test', 'STANDARD', 'PENDING');
    const out = await connector.invite(ctx(), [
      person('Member@acme.test'),
      person('pending@acme.test'),
      person('ads@acme.test', ['STANDARD'], [{ externalId: adv1, type: 'advertiser', access: 'partial', permissions: ['OPERATOR'] }]),
      person('boss@acme.test', ['ADMIN', 'FINANCE_ANALYST']),
    ]);
    expect(out.map((o) => [o.email, o.outcome])).toEqual([['Member@acme.test', 'already_member'], ['pending@acme.test', 'already_invited'], ['ads@acme.test', 'invited'], ['boss@acme.test', 'invited']]);
    expect(out[1]!.externalInviteId).toBe(open.user_id);
    expect(out[2]!.externalInviteId).toBe(api.member(bcId, 'ads@acme.test')!.user_id);
    expect(api.requests.filter((r) => r.path === '/bc/member/invite/').map((r) => r.params)).toEqual([
      { bc_id: bcId, user_role: 'STANDARD', asset_type: 'ADVERTISER', asset_ids: [adv1], advertiser_role: 'OPERATOR', emails: ['ads@acme.test'] },
      { bc_id: bcId, user_role: 'ADMIN', ext_user_role: { finance_role: 'ANALYST' }, emails: ['boss@acme.test'] },
    ]);
    expect([...api.member(bcId, 'ads@acme.test')!.advertisers]).toEqual([[adv1, 'OPERATOR']]);
    // Acceptance shows up as BOUND on the next sync.
    api.accept(bcId, 'ads@acme.test');
    expect((await connector.snapshot(ctx())).members.map((m) => m.email)).toContain('ads@acme.test');
  });

  it('fails the people of a refused call with the message, and sends throttling and auth failures to the engine', async () => {
    const [bad] = await connector.invite(ctx(), [person('not-an-email')]);
    expect(bad).toMatchObject({ outcome: 'failed', error: { code: 'InvalidEmail', message: expect.stringContaining('Invalid email format') } });
    api.injected.push({ code: 40100, path: /invite/ });
    expect((await failure(connector.invite(ctx(), [person('a@acme.test')]))).opts.transient).toBe(true);
    expect((await failure(connector.invite(ctx({ credential: { token: 'revoked' } }), [person('a@acme.test')]))).code).toBe('TokenExpired');
  });

  it('re-invites someone whose invitation was revoked or who left', async () => {
    await connector.invite(ctx(), [person('late@acme.test')]);
    await connector.remove(ctx(), { externalUserId: null, email: 'late@acme.test' });
    const [again] = await connector.invite(ctx(), [person('late@acme.test')]);
    expect(again).toMatchObject({ outcome: 'invited' });
  });

  it('invites 120 people in calls of at most 50 emails while 40100 is injected, each exactly once, retrying like the engine', async () => {
    const people = Array.from({ length: 120 }, (_, i) => person(`p${i}@acme.test`, i % 12 === 0 ? ['ADMIN'] : ['STANDARD'], [{ externalId: adv2, type: 'advertiser', access: 'partial', permissions: ['ANALYST'] }]));
    api.injected.push({ code: 40100, path: /member\/get/ }); // a read, retried in place
    let attempts = 0;
    let final: InviteOutcome[] = [];
    for (;;) {
      attempts++;
      // The second invite call of the first two runs is throttled; the engine runs the job again.
      if (attempts <= 2) api.injected.push({ code: 40100, path: /member\/invite/, skip: 1 });
      try {
        final = await connector.invite(ctx(), people);
        break;
      } catch (e) {
        expect(e).toBeInstanceOf(JobError);
        expect([(e as JobError).code, (e as JobError).opts.transient]).toEqual(['RateLimited', true]);
        if (attempts > 5) throw e;
      }
    }
    expect(attempts).toBe(3);
    expect(final.every((o) => (o.outcome === 'invited' || o.outcome === 'already_invited') && o.externalInviteId)).toBe(true);
    const calls = api.requests.filter((r) => r.path === '/bc/member/invite/').map((r) => r.params.emails as string[]);
    expect(calls.every((e) => e.length <= 50)).toBe(true);
    const members = [...api.bcs.get(bcId)!.members.values()];
    expect(members).toHaveLength(120); // nobody invited twice
    expect(members.every((m) => m.relation_status === 'PENDING' && m.advertisers.get(adv2) === 'ANALYST')).toBe(true);
  });
});

describe('assignAssets and unassignAssets', () => {
  const grant = (externalId: string, access: 'full' | 'partial', permissions: string[] = []): AssetGrant => ({ externalId, type: 'advertiser', access, permissions });
  const posts = (path: string): Record<string, unknown>[] => api.requests.filter((r) => r.path === path).map((r) => r.params);

  it('assigns one advertiser per call with the advertiser role (full = ADMIN, partial = the highest chosen), and the snapshot shows it', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    await connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'full'), grant(adv2, 'partial', ['ANALYST', 'OPERATOR'])]);
    expect(posts('/bc/asset/assign/')).toEqual([
      { bc_id: bcId, user_id: m.user_id, asset_id: adv1, asset_type: 'ADVERTISER', advertiser_role: 'ADMIN' },
      { bc_id: bcId, user_id: m.user_id, asset_id: adv2, asset_type: 'ADVERTISER', advertiser_role: 'OPERATOR' },
    ]);
    const s = await connector.snapshot(ctx());
    expect(s.members.find((x) => x.externalUserId === m.user_id)!.assets).toEqual([
      { externalId: adv1, type: 'advertiser', access: 'full', permissions: ['ADMIN', 'OPERATOR', 'ANALYST'] },
      { externalId: adv2, type: 'advertiser', access: 'partial', permissions: ['OPERATOR', 'ANALYST'] },
    ]);
  });

  it('reads first, so assigning twice sends nothing new, and a changed role is assigned again', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    await connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'partial', ['ANALYST'])]);
    await connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'partial', ['ANALYST'])]);
    expect(posts('/bc/asset/assign/')).toHaveLength(1);
    expect(posts('/bc/asset/get/').at(-1)).toMatchObject({ bc_id: bcId, asset_type: 'ADVERTISER', filtering: { user_id: m.user_id } });
    await connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'full')]);
    expect([...m.advertisers]).toEqual([[adv1, 'ADMIN']]);
    await connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'partial', ['ANALYST'])]);
    expect([...m.advertisers]).toEqual([[adv1, 'ANALYST']]);
    expect(posts('/bc/asset/assign/')).toHaveLength(3);
  });

  it('unassigns what the member holds, and treats an advertiser they do not hold as already unassigned', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    m.advertisers.set(adv1, 'OPERATOR');
    await connector.unassignAssets(ctx(), m.user_id, [{ externalId: adv1, type: 'advertiser' }, { externalId: adv2, type: 'advertiser' }]);
    expect(posts('/bc/asset/unassign/')).toEqual([{ bc_id: bcId, user_id: m.user_id, asset_id: adv1, asset_type: 'ADVERTISER' }]);
    expect(m.advertisers.size).toBe(0);
    await connector.unassignAssets(ctx(), m.user_id, [{ externalId: adv1, type: 'advertiser' }]);
    expect(posts('/bc/asset/unassign/')).toHaveLength(1);
    expect((await connector.snapshot(ctx())).members.find((x) => x.externalUserId === m.user_id)!.assets).toEqual([]);
  });

  it('shows a BC Admin holding every advertiser fully', async () => {
    const admin = api.addMember(bcId, 'owner@acme.test', 'ADMIN');
    expect((await connector.snapshot(ctx())).members.find((x) => x.externalUserId === admin.user_id)!.assets.map((a) => [a.externalId, a.access])).toEqual([[adv1, 'full'], [adv2, 'full']]);
  });

  it('maps refusals in the envelope: bad ids, unknown members, grants TikTok cannot express, permission, throttling, token', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    const badAsset = await failure(connector.assignAssets(ctx(), m.user_id, [grant('42', 'full')]));
    expect([badAsset.code, badAsset.message]).toEqual(['InviteRejected', expect.stringMatching(/does not belong.*code 40002, request_id \w+/)]);
    expect((await failure(connector.assignAssets(ctx(), '7999', [grant(adv1, 'full')]))).message).toMatch(/not a member/);
    expect((await failure(connector.unassignAssets(ctx(), '7999', [{ externalId: adv1, type: 'advertiser' }]))).message).toMatch(/not a member/);
    api.requests.length = 0;
    expect((await failure(connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'partial', ['CAMPAIGN_MANAGER'])]))).message).toMatch(/needs one of ADMIN, OPERATOR, ANALYST/);
    expect((await failure(connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'full'), { externalId: '1', type: 'pixel', access: 'full', permissions: [] }]))).message).toMatch(/advertiser accounts only/);
    expect(api.requests).toEqual([]);
    api.addBc('7000999', 'Other', 'STANDARD', [adv1]);
    expect((await failure(connector.assignAssets(ctx({ businessId: '7000999' }), m.user_id, [grant(adv1, 'full')]))).code).toBe('UnderpermissionedAccount');
    api.injected.push({ code: 40100, path: /assign/ });
    const limited = await failure(connector.assignAssets(ctx(), m.user_id, [grant(adv1, 'full')]));
    expect([limited.code, limited.opts.transient]).toEqual(['RateLimited', true]);
    expect(m.advertisers.size).toBe(0);
    m.advertisers.set(adv1, 'ADMIN');
    api.injected.push({ code: 40100, path: /unassign/ });
    expect((await failure(connector.unassignAssets(ctx(), m.user_id, [{ externalId: adv1, type: 'advertiser' }]))).opts.transient).toBe(true);
    expect(m.advertisers.size).toBe(1);
    // The member read before a write is retried in place on 40100.
    api.injected.push({ code: 40100, path: /asset\/get/ });
    await connector.unassignAssets(ctx(), m.user_id, [{ externalId: adv1, type: 'advertiser' }]);
    expect(m.advertisers.size).toBe(0);
    expect((await failure(connector.assignAssets(ctx({ credential: { token: 'revoked' } }), m.user_id, [grant(adv1, 'full')]))).code).toBe('TokenExpired');
  });
});

describe('updateRoles', () => {
  it('updates user_role and the finance role, and maps refusals', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    await connector.updateRoles(ctx(), m.user_id, ['ADMIN', 'FINANCE_MANAGER']);
    expect([m.user_role, m.ext_user_role.finance_role]).toEqual(['ADMIN', 'MANAGER']);
    expect((await failure(connector.updateRoles(ctx(), '404', ['STANDARD']))).code).toBe('InviteRejected');
    api.injected.push({ code: 40100 });
    expect((await failure(connector.updateRoles(ctx(), m.user_id, ['STANDARD']))).code).toBe('RateLimited');
  });
});

describe('remove', () => {
  it('removes a member by user_id, revokes an invitation by email, and treats already-gone as done', async () => {
    const m = api.addMember(bcId, 'ana@acme.test');
    await connector.remove(ctx(), { externalUserId: m.user_id, email: 'ana@acme.test' });
    expect(m.relation_status).toBe('UNBOUND');
    await connector.remove(ctx(), { externalUserId: m.user_id, email: 'ana@acme.test' });
    const p = api.addMember(bcId, 'later@acme.test', 'STANDARD', 'PENDING');
    await connector.remove(ctx(), { externalUserId: null, email: 'Later@acme.test' });
    expect(p.relation_status).toBe('UNBOUND');
    const q = api.addMember(bcId, 'x@acme.test', 'STANDARD', 'PENDING');
    api.injected.push({ code: 40100, path: /delete/ });
    expect((await failure(connector.remove(ctx(), { externalUserId: null, email: 'x@acme.test' }))).code).toBe('RateLimited');
    expect(q.relation_status).toBe('PENDING');
  });
});

describe('catalog', () => {
  it('ships TikTok Business Center, pointed at LATCHKEY_TIKTOK_API_URL', () => {
    const config = loadConfig({ LATCHKEY_TIKTOK_API_URL: 'http://127.0.0.1:9/open_api/v1.3/' }, '/nonexistent');
    expect([config.tiktokApiUrl, config.tiktokOauthUrl]).toEqual(['http://127.0.0.1:9/open_api/v1.3', 'https://business-api.tiktok.com/portal/auth']);
    const m = createCatalog(installedConnectors(config)).connector('tiktok').manifest;
    expect(m).toMatchObject({ displayName: 'TikTok Business Center', joinSteps: ['assets_on_first_open'] });
  });
});
