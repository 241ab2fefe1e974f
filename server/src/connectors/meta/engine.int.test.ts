import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { insertTeam, insertWorkspaceMembers } from '../../../test/hub-fixtures.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { createMetaConnector } from './connector.ts';
import { FakeGraph } from './fake-api.ts';

/**
 * Latchkey's engine and API with the Meta connector against the strict local Graph API. Graph's
 * throttles ask for a minute or more, so here the injected failures are its transient service
 * errors (code 2, HTTP 500), which the engine retries at once; throttling is covered per call in
 * connector.test.ts.
 */
const api = new FakeGraph('v25.0');
const biz = '1234567890';
beforeAll(async () => {
  await api.start();
});
afterAll(() => api.stop());
const get = useTestApp({ connectors: () => [createMetaConnector({ graphUrl: api.url, version: 'v25.0', timeoutMs: 5_000, readRetry: { attempts: 4, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} } })] });

interface Job { id: string; status: string; children: Job[] }
const jobOf = async (t: TestApp, who: SignedInMember, id: string): Promise<Job> => (await t.app.inject({ url: `/api/v1/jobs/${id}`, headers: { cookie: who.cookie } })).json() as Job;

describe('Meta Business through the engine', () => {
  it('connects, syncs, and completes a 50-person share while Graph fails and throttles, inviting each person once', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    api.addBusiness(biz, 'Acme portfolio');
    api.addUser(biz, owner.email, 'ADMIN');
    api.addAsset(biz, 'ad_account', 'Main ads');
    api.tokens.add('EAAengine');

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'meta', label: 'Meta', businessId: biz, connectFields: { app_id: '42' }, loginMethod: 'sso', serviceCredential: { label: 'System user', token: 'EAAengine' } } });
    expect(created.statusCode, created.body).toBe(201);
    const hubId = (created.json() as { id: string }).id;
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', lastSyncedAt: expect.any(String) });

    const emails = Array.from({ length: 50 }, (_, i) => `meta${i}@people.test`);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Fifty', await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails));
    for (let i = 0; i < 20; i++) api.injected.push({ code: 2, status: 500, skip: 3 });
    // Graph throttles the invite call itself (application limit 4, user limit 17): one e-mail per call (reference §4.4).
    api.injected.push({ code: 4, method: 'POST', path: /business_users$/, skip: 5 }, { code: 17, method: 'POST', path: /business_users$/, skip: 20 });
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    // A throttled run waits Meta's default minute (no usage header said otherwise); the test moves those waits to now.
    const throttledWaits: number[] = [];
    for (let round = 0; round < 5; round++) {
      await drainJobs(t, 6000);
      const waiting = await t.database.pool.query<{ ms: number }>(`select extract(epoch from run_at - updated_at) * 1000 as ms from jobs where status = 'retrying' and error->>'code' = 'RateLimited'`);
      if (waiting.rows.length === 0) break;
      throttledWaits.push(...waiting.rows.map((r) => Number(r.ms)));
      await t.database.pool.query(`update jobs set run_at = now() where status = 'retrying'`);
    }
    expect(throttledWaits.length).toBeGreaterThan(0);
    expect(throttledWaits.every((ms) => ms >= 59_000)).toBe(true);

    const parent = await jobOf(t, owner, (shared.json() as { jobId: string }).jobId);
    expect(parent).toMatchObject({ status: 'completed' });
    expect(parent.children.filter((c) => c.status === 'completed')).toHaveLength(50);
    const requests = [...api.businesses.get(biz)!.requests.values()];
    expect(requests.map((r) => r.email).sort()).toEqual([...emails].sort()); // each person once
    expect(api.injected).toHaveLength(0); // every injected failure was met and survived
  }, 120_000);
});
