import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPublicUrl, useTestApp, type TestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { loadManifest } from '../../connectors/catalog.ts';
import { FakeGraph } from '../../connectors/meta/fake-api.ts';

/**
 * "Connect your Facebook profile" (spec §5.12) with Facebook Login against the strict local Graph
 * API: the code exchange (POST, app secret, exact redirect_uri, single-use code) and `/me`. The
 * business itself is an in-memory space behind the real connector contract with Meta's manifest.
 */
const graph = new FakeGraph('v25.0');
const appId = '4242';
const appSecret = 'meta-app-secret';
const redirectUri = `${testPublicUrl}/api/v1/oauth/facebook/callback`;
beforeAll(async () => {
  await graph.start();
  graph.apps.set(appId, appSecret);
});
afterAll(() => graph.stop());

const space = fakeSpace({ businessId: '123456', token: 'system-user-token', assets: [{ externalId: 'act_1', type: 'ad_account', name: 'Main ads' }] });
const get = useTestApp({
  connectors: [{ ...fakeConnector(space), manifest: loadManifest('meta') }],
  facebookLogin: () => ({ oauthUrl: 'https://www.facebook.test', graphUrl: graph.url, version: 'v25.0', appSecret }),
});

interface Card { hubMemberId: string; state: string; nextStep: string | null; profileMethod: string | null; profileName: string | null; joined: boolean; assetsPending: number; assetSetup: string; businessName: string }

const inject = (t: TestApp, who: SignedInMember, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: who.cookie } });
const cardOf = async (t: TestApp, who: SignedInMember): Promise<Card> => ((await inject(t, who, 'GET', '/me/cards')).json() as { data: Card[] }).data[0]!;
const checks = async (t: TestApp, hubMemberId: string) => (await t.database.pool.query<{ trigger: string }>(`select trigger from jobs where task = 'check_invite' and target->>'hubMemberId' = $1`, [hubMemberId])).rows;
const hubChecks = async (t: TestApp, hubId: string) => (await t.database.pool.query<{ id: string; status: string }>(`select id, status from jobs where task = 'check_invite' and target->>'hubId' = $1 and trigger = 'web_app'`, [hubId])).rows;
const lastJobOf = async (t: TestApp, hubMemberId: string) => (await t.database.pool.query<{ last_job_id: string | null }>('select last_job_id from hub_members where id = $1', [hubMemberId])).rows[0]!.last_job_id;
const profileOf = async (t: TestApp, hubMemberId: string) => (await t.database.pool.query<{ app_profile: Record<string, unknown> | null }>('select app_profile from hub_members where id = $1', [hubMemberId])).rows[0]!.app_profile;

/** "Continue with Facebook": the authorise URL, checked, and the state Facebook would send back. */
async function start(t: TestApp, who: SignedInMember, hubMemberId: string): Promise<string> {
  const r = await inject(t, who, 'POST', `/me/cards/${hubMemberId}/facebook/start`);
  expect(r.statusCode, r.body).toBe(200);
  const url = new URL((r.json() as { authorizeUrl: string }).authorizeUrl);
  expect(url.origin + url.pathname).toBe('https://www.facebook.test/v25.0/dialog/oauth');
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: appId, redirect_uri: redirectUri, response_type: 'code', scope: 'public_profile,email' });
  return url.searchParams.get('state')!;
}

/** Facebook sends the browser back; answers where Latchkey redirects it. */
async function callback(t: TestApp, who: SignedInMember, query: Record<string, string>): Promise<URL> {
  const r = await t.app.inject({ url: `/api/v1/oauth/facebook/callback?${new URLSearchParams(query).toString()}`, headers: { cookie: who.cookie } });
  expect(r.statusCode, r.body).toBe(303);
  return new URL(r.headers.location as string, testPublicUrl);
}

