import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freePort, useCli } from './cli-process.ts';
import { useTestDb } from './db.ts';
import { goodPassword } from './factories.ts';
import { insertTeam, insertWorkspaceMembers } from './hub-fixtures.ts';
import { sandboxList, useRunningSandbox, type SbInvite } from './sandbox.ts';

/**
 * The split deployment: `latchkey start --role=api` and two `--role=worker` processes (the real CLI)
 * against one PostgreSQL, driving a running sandbox. Each process names itself in pg_stat_activity.
 */
const { sandbox, baseUrl } = useRunningSandbox();
const db = useTestDb();
const cli = useCli();
const masterKey = randomBytes(32).toString('base64');

function withAppName(url: string, name: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`;
}

/** Collects a process's JSON log lines (pino writes one object per line to stdout). */
function logLines(child: ChildProcess): () => Record<string, unknown>[] {
  let buf = '';
  const lines: Record<string, unknown>[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  return () => lines;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('one API process and two worker processes on one PostgreSQL', () => {
  it('run a 200-person invite with every job run once and every person invited once', async () => {
    const h = sandbox();
    const pool = db.pool();
    const env = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
      DATABASE_URL: withAppName(db.url(), name), LATCHKEY_MASTER_KEY: masterKey, LATCHKEY_SANDBOX_URL: baseUrl(), LATCHKEY_JOB_POLL_MS: '50', ...extra,
    });

    // Split roles do not migrate on start; the operator runs `latchkey migrate` first (here a no-op).
    const migrated = await cli.exitOf(cli.run(['migrate'], env('migrate')));
    expect(migrated.code, migrated.out).toBe(0);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = cli.run(['start', '--role=api'], env('lk-api', { LATCHKEY_PORT: String(port), LATCHKEY_LOG_LEVEL: 'warn' }));
    const workers = ['lk-worker-a', 'lk-worker-b'].map((name) => ({ name, child: cli.run(['start', '--role=worker'], env(name, { LATCHKEY_LOG_LEVEL: 'debug' })) }));
    const logs = workers.map((w) => ({ name: w.name, lines: logLines(w.child) }));
    await cli.waitHealthy(base, api);
    // A worker opens its pool on its first poll: both are polling once both names show up.
    await until('both workers polling', 60_000, async () => {
      for (const w of workers) if (w.child.exitCode !== null) throw new Error(`${w.name} exited: ${(await cli.exitOf(w.child)).out}`);
      const { rows } = await pool.query<{ n: number }>(`select count(distinct application_name)::int n from pg_stat_activity where application_name in ('lk-worker-a', 'lk-worker-b')`);
      return rows[0]!.n === 2;
    });

    // First-run setup through the API process, then a hub on a sandbox business.
    const setup = await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workspaceName: 'Split Co', firstName: 'Olga', lastName: 'Owner', email: 'owner@split.test', password: goodPassword }) });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const workspaceId = ((await setup.json()) as { workspace: { id: string } }).workspace.id;
    const call = async (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${base}/api/v1${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const biz = await h.business();
    const connected = await call('POST', '/hubs', { appKey: 'sandbox', label: 'Split space', businessId: biz.id, loginMethod: 'username_password', serviceCredential: { label: 'Split token', token: biz.token } });
    expect(connected.status, await connected.clone().text()).toBe(201);
    const hubId = ((await connected.json()) as { id: string }).id;
    await until('the hub validated and synced by the workers', 60_000, async () => ((await (await call('GET', `/hubs/${hubId}`)).json()) as { health: string }).health === 'healthy');

    // 200 people in a team, shared with a seat: one parent job, 200 add_user children.
    const emails = Array.from({ length: 200 }, (_, i) => `split${i}@people.test`);
    const team = await insertTeam(pool, workspaceId, 'Two hundred', await insertWorkspaceMembers(pool, workspaceId, emails));
    const shared = await call('POST', `/hubs/${hubId}/shares`, { subjects: [{ type: 'team', id: team }], role: 'collaborator', appRoleKeys: ['EMPLOYEE'] });
    expect(shared.status, await shared.clone().text()).toBe(200);
    const parentId = ((await shared.json()) as { jobId: string }).jobId;
    const parent = await until('the invite tree to finish', 120_000, async () => {
      const j = (await (await call('GET', `/jobs/${parentId}`)).json()) as { status: string; children: { id: string; status: string }[] };
      return ['completed', 'not_completed'].includes(j.status) ? j : null;
    });
    expect(parent.status).toBe('completed');
    expect(parent.children).toHaveLength(200);

    // Every person was invited once: one invite each, sent once, one email each.
    const invites = (await sandboxList<SbInvite>(baseUrl(), biz, 'invites?status=ALL')).filter((i) => emails.includes(i.email));
    expect(invites).toHaveLength(200);
    expect(new Set(invites.map((i) => i.email)).size).toBe(200);
    expect(invites.filter((i) => i.sentCount !== 1)).toEqual([]);
    const mails = h.mails.filter((m) => emails.includes(m.to));
    expect(new Set(mails.map((m) => m.to)).size).toBe(mails.length);
    expect(mails).toHaveLength(200);

    // Stop everything first (a worker finishes its in-flight jobs), so the tables and logs below are final.
    for (const c of [api, ...workers.map((w) => w.child)]) c.kill('SIGTERM');
    for (const c of [api, ...workers.map((w) => w.child)]) expect((await cli.exitOf(c)).code).toBe(0);

    // Every job that ran (validate, syncs, the 200 invites) was claimed once: one attempt and one
    // "running" event each, unless a retry was recorded with its error. (Syncs that add_user schedules
    // a minute ahead to watch for acceptance have not run yet and are left out.)
    const { rows: jobs } = await pool.query<{ id: string; task: string; attempt: number; running: number; retried: number }>(
      `select j.id, j.task, j.attempt,
         count(*) filter (where e.data->>'status' = 'running')::int as running,
         count(*) filter (where e.data->>'status' = 'retrying' and e.data ? 'code')::int as retried
       from jobs j left join activity_events e on e.workspace_id = j.workspace_id and e.type = 'automation.job_state_changed' and e.target_id = j.id
       where j.workspace_id = $1 and j.task <> 'send_email' and j.id <> $2 and not (j.status = 'queued' and j.attempt = 0)
       group by j.id, j.task, j.attempt`, [workspaceId, parentId]);
    expect(jobs.filter((j) => j.task === 'add_user')).toHaveLength(200);
    expect(jobs.filter((j) => j.attempt < 1 || j.running !== j.attempt || j.retried !== j.attempt - 1)).toEqual([]);

    // Both workers took part, and no job completed in both.
    const completedBy = logs.map((l) => ({ name: l.name, ids: l.lines().filter((x) => x.msg === 'job completed').map((x) => String(x.jobId)) }));
    for (const w of completedBy) expect(w.ids.length, `${w.name} completed no job`).toBeGreaterThan(0);
    const all = completedBy.flatMap((w) => w.ids);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(jobs.map((j) => j.id).sort());

    // The processes never deadlocked each other (backends report deadlocks when they exit).
    await until('the processes to disconnect', 10_000, async () => (await pool.query<{ n: number }>(`select count(*)::int n from pg_stat_activity where application_name like 'lk-%'`)).rows[0]!.n === 0);
    expect((await pool.query(`select deadlocks from pg_stat_database where datname = current_database()`)).rows[0]).toEqual({ deadlocks: '0' });
  }, 240_000);
});
