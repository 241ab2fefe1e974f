import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    api.throttleEvery = 4;
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t, 6000);
    api.throttleEvery = 0;

    const parent = await jobOf(t, owner, (shared.json() as { jobId: string }).jobId);
    expect(parent).toMatchObject({ status: 'completed' });
    expect(parent.children).toHaveLength(50);
    expect(parent.children.every((c) => c.status === 'completed')).toBe(true);
    const invites = [...api.businesses.get(biz)!.invites.values()];
    expect(invites.map((i) => i.email).sort()).toEqual([...emails].sort()); // each person once
    expect(invites.every((i) => i.status === 'PENDING' && i.role === 'EMPLOYEE')).toBe(true);
    expect(api.throttled).toBeGreaterThan(10);

    // An invite that passes its expiry shows as Invite expired; "Resend invite" makes it Pending invite claim again.
    api.now += 8 * 24 * 3600 * 1000;
    const syncAndRow = async (): Promise<{ id: string; state: string }> => {
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
      await drainJobs(t);
      const rows = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=all`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; externalEmail: string; state: string }[] };
      return rows.data.find((r) => r.externalEmail === 'pin0@people.test')!;
    };
    const expired = await syncAndRow();
    expect(expired.state).toBe('invite_expired');
    const resent = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/members/${expired.id}/resend-invite`, headers: { cookie: owner.cookie } });
    expect(resent.statusCode, resent.body).toBeLessThan(300);
    await drainJobs(t);
    expect((await syncAndRow()).state).toBe('pending_invite_claim');
    expect([...api.businesses.get(biz)!.invites.values()].filter((i) => i.email === 'pin0@people.test').map((i) => api.status(i)).sort()).toEqual(['EXPIRED', 'PENDING']);
  }, 120_000);
});
