import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace, type FakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { loadManifest } from '../../connectors/catalog.ts';
import type { Connector } from '../../connectors/types.ts';

/**
 * The join steps of the "Connect your account" dialog, driven by the app's manifest: TikTok's
 * assets on the first card click (spec §5.13), Meta's "Connect your Facebook profile" without
 * Facebook Login configured (pick the pending invitation, §5.12 last line), and connecting a saved
 * account (§5.10 step 3). The apps are in-memory spaces behind the real connector contract, with
 * the real manifests. Jobs this file starts are checked in the jobs table, not run: their handlers
 * are the engine's business.
 */
const tiktokSpace = fakeSpace({ businessId: '7001', token: 'tt-token', assets: [{ externalId: 'adv-1', type: 'advertiser', name: 'Main advertiser' }, { externalId: 'adv-2', type: 'advertiser', name: 'Brand advertiser' }] });
const metaSpace = fakeSpace({ businessId: '9001', token: 'meta-token' });
const withManifest = (space: FakeSpace, app: string): Connector => ({ ...fakeConnector(space), manifest: loadManifest(app) });
const get = useTestApp({ connectors: [withManifest(tiktokSpace, 'tiktok'), withManifest(metaSpace, 'meta')] });

interface Card { hubMemberId: string; hubId: string; status: string; state: string; joinSteps: string[]; nextStep: string | null; profileMethod: string | null; profileName: string | null; joined: boolean; assetsTotal: number; assetsPending: number; assetSetup: string; businessName: string; connectedAccountId: string | null }

