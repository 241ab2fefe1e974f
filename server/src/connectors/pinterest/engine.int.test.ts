import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { insertTeam, insertWorkspaceMembers } from '../../../test/hub-fixtures.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { createPinterestConnector } from './connector.ts';
import { FakePinterest } from './fake-api.ts';

/**
 * Latchkey's engine and API with the Pinterest connector against the strict local Pinterest:
 * connect a hub, sync, share with a 50-person team while Pinterest throttles every few requests.
 */
const api = new FakePinterest();
const biz = '549755885175';
beforeAll(async () => {
  await api.start();
});
afterAll(() => api.stop());
// Reads retry in place without sleeping; throttled writes go back to the engine with Retry-After.
const get = useTestApp({ connectors: () => [createPinterestConnector({ baseUrl: api.url, timeoutMs: 5_000, readRetry: { attempts: 4, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} } })] });

interface Job { id: string; task: string; status: string; error: { code: string } | null; children: Job[] }
const jobOf = async (t: TestApp, who: SignedInMember, id: string): Promise<Job> => (await t.app.inject({ url: `/api/v1/jobs/${id}`, headers: { cookie: who.cookie } })).json() as Job;

describe('Pinterest Business through the engine', () => {
  it('connects, syncs, and completes a 50-person share with rate limits injected, inviting each person once', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    api.addBusiness(biz, ['ad1']);
    api.addMember(biz, owner.email, 'BIZ_ADMIN');
    api.addMember(biz, 'stranger@else.test');
    api.accessTokens.add('pina_engine');

    const apps = (await t.app.inject({ url: '/api/v1/apps', headers: { cookie: owner.cookie } })).json() as { data: { key: string; displayName: string }[] };
    expect(apps.data.map((a) => a.displayName)).toContain('Pinterest Business');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'pinterest', label: 'Pins', businessId: biz, loginMethod: 'username_password', serviceCredential: { label: 'Pinterest admin', token: 'pina_engine' } } });
    expect(created.statusCode, created.body).toBe(201);
    const hubId = (created.json() as { id: string }).id;
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', lastSyncedAt: expect.any(String) });

    const emails = Array.from({ length: 50 }, (_, i) => `pin${i}@people.test`);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Fifty', await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails));
    api.throttleEvery = 3;
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    // Pinterest throttles for a while (the invite call included, answered 429 with Retry-After), then lets calls through.
    const drained = drainJobs(t, 6000);
    await vi.waitFor(() => expect(api.throttled).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 20 });
    api.throttleEvery = 0;
    await drained;

    const parent = await jobOf(t, owner, (shared.json() as { jobId: string }).jobId);
    expect(parent, JSON.stringify(parent.children.map((c) => [c.status, c.error]).slice(0, 5))).toMatchObject({ status: 'completed' });
    expect(parent.children).toHaveLength(50);
    expect(parent.children.every((c) => c.status === 'completed')).toBe(true);
    const invites = [...api.businesses.get(biz)!.invites.values()];
    expect(invites.map((i) => i.email).sort()).toEqual([...emails].sort()); // each person once
    expect(invites.every((i) => i.status === 'PENDING' && i.role === 'EMPLOYEE')).toBe(true);
    // Fifty people, one invite call (Pinterest takes 50 members per call): only refused calls are repeated.
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invites'));
    expect((posts[0]!.body as { members: string[] }).members).toHaveLength(50);
    expect(posts.length, JSON.stringify([api.throttled, posts.map((p) => (p.body as { members: string[] }).members.length)])).toBeLessThanOrEqual(1 + api.throttled);
    expect(posts.length).toBeGreaterThan(1); // the throttled call was made again

    const rowOf = async (email: string): Promise<{ id: string; state: string }> => {
      const rows = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=all`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; externalEmail: string; state: string }[] };
      return rows.data.find((r) => r.externalEmail === email)!;
    };
    const sync = async (): Promise<void> => {
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
      await drainJobs(t);
    };
    const statusesOf = (email: string): string[] => [...api.businesses.get(biz)!.invites.values()].filter((i) => i.email === email).map((i) => api.status(i)).sort();

    // Invites lapse: the sync sees Invite expired and re-invites on its own (again one call for all fifty), back to Pending invite claim.
    api.now += 8 * 24 * 3600 * 1000;
    const before = posts.length;
    await sync();
    expect((await rowOf('pin0@people.test')).state).toBe('pending_invite_claim');
    expect(statusesOf('pin0@people.test')).toEqual(['EXPIRED', 'PENDING']);
    const reposts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invites')).slice(before);
    expect(reposts.map((r) => (r.body as { members: string[] }).members.length)).toEqual([50]);
    const events = (await t.app.inject({ url: `/api/v1/activity?type=hub_member.invite_resent&limit=200`, headers: { cookie: owner.cookie } })).json() as { data: { data: { automatic?: boolean } }[] };
    expect(events.data.filter((e) => e.data.automatic)).toHaveLength(50);

    // With automatic re-invites off, a lapsed invite stays at Invite expired until "Resend invite".
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie }, payload: { autoReinviteMax: 0 } })).statusCode).toBe(200);
    await drainJobs(t);
    api.now += 8 * 24 * 3600 * 1000;
    await sync();
    const expired = await rowOf('pin0@people.test');
    expect(expired.state).toBe('invite_expired');
    const resent = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/members/${expired.id}/resend-invite`, headers: { cookie: owner.cookie } });
    expect(resent.statusCode, resent.body).toBeLessThan(300);
    await drainJobs(t);
    await sync();
    expect((await rowOf('pin0@people.test')).state).toBe('pending_invite_claim');
    expect(statusesOf('pin0@people.test')).toEqual(['EXPIRED', 'EXPIRED', 'PENDING']);
    expect((await rowOf('pin1@people.test')).state).toBe('invite_expired');
  }, 120_000);
});
