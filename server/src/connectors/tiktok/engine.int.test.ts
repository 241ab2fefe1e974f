import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/app.ts';
import { buildWorkspace, type SignedInMember } from '../../../test/factories.ts';
import { insertTeam, insertWorkspaceMembers } from '../../../test/hub-fixtures.ts';
import { drainJobs } from '../../../test/jobs.ts';
import { createTikTokConnector } from './connector.ts';
import { FakeTikTok } from './fake-api.ts';

/**
 * Latchkey's engine and API with the TikTok connector against the strict local TikTok: connect a
 * hub, sync, share with a 50-person team while TikTok answers 40100 every few requests.
 */
const api = new FakeTikTok();
const bcId = '7000123456789';
beforeAll(async () => {
  await api.start();
});
afterAll(() => api.stop());
const get = useTestApp({ connectors: () => [createTikTokConnector({ baseUrl: api.url, timeoutMs: 5_000, readRetry: { attempts: 4, baseMs: 1, maxWaitMs: 5_000, sleep: async () => {} } })] });

interface Job { id: string; task: string; status: string; error: { code: string } | null; children: Job[] }
const jobOf = async (t: TestApp, who: SignedInMember, id: string): Promise<Job> => (await t.app.inject({ url: `/api/v1/jobs/${id}`, headers: { cookie: who.cookie } })).json() as Job;

describe('TikTok Business Center through the engine', () => {
  it('connects, syncs, and completes a 50-person share with 40100 injected, inviting each person once; acceptance is seen on sync', async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    api.addBc(bcId, 'Acme BC', 'ADMIN', ['adv1']);
    api.addMember(bcId, owner.email, 'ADMIN');
    api.tokens.add('tt_engine');

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'tiktok', label: 'TikTok', businessId: bcId, loginMethod: 'username_password', serviceCredential: { label: 'TikTok admin', token: 'tt_engine' } } });
    expect(created.statusCode, created.body).toBe(201);
    const hubId = (created.json() as { id: string }).id;
    await drainJobs(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', lastSyncedAt: expect.any(String) });

    const emails = Array.from({ length: 50 }, (_, i) => `tt${i}@people.test`);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Fifty', await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails));
    // TikTok answers 40100 (throttled) twice on the invite call before letting it through.
    api.injected.push({ code: 40100, path: /\/bc\/member\/invite\//, skip: 0 }, { code: 40100, path: /\/bc\/member\/invite\// });
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['STANDARD'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    await drainJobs(t, 6000);

    const parent = await jobOf(t, owner, (shared.json() as { jobId: string }).jobId);
    expect(parent).toMatchObject({ status: 'completed' });
    expect(parent.children).toHaveLength(50);
    expect(parent.children.every((c) => c.status === 'completed')).toBe(true);
    const invited = [...api.bcs.get(bcId)!.members.values()].filter((m) => m.relation_status === 'PENDING');
    expect(invited.map((m) => m.user_email).sort()).toEqual([...emails].sort()); // each person once
    // Fifty people, one accepted invite call (TikTok takes 50 e-mails per call): the two throttled calls were the same batch again.
    const calls = api.requests.filter((r) => r.path === '/bc/member/invite/').map((r) => (r.params.emails as string[]).length);
    expect(calls).toEqual([50, 50, 50]);
    expect(api.injected).toHaveLength(0);

    // The invitee accepts in TikTok; the next sync sees BOUND.
    api.accept(bcId, 'tt0@people.test');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    const rows = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=all`, headers: { cookie: owner.cookie } })).json() as { data: { externalEmail: string; state: string; externalUserId: string | null }[] };
    expect(rows.data.find((r) => r.externalEmail === 'tt0@people.test')).toMatchObject({ state: expect.not.stringMatching(/invite/), externalUserId: api.member(bcId, 'tt0@people.test')!.user_id });
    expect(rows.data.find((r) => r.externalEmail === 'tt1@people.test')).toMatchObject({ state: 'pending_invite_claim' });

    // TikTok invites carry no expiry and stay PENDING, so Latchkey tracks its own (168 h from the manifest).
    // Once that passes, the sync calls it lapsed and re-invites: the old invitation is deleted by e-mail, a new one sent.
    const tracked = await t.database.pool.query<{ expires: string }>(`select invite->>'expiresAt' expires from hub_members where external_email = 'tt1@people.test'`);
    expect(Date.parse(tracked.rows[0]!.expires) - Date.now()).toBeGreaterThan(167 * 3600_000);
    await t.database.pool.query(`update hub_members set invite = jsonb_set(invite, '{expiresAt}', to_jsonb((now() - interval '1 minute')::text)) where external_email = 'tt1@people.test'`);
    const oldId = api.member(bcId, 'tt1@people.test')!.user_id;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } })).statusCode).toBe(202);
    await drainJobs(t);
    expect(api.requests.filter((r) => r.path === '/bc/member/delete/').map((r) => r.params.user_email)).toEqual(['tt1@people.test']);
    expect(api.member(bcId, 'tt1@people.test')).toMatchObject({ relation_status: 'PENDING', user_id: expect.not.stringMatching(`^${oldId}$`) });
    const after = (await t.app.inject({ url: `/api/v1/hubs/${hubId}/members?tab=all`, headers: { cookie: owner.cookie } })).json() as { data: { externalEmail: string; state: string }[] };
    expect(after.data.find((r) => r.externalEmail === 'tt1@people.test')).toMatchObject({ state: 'pending_invite_claim' });
  }, 120_000);
});