const inject = (t: TestApp, who: SignedInMember, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
const cards = async (t: TestApp, who: SignedInMember): Promise<Card[]> => ((await inject(t, who, 'GET', '/me/cards')).json() as { data: Card[] }).data;
const setupJobs = async (t: TestApp, hubMemberId: string) =>
  (await t.database.pool.query<{ id: string; task: string; trigger: string; status: string }>(`select id, task, trigger, status from jobs where target->>'hubMemberId' = $1 and task in ('check_invite', 'assign_assets') order by created_at`, [hubMemberId])).rows;
const hubMember = async (t: TestApp, id: string) => (await t.database.pool.query<{ first_card_open_at: Date | null; app_profile: Record<string, unknown> | null; last_job_id: string | null }>('select first_card_open_at, app_profile, last_job_id from hub_members where id = $1', [id])).rows[0]!;
const events = async (t: TestApp, type: string, hubMemberId: string) => (await t.database.pool.query(`select data from activity_events where type = $1 and target_id = $2`, [type, hubMemberId])).rows as { data: Record<string, unknown> }[];

async function connectHub(t: TestApp, owner: SignedInMember, appKey: string, space: FakeSpace, connectFields: Record<string, string> = {}): Promise<string> {
  const r = await inject(t, owner, 'POST', '/hubs', { appKey, label: `${appKey} hub`, businessId: space.businessId, connectFields, loginMethod: 'username_password', serviceCredential: { label: `${appKey} token`, token: space.token } });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

describe('join steps in the connect dialog', () => {
  it('TikTok: the first card click records the open and starts the asset check once; a failed setup can be retried; nothing for another member', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const mia = await buildMember(t, owner);
    const other = await buildMember(t, owner);
    const hubId = await connectHub(t, owner, 'tiktok', tiktokSpace);
    await drainJobs(t);
    const assets = ((await inject(t, owner, 'GET', `/hubs/${hubId}/assets`)).json() as { data: { id: string; externalId: string }[] }).data;
    expect(assets).toHaveLength(2);
    const shared = await inject(t, owner, 'POST', `/hubs/${hubId}/shares`, { subjects: [{ type: 'user', id: mia.id }], role: 'collaborator', appRoleKeys: ['STANDARD'], assetGrants: assets.map((a) => ({ assetId: a.id, access: 'full', permissions: [] })) });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t);
    // Mia accepts in TikTok; the next read of the app sees her as a member, without her assets yet.
    tiktokSpace.invites.find((i) => i.email === mia.email)!.status = 'accepted';
    tiktokSpace.members.push(appMember(mia.email, 'STANDARD'));
    await inject(t, owner, 'POST', `/hubs/${hubId}/sync`);
    await drainJobs(t);

    const [card] = await cards(t, mia);
    expect(card).toMatchObject({ state: 'awaiting_user_login', joinSteps: ['assets_on_first_open'], nextStep: null, profileMethod: null, joined: true, assetsTotal: 2, assetsPending: 2, assetSetup: 'idle', businessName: 'Fake space' });
    expect(await setupJobs(t, card!.hubMemberId)).toEqual([]);

    // Member B cannot open (or even see) member A's card, and opening it changes nothing.
    expect((await inject(t, other, 'POST', `/me/cards/${card!.hubMemberId}/open`)).statusCode).toBe(404);
    expect((await inject(t, other, 'GET', `/me/cards/${card!.hubMemberId}`)).statusCode).toBe(404);
    expect((await hubMember(t, card!.hubMemberId)).first_card_open_at).toBeNull();
    expect(await setupJobs(t, card!.hubMemberId)).toEqual([]);

    const opened = await inject(t, mia, 'POST', `/me/cards/${card!.hubMemberId}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ assetsPending: 2, assetSetup: 'running' });
    const first = await hubMember(t, card!.hubMemberId);
    expect(first.first_card_open_at).toEqual(t.clock.now());
    const [job] = await setupJobs(t, card!.hubMemberId);
    expect(job).toMatchObject({ task: 'check_invite', trigger: 'card_open', status: 'queued' });
    expect(first.last_job_id).toBe(job!.id);
    expect(await events(t, 'hub_member.card_opened', card!.hubMemberId)).toEqual([{ data: expect.objectContaining({ first: true, jobId: job!.id, assetsPending: 2 }) }]);

    // More clicks while the check is queued start nothing more, and keep the first-open time.
    t.clock.advance(60_000);
    await Promise.all([1, 2, 3].map(() => inject(t, mia, 'POST', `/me/cards/${card!.hubMemberId}/open`)));
    expect(await setupJobs(t, card!.hubMemberId)).toHaveLength(1);
    expect((await hubMember(t, card!.hubMemberId)).first_card_open_at).toEqual(first.first_card_open_at);
    t.clock.advance(-60_000); // jobs enqueued later must be due for the worker (its claim reads the database clock)

    // The grant failed: the card says so, and the next click retries.
    await t.database.pool.query(`update jobs set status = 'not_completed' where id = $1`, [job!.id]);
    expect((await inject(t, mia, 'GET', `/me/cards/${card!.hubMemberId}`)).json()).toMatchObject({ assetSetup: 'failed', assetsPending: 2 });
    t.clock.advance(1000);
    expect((await inject(t, mia, 'POST', `/me/cards/${card!.hubMemberId}/open`)).json()).toMatchObject({ assetSetup: 'running' });
    const retried = await setupJobs(t, card!.hubMemberId);
    expect(retried).toHaveLength(2);

    // Granted: the app shows both assets; nothing is pending and a click starts nothing.
    await t.database.pool.query(`update jobs set status = 'completed' where id = $1`, [retried[1]!.id]);
    const observed = [{ externalId: 'adv-1', type: 'advertiser', access: 'full', permissions: [] }, { externalId: 'adv-2', type: 'advertiser', access: 'partial', permissions: ['ADMIN'] }];
    await t.database.pool.query(`update hub_members set observed = observed || jsonb_build_object('assets', $2::jsonb) where id = $1`, [card!.hubMemberId, JSON.stringify(observed)]);
    expect((await inject(t, mia, 'GET', `/me/cards/${card!.hubMemberId}`)).json()).toMatchObject({ assetSetup: 'idle', assetsPending: 1 }); // partial ADMIN does not cover a full grant
    observed[1]!.access = 'full';
    await t.database.pool.query(`update hub_members set observed = observed || jsonb_build_object('assets', $2::jsonb) where id = $1`, [card!.hubMemberId, JSON.stringify(observed)]);
    expect((await inject(t, mia, 'POST', `/me/cards/${card!.hubMemberId}/open`)).json()).toMatchObject({ assetSetup: 'idle', assetsPending: 0, assetsTotal: 2 });
    expect(await setupJobs(t, card!.hubMemberId)).toHaveLength(2);
    t.clock.advance(-1000);
  });

  it('TikTok: clicks on one hub share one read while it waits; a click after it started queues the next; each card follows the check it joined', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const people = [await buildMember(t, owner), await buildMember(t, owner), await buildMember(t, owner)] as const;
    const [ann, bo, cy] = people;
    const hubId = await connectHub(t, owner, 'tiktok', tiktokSpace);
    await drainJobs(t);
    const assets = ((await inject(t, owner, 'GET', `/hubs/${hubId}/assets`)).json() as { data: { id: string }[] }).data;
    const shared = await inject(t, owner, 'POST', `/hubs/${hubId}/shares`, { subjects: people.map((p) => ({ type: 'user', id: p.id })), role: 'collaborator', appRoleKeys: ['STANDARD'], assetGrants: assets.map((a) => ({ assetId: a.id, access: 'full', permissions: [] })) });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t);
    for (const p of people) {
      tiktokSpace.invites.find((i) => i.email === p.email)!.status = 'accepted';
      tiktokSpace.members.push(appMember(p.email, 'STANDARD'));
    }
    await inject(t, owner, 'POST', `/hubs/${hubId}/sync`);
    await drainJobs(t);
    const [a, b, c] = await Promise.all(people.map(async (p) => (await cards(t, p))[0]!));
    const open = async (who: SignedInMember, card: Card) => (await inject(t, who, 'POST', `/me/cards/${card.hubMemberId}/open`)).json() as Card;
    const setupOf = async (who: SignedInMember, card: Card) => ((await inject(t, who, 'GET', `/me/cards/${card.hubMemberId}`)).json() as Card).assetSetup;
    const hubChecks = async () =>
      (await t.database.pool.query<{ id: string; status: string; by: string }>(`select id, status, target->>'hubMemberId' as by from jobs where task = 'check_invite' and trigger = 'card_open' and target->>'hubId' = $1 order by created_at, id`, [hubId])).rows;

    // Ann and Bo click within one minute: one check, queued by Ann's click, joined by Bo's.
    expect(await open(ann, a!)).toMatchObject({ assetSetup: 'running' });
    expect(await open(bo, b!)).toMatchObject({ assetSetup: 'running' });
    const [first] = await hubChecks();
    expect(await hubChecks()).toEqual([{ id: first!.id, status: 'queued', by: a!.hubMemberId }]);
    expect((await hubMember(t, b!.hubMemberId)).last_job_id).toBe(first!.id);
    expect(await events(t, 'hub_member.card_opened', b!.hubMemberId)).toEqual([{ data: expect.objectContaining({ first: true, jobId: first!.id }) }]);

    // Once the check started, its read may miss a later click: Cy's click queues the minute's next check.
    await t.database.pool.query(`update jobs set status = 'running' where id = $1`, [first!.id]);
    t.clock.advance(1); // later jobs are newer than the first check (the test clock stands still otherwise)
    expect(await open(cy, c!)).toMatchObject({ assetSetup: 'running' });
    const second = (await hubChecks()).find((j) => j.id !== first!.id)!; // same clock: created_at does not order them
    expect(second).toMatchObject({ status: 'queued', by: c!.hubMemberId });

    // The first check failed: Bo's card, which joined it, says so; his retry joins the check still waiting.
    await t.database.pool.query(`update jobs set status = 'not_completed' where id = $1`, [first!.id]);
    expect(await setupOf(bo, b!)).toBe('failed');
    expect(await open(bo, b!)).toMatchObject({ assetSetup: 'running' });
    expect(await hubChecks()).toHaveLength(2);
    expect((await hubMember(t, b!.hubMemberId)).last_job_id).toBe(second.id);

    // One read of the app serves all three clicks: everyone's assets are granted.
    const reads = (): number => tiktokSpace.calls.filter((x) => x.op === 'snapshot').length;
    const before = reads();
    await drainJobs(t);
    expect(reads() - before).toBe(1);
    for (const [who, card] of [[ann, a!], [bo, b!], [cy, c!]] as const) {
      expect((await inject(t, who, 'GET', `/me/cards/${card.hubMemberId}`)).json()).toMatchObject({ assetsPending: 0, assetSetup: 'idle' });
    }
    t.clock.advance(-1);
  });

  it('Meta without Facebook Login: the profile step is "pick your pending invitation by e-mail", and only your own', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ned = await buildMember(t, owner);
    const other = await buildMember(t, owner);
    const hubId = await connectHub(t, owner, 'meta', metaSpace, { app_id: '42' });
    await drainJobs(t);
    await inject(t, owner, 'POST', `/hubs/${hubId}/shares`, { subjects: [{ type: 'user', id: ned.id }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] });
    await drainJobs(t);
    const [card] = await cards(t, ned);
    expect(card).toMatchObject({ state: 'pending_invite_claim', joinSteps: ['facebook_profile'], nextStep: 'facebook_profile', profileMethod: 'pick_invitation', profileName: null, joined: false });

    const start = await inject(t, ned, 'POST', `/me/cards/${card!.hubMemberId}/facebook/start`);
    expect(start.statusCode).toBe(409);
    // The same problem code as hub authorisation without a configured app.
    expect(start.json()).toMatchObject({ code: 'oauth_not_configured', detail: expect.stringMatching(/Facebook Login is not set up.*pick your pending invitation/i) });
    // A Meta card click before the profile is bound starts nothing.
    expect((await inject(t, ned, 'POST', `/me/cards/${card!.hubMemberId}/open`)).statusCode).toBe(200);

    const wrong = await inject(t, ned, 'POST', `/me/cards/${card!.hubMemberId}/facebook/invitation`, { email: 'someone.else@acme.test' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/email' }] });
    expect((await inject(t, other, 'POST', `/me/cards/${card!.hubMemberId}/facebook/invitation`, { email: ned.email })).statusCode).toBe(404);
    expect((await hubMember(t, card!.hubMemberId)).app_profile).toBeNull();
    expect(await setupJobs(t, card!.hubMemberId)).toEqual([]);

    const picked = await inject(t, ned, 'POST', `/me/cards/${card!.hubMemberId}/facebook/invitation`, { email: ned.email.toUpperCase() });
    expect(picked.statusCode, picked.body).toBe(200);
    expect(picked.json()).toMatchObject({ nextStep: null, profileName: ned.email, joined: false, assetSetup: 'running' });
    expect((await hubMember(t, card!.hubMemberId)).app_profile).toMatchObject({ kind: 'invitation', externalUserId: null, appScopedUserId: null, name: ned.email });
    expect(await setupJobs(t, card!.hubMemberId)).toEqual([expect.objectContaining({ task: 'check_invite', trigger: 'web_app' })]);
    expect(await events(t, 'hub_member.app_profile_bound', card!.hubMemberId)).toEqual([{ data: expect.objectContaining({ kind: 'invitation', inBusiness: false }) }]);
  });

  it('connects a saved account the person owns; accounts linked to a hub or shared are offered as unavailable and refused', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ana = await buildMember(t, owner);
    const bo = await buildMember(t, owner);
    const hubId = await connectHub(t, owner, 'tiktok', tiktokSpace);
    const second = await connectHub(t, owner, 'tiktok', tiktokSpace);
    await drainJobs(t);
    await inject(t, owner, 'POST', `/hubs/${hubId}/shares`, { subjects: [{ type: 'user', id: ana.id }, { type: 'user', id: bo.id }], role: 'collaborator', appRoleKeys: ['STANDARD'] });
    await inject(t, owner, 'POST', `/hubs/${second}/shares`, { subjects: [{ type: 'user', id: ana.id }], role: 'collaborator', appRoleKeys: ['STANDARD'] });
    await drainJobs(t);
    const account = async (who: SignedInMember, label: string, appKey = 'tiktok'): Promise<string> => {
      const r = await inject(t, who, 'POST', '/accounts', { label, appKey, username: `${label}@acme.test`, password: 'her-own-password' });
      expect(r.statusCode, r.body).toBe(201);
      return (r.json() as { id: string }).id;
    };
    const mine = await account(ana, 'ana-tiktok');
    const shared = await account(ana, 'ana-shared');
    await inject(t, ana, 'POST', `/accounts/${shared}/grants`, { subjectType: 'user', subjectId: bo.id, role: 'collaborator' });
    await account(ana, 'ana-meta', 'meta');
    const [anaCard, anaSecond] = (await cards(t, ana)).sort((x, y) => Number(x.hubId === second) - Number(y.hubId === second));
    const boCard = (await cards(t, bo))[0]!;

    const list = await inject(t, ana, 'GET', `/me/cards/${anaCard!.hubMemberId}/connectable-accounts`);
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json() as { data: unknown[] }).data).toEqual([
      expect.objectContaining({ id: shared, available: false, reason: 'Shared with others' }),
      expect.objectContaining({ id: mine, label: 'ana-tiktok', available: true, reason: null }),
    ]);
    expect((await inject(t, bo, 'GET', `/me/cards/${anaCard!.hubMemberId}/connectable-accounts`)).statusCode).toBe(404);
    // Bo can see the shared account (Collaborator) but owns none of Ana's.
    expect((await inject(t, bo, 'POST', `/me/cards/${boCard.hubMemberId}/connect`, { accountId: mine })).statusCode).toBe(404);
    expect((await inject(t, bo, 'POST', `/me/cards/${boCard.hubMemberId}/connect`, { accountId: shared })).statusCode).toBe(403);
    expect((await inject(t, bo, 'POST', `/me/cards/${anaCard!.hubMemberId}/connect`, { accountId: mine })).statusCode).toBe(404);
    const refused = await inject(t, ana, 'POST', `/me/cards/${anaCard!.hubMemberId}/connect`, { accountId: shared });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/shared with others/);

    const connected = await inject(t, ana, 'POST', `/me/cards/${anaCard!.hubMemberId}/connect`, { accountId: mine });
    expect(connected.statusCode, connected.body).toBe(200);
    expect(connected.json()).toMatchObject({ status: 'ready', connectedAccountId: mine });
    expect(await events(t, 'hub_member.account_connected', anaCard!.hubMemberId)).toEqual([{ data: expect.objectContaining({ accountId: mine, savedAccount: true, managedIdentity: false }) }]);

    // One account, one seat (invariant 28): the other hub's card offers it as connected and refuses it.
    const again = (await inject(t, ana, 'GET', `/me/cards/${anaSecond!.hubMemberId}/connectable-accounts`)).json() as { data: { id: string; available: boolean; reason: string | null }[] };
    expect(again.data.find((a) => a.id === mine)).toMatchObject({ available: false, reason: 'Connected to a business hub' });
    const twice = await inject(t, ana, 'POST', `/me/cards/${anaSecond!.hubMemberId}/connect`, { accountId: mine });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toMatch(/already connected to a business hub/);
  });
});
