import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace, type FakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildMember, buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { JobError } from '../../jobs/types.ts';

let space: FakeSpace = fakeSpace();
// The connector reads `space` through this indirection so each test can start from a fresh space.
const get = useTestApp({ connectors: [new Proxy({} as ReturnType<typeof fakeConnector>, { get: (_t, k) => fakeConnector(space)[k as keyof ReturnType<typeof fakeConnector>] })] });

beforeEach(() => {
  space = fakeSpace();
});

async function connect(t: TestApp, owner: SignedInMember, token = space.token): Promise<{ id: string }> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Ads space', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 'Sandbox admin token', token } } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
}

const members = async (t: TestApp, who: SignedInMember, hubId: string, tab: string) =>
  ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=${tab}`, headers: { cookie: who.cookie } })).json() as { data: { id: string; externalEmail: string; state: string; memberId: string | null }[] }).data;

describe('business hubs', () => {
  it('connects, validates, syncs, matches by email and sorts people into the four tables', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ana = await buildMember(t, owner);
    const guest = await buildMember(t, owner, 'guest');
    space.members = [appMember(owner.email.toUpperCase(), 'ADMIN'), appMember(ana.email), appMember(guest.email, 'ANALYST'), appMember('stranger@else.test'), appMember('contractor@else.test')];
    space.invites = [{ externalInviteId: 'inv-1', email: 'later@else.test', roles: ['ANALYST'], status: 'pending', expiresAt: '2099-01-01T00:00:00.000Z', inviteUrl: null }];
    space.assets = [{ externalId: 'a1', type: 'ad_account', name: 'Main ads' }, { externalId: 'p1', type: 'page', name: 'Brand page' }];
    const hub = await connect(t, owner);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'under_validation', myRole: 'owner' });

    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', syncing: false, lastSyncedAt: expect.any(String) });
    expect((await members(t, owner, hub.id, 'onboarded')).map((m) => m.externalEmail).sort()).toEqual([ana.email, guest.email, owner.email.toUpperCase()].sort());
    expect((await members(t, owner, hub.id, 'unmatched')).map((m) => m.externalEmail).sort()).toEqual(['contractor@else.test', 'later@else.test', 'stranger@else.test']);
    expect((await members(t, owner, hub.id, 'guests')).map((m) => m.externalEmail)).toEqual([guest.email]);
    const assets = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}/assets`, headers: { cookie: owner.cookie } })).json() as { data: { name: string }[] };
    expect(assets.data.map((a) => a.name)).toEqual(['Main ads', 'Brand page']);
    const roles = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}/app-roles`, headers: { cookie: owner.cookie } })).json() as { data: { key: string }[] };
    expect(roles.data.map((r) => r.key)).toEqual(['ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST']);
    // Matched people hold a Collaborator grant, so the hub now appears in their list.
    expect(((await t.app.inject({ url: '/api/v1/hubs', headers: { cookie: ana.cookie } })).json() as { data: { id: string; myRole: string }[] }).data).toEqual([expect.objectContaining({ id: hub.id, myRole: 'collaborator' })]);

    const contractor = (await members(t, owner, hub.id, 'unmatched')).find((m) => m.externalEmail === 'contractor@else.test')!;
    const exempt = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/members/${contractor.id}/exempt`, headers: { cookie: owner.cookie }, payload: { reason: 'Agency contractor, managed by the agency' } });
    expect(exempt.json()).toMatchObject({ state: 'exempted', exemptReason: 'Agency contractor, managed by the agency' });
    expect((await members(t, owner, hub.id, 'exempted')).map((m) => m.externalEmail)).toEqual(['contractor@else.test']);
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/members/${contractor.id}/unexempt`, headers: { cookie: owner.cookie } });
    expect((await members(t, owner, hub.id, 'unmatched')).map((m) => m.externalEmail)).toContain('contractor@else.test');

    const newcomer = await buildMember(t, owner);
    const stranger = (await members(t, owner, hub.id, 'unmatched')).find((m) => m.externalEmail === 'stranger@else.test')!;
    const matched = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/members/${stranger.id}/match`, headers: { cookie: owner.cookie }, payload: { memberId: newcomer.id, role: 'collaborator' } });
    expect(matched.json()).toMatchObject({ state: 'awaiting_user_login', memberId: newcomer.id });

    const removal = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/members/${contractor.id}/remove`, headers: { cookie: owner.cookie } });
    expect(removal.statusCode).toBe(202);
    await drainJobs(t);
    expect(space.members.map((m) => m.email)).not.toContain('contractor@else.test');
    expect((await members(t, owner, hub.id, 'all')).find((m) => m.id === contractor.id)).toMatchObject({ state: 'removed' });

    // A second sync changes nothing.
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t);
    expect((await members(t, owner, hub.id, 'unmatched')).map((m) => m.externalEmail).sort()).toEqual(['later@else.test']);
  });

  it('halts a sync that would remove 30 % of the people, and applies it only when asked', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    space.members = Array.from({ length: 10 }, (_, i) => appMember(`p${i}@app.test`));
    const hub = await connect(t, owner);
    await drainJobs(t);
    space.members = space.members.slice(3);
    await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/sync`, headers: { cookie: owner.cookie } });
    await drainJobs(t);
    const halted = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json() as { health: string; healthReason: { code: string; remedy: string }; haltedSync: { removals: unknown[] } };
    expect(halted).toMatchObject({ health: 'requires_sync', healthReason: { code: 'SyncSafeguardTripped' } });
    expect(halted.haltedSync.removals).toHaveLength(3);
    expect((await members(t, owner, hub.id, 'unmatched')).filter((m) => m.state === 'removed')).toHaveLength(0);
    const jobs = (await t.app.inject({ url: '/api/v1/jobs?task=sync_hub&status=not_completed', headers: { cookie: owner.cookie } })).json() as { data: { error: { code: string; remedy: string } }[] };
    expect(jobs.data[0]?.error).toMatchObject({ code: 'SyncSafeguardTripped', remedy: expect.stringContaining('Apply anyway') });

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hub.id}/sync/apply`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', haltedSync: null });
    expect((await members(t, owner, hub.id, 'all')).filter((m) => m.state === 'removed')).toHaveLength(3);
  });

  it('puts the hub in review with a remedy when the app refuses the credential or the business id', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const hub = await connect(t, owner, 'wrong-token');
    await drainJobs(t);
    const h = (await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json() as { health: string; healthReason: { code: string; remedy: string } };
    expect(h).toMatchObject({ health: 'review_service_account', healthReason: { code: 'TokenExpired' } });
    expect(h.healthReason.remedy).toMatch(/Re-authorise or replace the token/);

    space.failNext.snapshot = new JobError('InvalidBusinessId', 'unknown business', { userAction: 'fix_business_id' });
    const good = (await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: owner.cookie }, payload: { label: 'Right token', password: space.token } })).json() as { id: string };
    const fixed = await t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie }, payload: { serviceCredentialAccountId: good.id } });
    expect(fixed.json()).toMatchObject({ health: 'under_validation' });
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'review_configuration', healthReason: { code: 'InvalidBusinessId' } });
    const failed = (await t.app.inject({ url: '/api/v1/jobs?status=not_completed&task=sync_hub', headers: { cookie: owner.cookie } })).json() as { data: { id: string }[] };
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${failed.data[0]!.id}/retry`, headers: { cookie: owner.cookie } });
    expect(retried.json()).toMatchObject({ status: 'queued' });
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy' });
    const events = (await t.app.inject({ url: '/api/v1/activity?type=automation.job_state_changed', headers: { cookie: owner.cookie } })).json() as { data: unknown[] };
    expect(events.data.length).toBeGreaterThan(6);
  });

  it('follows the permission matrix: Collaborators only log in, other workspaces see nothing', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const ana = await buildMember(t, owner);
    space.members = [appMember(ana.email), appMember('x@else.test')];
    const hub = await connect(t, owner);
    await drainJobs(t);
    const x = (await members(t, owner, hub.id, 'unmatched'))[0]!;
    for (const req of [
      { method: 'GET', url: `/api/v1/hubs/${hub.id}/members` },
      { method: 'POST', url: `/api/v1/hubs/${hub.id}/sync` },
      { method: 'PATCH', url: `/api/v1/hubs/${hub.id}`, payload: { label: 'mine' } },
      { method: 'DELETE', url: `/api/v1/hubs/${hub.id}` },
      { method: 'POST', url: `/api/v1/hubs/${hub.id}/members/${x.id}/remove` },
    ] as const) {
      expect((await t.app.inject({ ...req, headers: { cookie: ana.cookie } })).statusCode, `${req.method} ${req.url}`).toBe(403);
    }
    const other = await buildWorkspace(t, 'Other');
    expect((await t.app.inject({ url: `/api/v1/hubs/${hub.id}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect(((await t.app.inject({ url: '/api/v1/jobs', headers: { cookie: other.cookie } })).json() as { data: unknown[] }).data).toEqual([]);
    // Deleting the hub changes nothing in the app.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/hubs/${hub.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    expect(space.members).toHaveLength(2);
    expect(space.calls.filter((c) => c.op === 'remove')).toEqual([]);
  });
});