describe('Connect your Facebook profile', () => {
  it('binds the profile once per state, only for the person who started it, and says when the profile is not in the business yet', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const ned = await buildMember(t, owner);
    space.members.push(appMember(ned.email)); // Ned joined the business earlier (e.g. invited by hand in Meta).
    const hub = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'meta', label: 'Meta ads', businessId: space.businessId, connectFields: { app_id: appId }, loginMethod: 'username_password', serviceCredential: { label: 'System user', token: space.token } } });
    const hubId = (hub.json() as { id: string }).id;
    await drainJobs(t);
    const asset = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/assets`, headers: { cookie: owner.cookie } })).json() as { data: { id: string }[] }).data[0]!;
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: mia.id }, { type: 'user', id: ned.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'], assetGrants: [{ assetId: asset.id, access: 'full', permissions: [] }] } });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t);

    const card = await cardOf(t, mia);
    expect(card).toMatchObject({ state: 'pending_invite_claim', nextStep: 'facebook_profile', profileMethod: 'facebook_login', profileName: null, joined: false, assetsPending: 1, businessName: 'Fake space' });
    const back = (outcome: string, id = card.hubMemberId): string => `/accounts?connect=${id}&step=facebook_profile&outcome=${outcome}`;

    // Member B can neither start on A's card nor spend A's state.
    expect((await inject(t, ned, 'POST', `/me/cards/${card.hubMemberId}/facebook/start`)).statusCode).toBe(404);
    const state = await start(t, mia, card.hubMemberId);
    graph.loginCodes.set('code-mia', { appId, redirectUri, profile: { id: 'app-scoped-mia', name: 'Mia Member', email: mia.email } });
    const stolen = await callback(t, ned, { code: 'code-mia', state });
    expect(stolen.pathname + stolen.search).toBe('/accounts?step=facebook_profile&outcome=invalid');
    expect(graph.loginCodes.has('code-mia')).toBe(true); // never exchanged

    // Mia has not accepted Meta's invite yet: the profile is bound, the check starts, and the card says she is not in the business.
    const bound = await callback(t, mia, { code: 'code-mia', state });
    expect(bound.pathname + bound.search).toBe(back('bound'));
    expect(await profileOf(t, card.hubMemberId)).toMatchObject({ kind: 'facebook', appScopedUserId: 'app-scoped-mia', name: 'Mia Member', externalUserId: null });
    expect(await cardOf(t, mia)).toMatchObject({ nextStep: null, profileName: 'Mia Member', joined: false, assetSetup: 'running' });
    expect(await checks(t, card.hubMemberId)).toEqual([{ trigger: 'web_app' }]);
    const exchange = graph.requests.find((r) => r.path === 'oauth/access_token');
    expect(exchange).toMatchObject({ method: 'POST', query: '', form: { client_id: appId, client_secret: appSecret, redirect_uri: redirectUri, code: 'code-mia' } });
    const audited = (await t.database.pool.query(`select data from activity_events where type = 'hub_member.app_profile_bound' and target_id = $1`, [card.hubMemberId])).rows;
    expect(audited).toEqual([{ data: expect.objectContaining({ kind: 'facebook', name: 'Mia Member', inBusiness: false, hubId }) }]);

    // A state works once.
    graph.loginCodes.set('code-mia-2', { appId, redirectUri, profile: { id: 'someone-else', name: 'Someone Else' } });
    const reused = await callback(t, mia, { code: 'code-mia-2', state });
    expect(reused.pathname + reused.search).toBe('/accounts?step=facebook_profile&outcome=invalid');
    expect(await profileOf(t, card.hubMemberId)).toMatchObject({ name: 'Mia Member' });
    expect(await checks(t, card.hubMemberId)).toHaveLength(1);

    // A state past its ten minutes is spent and refused.
    const late = await start(t, mia, card.hubMemberId);
    t.clock.advance(10 * 60_000 + 1);
    expect((await callback(t, mia, { code: 'code-mia-2', state: late })).search).toBe(new URL(back('expired'), testPublicUrl).search);
    t.clock.advance(-(10 * 60_000 + 1));
    expect((await callback(t, mia, { code: 'code-mia-2', state: late })).search).toContain('outcome=invalid');
    expect(await profileOf(t, card.hubMemberId)).toMatchObject({ name: 'Mia Member' });

    // Cancelled on Facebook, or a code Facebook does not know: nothing changes.
    const cancelled = await start(t, mia, card.hubMemberId);
    expect((await callback(t, mia, { error: 'access_denied', error_reason: 'user_denied', state: cancelled })).search).toContain('outcome=denied');
    const unknown = await start(t, mia, card.hubMemberId);
    expect((await callback(t, mia, { code: 'forged-code', state: unknown })).search).toContain('outcome=failed');
    expect(await profileOf(t, card.hubMemberId)).toMatchObject({ name: 'Mia Member' });
    expect(await checks(t, card.hubMemberId)).toHaveLength(1);
    expect((await callback(t, mia, {})).search).toContain('outcome=invalid');

    // Ned is already in the business: his business-scoped id is bound at once, and the check grants his pending asset.
    const nedCard = await cardOf(t, ned);
    expect(nedCard).toMatchObject({ state: 'awaiting_user_login', joined: true, nextStep: 'facebook_profile', assetsPending: 1 });
    graph.loginCodes.set('code-ned', { appId, redirectUri, profile: { id: 'app-scoped-ned', name: 'Ned N' } });
    expect((await callback(t, ned, { code: 'code-ned', state: await start(t, ned, nedCard.hubMemberId) })).search).toContain('outcome=bound');
    expect(await profileOf(t, nedCard.hubMemberId)).toMatchObject({ kind: 'facebook', externalUserId: `ext-${ned.email}`, appScopedUserId: 'app-scoped-ned' });
    // Mia's check has not run yet, in the same minute: Ned's joins it instead of reading the whole business again.
    const [check] = await hubChecks(t, hubId);
    expect(await hubChecks(t, hubId)).toEqual([{ id: check!.id, status: 'queued' }]);
    expect(await checks(t, nedCard.hubMemberId)).toEqual([]);
    expect(await lastJobOf(t, nedCard.hubMemberId)).toBe(check!.id);
    expect(await cardOf(t, ned)).toMatchObject({ assetSetup: 'running' });
    // The one read serves both: Ned's asset is granted.
    await drainJobs(t);
    expect(await hubChecks(t, hubId)).toEqual([{ id: check!.id, status: 'completed' }]);
    expect(await cardOf(t, ned)).toMatchObject({ assetsPending: 0, assetSetup: 'idle' });
  });

  it('answers without a session by sending the browser to sign in, leaving the state unspent', async () => {
    const t = get();
    const r = await t.app.inject({ url: '/api/v1/oauth/facebook/callback?code=x&state=y' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login');
  });
});

describe('the invite link in "Create <app name> account"', () => {
  it('offers the invitation link Meta reports, and only a plain https one', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ivy = await buildMember(t, owner);
    const hub = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'meta', label: 'Meta invites', businessId: space.businessId, connectFields: { app_id: appId }, loginMethod: 'username_password', serviceCredential: { label: 'System user', token: space.token } } });
    const hubId = (hub.json() as { id: string }).id;
    await drainJobs(t);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'user', id: ivy.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } })).statusCode).toBe(200);
    await drainJobs(t);
    const invite = space.invites.find((i) => i.email === ivy.email)!;
    const sync = async (): Promise<void> => {
      await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
      await drainJobs(t);
    };
    const identity = async (): Promise<{ inviteUrl: string | null; loginUrl: string }> => {
      const card = (((await inject(t, ivy, 'GET', '/me/cards')).json()) as { data: { hubMemberId: string; hubId: string }[] }).data.find((c) => c.hubId === hubId)!;
      const r = await inject(t, ivy, 'POST', `/me/cards/${card.hubMemberId}/connect/managed-identity`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { inviteUrl: string | null; loginUrl: string };
    };
    invite.inviteUrl = 'https://business.facebook.com/invitation/?token=abc123';
    await sync();
    expect(await identity()).toMatchObject({ inviteUrl: 'https://business.facebook.com/invitation/?token=abc123', loginUrl: 'https://business.facebook.com/' });
    invite.inviteUrl = 'javascript:alert(1)';
    await sync();
    expect((await identity()).inviteUrl).toBeNull();
  });
});
