import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxConnector } from '../src/connectors/sandbox/connector.ts';
import { useTestApp } from './app.ts';
import { buildWorkspace } from './factories.ts';
import { insertTeam, insertWorkspaceMembers } from './hub-fixtures.ts';
import { drainJobs } from './jobs.ts';
import { connectSandboxHub, sandboxList, useRunningSandbox, type SbInvite } from './sandbox.ts';

const masterKey = randomBytes(32);
const { sandbox, baseUrl } = useRunningSandbox();
const get = useTestApp({ connectors: () => [createSandboxConnector({ baseUrl: baseUrl() })], masterKey });

const root = join(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker printed `line`; rejects if it exits first or the time runs out. */
  waitFor(line: string, ms: number): Promise<void>;
  exited: Promise<void>;
}

/** `server/test/fixtures/worker-child.ts`: the real worker in its own process, on this file's database. */
function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/fixtures/worker-child.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: get().dbUrl, LATCHKEY_MASTER_KEY: masterKey.toString('base64'), LATCHKEY_SANDBOX_URL: baseUrl(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    exited,
    async waitFor(line, ms) {
      const until = Date.now() + ms;
      while (!out.split('\n').includes(line)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before "${line}": ${err}`);
        if (Date.now() > until) throw new Error(`worker did not print "${line}" within ${ms} ms: ${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

describe('crash in the middle of a 500-person invite', () => {
  it('kill -9 of the worker mid-way: a new worker finishes, the app holds exactly 500 invites, each sent once', async () => {
    const t = get();
    const h = sandbox();
    const owner = await buildWorkspace(t);
    const biz = await h.business();
    const hubId = await connectSandboxHub(t, owner, biz, 'Crash space');
    await drainJobs(t);

    // One share with a team of 500: in one transaction, 500 hub members `inviting` and one parent
    // job with 500 add_user children keyed add_user:<hub member>:1.
    const emails = Array.from({ length: 500 }, (_, i) => `crash${i}@people.test`);
    const team = await insertTeam(t.database.pool, owner.workspaceId, 'Five hundred', await insertWorkspaceMembers(t.database.pool, owner.workspaceId, emails));
    const shared = await t.app.inject({ method: 'POST', url: `/api/v1/hubs/${hubId}/shares`, headers: { cookie: owner.cookie }, payload: { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] } });
    expect(shared.statusCode, shared.body).toBe(200);
    const parentId = (shared.json() as { jobId: string }).jobId;
    const q = async <R extends object>(text: string, params: unknown[] = []): Promise<R[]> => (await t.database.pool.query(text, params)).rows as R[];
    expect(await q(`select count(*)::int n from hub_members where hub_id = $1 and state = 'inviting' and desired->'appRoleKeys' = '["EMPLOYEE"]'`, [hubId])).toEqual([{ n: 500 }]);
    expect(await q(`select count(*)::int n from jobs where parent_id = $1 and task = 'add_user' and status = 'queued' and idempotency_key = 'add_user:' || (target->>'hubMemberId') || ':1'`, [parentId])).toEqual([{ n: 500 }]);

    // The first worker stops hearing answers after two invite calls of 50 people (the app still does the work), and dies.
    const first = startWorker({ WORKER_ID: 'crash-first', FREEZE_AFTER_INVITES: '2' });
    await first.waitFor('frozen', 90_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const invitedAtKill = (await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).length;
    const heldAtKill = await q<{ id: string }>(`select id from jobs where parent_id = $1 and status = 'running' and locked_by = 'crash-first'`, [parentId]);
    expect(invitedAtKill).toBeGreaterThan(100);
    expect(invitedAtKill).toBeLessThan(500);
    // At least the call whose answer was held: the app invited, Latchkey never recorded it.
    expect(heldAtKill.length).toBeGreaterThanOrEqual(1);

    // A new worker reclaims the dead one's jobs when their 2 s lease runs out and finishes the tree.
    const second = startWorker({ WORKER_ID: 'crash-second' });
    await second.waitFor('ready', 60_000);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [open] = await q<{ n: number }>(`select count(*)::int n from jobs where (id = $1 or parent_id = $1) and status not in ('completed', 'not_completed', 'cancelled')`, [parentId]);
      if (open!.n === 0) break;
      if (Date.now() > deadline) throw new Error(`${open!.n} jobs still open after 120 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    second.child.kill('SIGTERM');
    await second.exited;

    // Exactly 500 invites in the app, one per person, none sent twice (invite count and mail sink).
    const invites = await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL');
    expect(invites).toHaveLength(500);
    expect(new Set(invites.map((i) => i.email)).size).toBe(500);
    expect(invites.filter((i) => i.status !== 'PENDING' || i.sentCount !== 1)).toEqual([]);
    const mails = h.mails.filter((m) => emails.includes(m.to));
    expect(mails).toHaveLength(500);
    expect(new Set(mails.map((m) => m.to)).size).toBe(500);

    // Every job completed; only the reclaimed ones ran twice, and the held one adopted the app's invite.
    expect(await q(`select task, status from jobs where id = $1`, [parentId])).toEqual([{ task: 'access_change', status: 'completed' }]);
    const jobs = await q<{ id: string; status: string; attempt: number; outcome: string }>(`select id, status, attempt, result->>'outcome' as outcome from jobs where parent_id = $1`, [parentId]);
    expect(jobs.filter((j) => j.status !== 'completed')).toEqual([]);
    const held = new Set(heldAtKill.map((j) => j.id));
    expect(jobs.filter((j) => j.attempt !== (held.has(j.id) ? 2 : 1))).toEqual([]);
    expect(jobs.filter((j) => held.has(j.id)).map((j) => j.outcome)).toContain('already_invited');
    expect(await q(`select state, count(*)::int n from hub_members where hub_id = $1 and member_id is not null and member_id <> $2 group by state`, [hubId, owner.id])).toEqual([{ state: 'pending_invite_claim', n: 500 }]);
    expect((await t.app.inject({ url: '/api/v1/activity/verify', headers: { cookie: owner.cookie } })).json()).toMatchObject({ ok: true, firstBrokenSeq: null });
  }, 240_000);
});
