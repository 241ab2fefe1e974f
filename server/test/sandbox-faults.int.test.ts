import { describe, expect, it } from 'vitest';
import { addMember } from '../../sandbox/src/test/people.ts';
import { createSandboxConnector } from '../src/connectors/sandbox/connector.ts';
import { useTestApp, type TestApp } from './app.ts';
import { buildWorkspace, type SignedInMember } from './factories.ts';
import { insertTeam, insertWorkspaceMembers } from './hub-fixtures.ts';
import { drainJobs } from './jobs.ts';
import { connectSandboxHub, sandboxList, seededRandom, useRunningSandbox, type SbInvite } from './sandbox.ts';

/**
 * The engine against an unreliable app: the sandbox's own fault injection (per business) decides each
 * answer with a seeded draw, so the pattern of 429s and 503s is the same on every run. Every injected
 * fault carries Retry-After: 1.
 */
const seeded = seededRandom(20_261_122);
let draw: () => number = seeded;
const { sandbox, baseUrl } = useRunningSandbox({ guard: { draw: () => draw() } });
const get = useTestApp({ connectors: () => [createSandboxConnector({ baseUrl: baseUrl() })] });

interface Job { id: string; task: string; target: Record<string, string>; status: string; attempt: number; canRetry: boolean; error: { code: string; userAction: string; remedy: string } | null; children: Job[] }

async function jobOf(t: TestApp, who: SignedInMember, id: string): Promise<Job> {
  const r = await t.app.inject({ url: `/api/v1/jobs/${id}`, headers: { cookie: who.cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Job;
}

async function shareWithSeat(t: TestApp, owner: SignedInMember, hubId: string, subjects: { type: 'user' | 'team'; id: string }[]): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects, role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { jobId: string }).jobId;
}

/** Generous round limits: retries wait out Retry-After (1 s), and drainJobs polls every 10 ms meanwhile. */
const patiently = (t: TestApp): Promise<void> => drainJobs(t, 6000);

describe('automation against faults', () => {
  it('with half of all answers 429 or 503, a sync and every job of a 50-person invite complete, each person invited once', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    // The fifty invites go out in one batch call, so the rate is high enough that the seeded draws refuse that call too.
    await h.services.businesses.configure(biz.id, { faultRate429: 0.25, faultRate503: 0.25 });

    const hubId = await connectSandboxHub(t, owner, biz, 'Flaky space');
    await patiently(t);
    expect((await t.app.inject({ url: `/api/v1/hubs/${hubId}`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ health: 'healthy', lastSyncedAt: expect.any(String) });

    const emails = Array.from({ length: 50 }, (_, i) => `flaky${i}@people.test`);
    const ids = await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Fifty', ids);
    const parentId = await shareWithSeat(t, owner, hubId, [{ type: 'team', id: team }]);
    await patiently(t);
    const sync = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/sync`, headers: { cookie: owner.cookie } });
    expect(sync.statusCode).toBe(202);
    await patiently(t);

    const parent = await jobOf(t, owner, parentId);
    expect(parent).toMatchObject({ task: 'access_change', status: 'completed' });
    expect(parent.children).toHaveLength(50);
    expect(parent.children.filter((c) => c.status !== 'completed')).toEqual([]);
    expect(await jobOf(t, owner, (sync.json() as { jobId: string }).jobId)).toMatchObject({ status: 'completed', error: null });

    // Each person was invited exactly once, though many calls failed on the way (checked with the faults off).
    await h.services.businesses.configure(biz.id, { faultRate429: 0, faultRate503: 0 });
    const invites = (await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => emails.includes(i.email));
    expect(invites.map((i) => i.email).sort()).toEqual([...emails].sort());
    expect(invites.filter((i) => i.status !== 'PENDING' || i.sentCount !== 1)).toEqual([]);
    const people = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { externalEmail: string; state: string }[] }).data;
    expect(people.filter((p) => emails.includes(p.externalEmail) && p.state !== 'pending_invite_claim')).toEqual([]);

    // The faults really happened: jobs were retried, each failure recorded, and every retry waited
    // at least the Retry-After of 1 s (drainJobs' own backoff base is 1 ms, so only Retry-After explains it).
    const { rows: retried } = await t.database.pool.query<{ id: string; waited: boolean }>(
      `select id, run_at - created_at >= interval '1 second' as waited from jobs where workspace_id = $1 and attempt > 1`, [owner.workspaceId]);
    expect(retried.length).toBeGreaterThan(3);
    expect(retried.filter((r) => !r.waited)).toEqual([]);
    const { rows: codes } = await t.database.pool.query<{ code: string }>(
      `select distinct data->>'code' as code from activity_events where workspace_id = $1 and type = 'automation.job_state_changed' and data->>'status' = 'retrying' order by 1`, [owner.workspaceId]);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((c) => c.code !== 'ConnectorUnavailable' && c.code !== 'RateLimited')).toEqual([]);
  }, 90_000);

  it('with the seat limit reached, invites end Not completed with NotEnoughSeats and say what to do; retry works once seats are free', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business({ seats: 1 });
    await addMember(h, biz, owner.email, 'ADMIN');
    const hubId = await connectSandboxHub(t, owner, biz, 'Full space');
    await drainJobs(t);

    const emails = ['seat1@people.test', 'seat2@people.test', 'seat3@people.test'];
    const ids = await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails);
    const parentId = await shareWithSeat(t, owner, hubId, ids.map((id) => ({ type: 'user' as const, id })));
    await drainJobs(t);

    const parent = await jobOf(t, owner, parentId);
    expect(parent.status).toBe('not_completed');
    expect(parent.children).toHaveLength(3);
    for (const child of parent.children) {
      // The job detail the Automation page shows: the code, what to do, and that it can be retried.
      const detail = await jobOf(t, owner, child.id);
      expect(detail).toMatchObject({ task: 'add_user', status: 'not_completed', attempt: 1, canRetry: true, error: { code: 'NotEnoughSeats', userAction: 'add_licenses', remedy: 'Buy or free seats in the app, then retry.' } });
    }
    const listPeople = async (): Promise<{ id: string; externalEmail: string; state: string }[]> =>
      ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { id: string; externalEmail: string; state: string }[] }).data;
    expect((await listPeople()).filter((p) => emails.includes(p.externalEmail)).map((p) => p.state)).toEqual(['invite_failed', 'invite_failed', 'invite_failed']);
    expect((await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => emails.includes(i.email))).toEqual([]);

    // Buy seats in the app, retry one job from the Automation page: that person is invited.
    await h.services.businesses.configure(biz.id, { seatLimit: 10 });
    const first = parent.children[0]!;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${first.id}/retry`, headers: { cookie: owner.cookie } })).json()).toMatchObject({ status: 'queued' });
    await drainJobs(t);
    expect(await jobOf(t, owner, first.id)).toMatchObject({ status: 'completed', error: null });
    const retried = (await listPeople()).find((p) => p.id === first.target.hubMemberId)!;
    expect(retried.state).toBe('pending_invite_claim');
    expect((await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => emails.includes(i.email)).map((i) => [i.email, i.status, i.sentCount])).toEqual([[retried.externalEmail, 'PENDING', 1]]);
  }, 60_000);

  it('a sync completes even when every third answer fails, because each page read is retried on its own', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    await addMember(h, biz, owner.email, 'ADMIN');
    await h.api('POST', `/api/v1/businesses/${biz.id}/invites`, biz.token, { invites: [{ email: 'pending@people.test', role: 'ANALYST' }] });
    // A sync reads members, invites and assets: three requests, so one in three failing means every
    // attempt of a snapshot that is all-or-nothing fails, however often the job is retried.
    let n = 0;
    draw = () => (++n % 3 === 0 ? 0 : 0.99);
    try {
      await h.services.businesses.configure(biz.id, { faultRate429: 0.5 });
      const hubId = await connectSandboxHub(t, owner, biz, 'Every third fails');
      await drainJobs(t, 6000);
      const sync = (await t.app.inject({ url: `/api/v1/jobs?hubId=${hubId}&task=sync_hub`, headers: { cookie: owner.cookie } })).json() as { data: { status: string; attempt: number }[] };
      expect(sync.data).toEqual([expect.objectContaining({ status: 'completed', attempt: 1 })]);
      expect(n).toBeGreaterThanOrEqual(5);
      const people = ((await t.app.inject({ url: `/api/v1/hubs/${hubId}/members`, headers: { cookie: owner.cookie } })).json() as { data: { externalEmail: string }[] }).data;
      expect(people.map((p) => p.externalEmail).sort()).toEqual([owner.email, 'pending@people.test'].sort());
    } finally {
      draw = seeded;
    }
  }, 60_000);
});
