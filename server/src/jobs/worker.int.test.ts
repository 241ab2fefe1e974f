import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/db.ts';
import { jobAuditHooks } from '../app/services.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { createActivityService } from '../modules/activity/service.ts';
import { systemClock } from '../lib/clock.ts';
import { enqueueJob } from './repo.ts';
import { JobError, type BatchOutcome } from './types.ts';
import { createWorker } from './worker.ts';

const testDb = useTestDb();
let database: Database;
beforeAll(() => {
  database = openDatabase(testDb.url(), { max: 8 });
});
afterAll(() => database.close());

const silent = pino({ level: 'silent' });
const actor = { kind: 'system' as const, id: null };

async function drain(tick: () => Promise<number>, until: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await until()); i++) {
    if ((await tick()) === 0) await new Promise((r) => setTimeout(r, 5));
  }
}

describe('job worker', () => {
  it('two workers sharing the queue never run the same job twice', async () => {
    await database.tx(async (tx) => {
      for (let i = 0; i < 60; i++) await enqueueJob(tx, { workspaceId: null, task: 'count', trigger: 'system', actor, payload: { i } }, new Date());
    });
    const runs: number[] = [];
    const handlers = { count: async ({ job }: { job: { payload: Record<string, unknown> } }) => { runs.push(Number(job.payload.i)); await new Promise((r) => setTimeout(r, 2)); } };
    const w1 = createWorker({ database, handlers, clock: systemClock, log: silent, pollMs: 5, workerId: 'w1', concurrency: 4 });
    const w2 = createWorker({ database, handlers, clock: systemClock, log: silent, pollMs: 5, workerId: 'w2', concurrency: 4 });
    const done = async (): Promise<boolean> => (await database.pool.query(`select count(*)::int n from jobs where task='count' and status='completed'`)).rows[0].n === 60;
    await Promise.all([drain(w1.tick, done), drain(w2.tick, done)]);
    expect(runs).toHaveLength(60);
    expect(new Set(runs).size).toBe(60);
  });

  it('one idempotency key, one job', async () => {
    const ids = await database.tx(async (tx) => [
      await enqueueJob(tx, { workspaceId: null, task: 'noop', trigger: 'system', actor, idempotencyKey: 'invite:m1:gen1' }, new Date()),
      await enqueueJob(tx, { workspaceId: null, task: 'noop', trigger: 'system', actor, idempotencyKey: 'invite:m1:gen1' }, new Date()),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect((await database.pool.query(`select count(*)::int n from jobs where idempotency_key = 'invite:m1:gen1'`)).rows[0].n).toBe(1);
  });

  it("reclaims a crashed worker's job when its lease runs out", async () => {
    const id = await database.tx((tx) => enqueueJob(tx, { workspaceId: null, task: 'lease', trigger: 'system', actor }, new Date()));
    // A worker that claims the job and then "dies" (its handler never returns).
    const stuck = createWorker({ database, handlers: { lease: () => new Promise(() => {}) }, clock: systemClock, log: silent, pollMs: 5, workerId: 'dead', leaseMs: 200 });
    void stuck.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect((await database.pool.query('select status, locked_by from jobs where id=$1', [id])).rows[0]).toEqual({ status: 'running', locked_by: 'dead' });
    // The heartbeat would keep the lease alive; a real crash stops it, so expire it by hand.
    await database.pool.query(`update jobs set lease_until = now() - interval '1 second' where id=$1`, [id]);
    const healthy = createWorker({ database, handlers: { lease: async () => ({ ok: true }) }, clock: systemClock, log: silent, pollMs: 5, workerId: 'alive', retryBaseMs: 1 });
    await drain(healthy.tick, async () => (await database.pool.query('select status from jobs where id=$1', [id])).rows[0].status === 'completed');
    expect((await database.pool.query('select status, attempt from jobs where id=$1', [id])).rows[0]).toEqual({ status: 'completed', attempt: 2 });
  });

  it('retries transient errors honouring Retry-After, and stops on terminal ones', async () => {
    const transient = await database.tx((tx) => enqueueJob(tx, { workspaceId: null, task: 'flaky', trigger: 'system', actor, maxAttempts: 3 }, new Date()));
    const terminal = await database.tx((tx) => enqueueJob(tx, { workspaceId: null, task: 'seats', trigger: 'system', actor }, new Date()));
    const w = createWorker({
      database,
      clock: systemClock,
      log: silent,
      pollMs: 5,
      retryBaseMs: 1,
      handlers: {
        flaky: async () => { throw new JobError('RateLimited', 'slow down', { transient: true, retryAfterMs: 30 }); },
        seats: async () => { throw new JobError('NotEnoughSeats', 'no free seat', { userAction: 'add_licenses' }); },
      },
    });
    await w.tick();
    // Compared with the job's creation, not with now(), so a slow machine cannot make this flaky.
    const after1 = (await database.pool.query(`select status, run_at - created_at >= interval '30 milliseconds' as waits from jobs where id=$1`, [transient])).rows[0];
    expect(after1).toEqual({ status: 'retrying', waits: true });
    await drain(w.tick, async () => (await database.pool.query('select status from jobs where id=$1', [transient])).rows[0].status === 'not_completed');
    expect((await database.pool.query('select attempt, error from jobs where id=$1', [transient])).rows[0]).toMatchObject({ attempt: 3, error: { code: 'RateLimited' } });
    expect((await database.pool.query('select status, attempt, error from jobs where id=$1', [terminal])).rows[0]).toMatchObject({ status: 'not_completed', attempt: 1, error: { code: 'NotEnoughSeats', userAction: 'add_licenses' } });
  });

  it('two audited workers finishing the children of one parent never deadlock', async () => {
    // Claims and finishes both roll the parent up and append to the workspace's activity chain; they
    // must take those two locks in the same order, or two workers deadlock (PostgreSQL then kills one
    // transaction after deadlock_timeout, a one-second stall each time).
    const appName = `deadlock_${newId().slice(-8)}`;
    const own = openDatabase(`${testDb.url()}${testDb.url().includes('?') ? '&' : '?'}application_name=${appName}`, { max: 8 });
    const workspaceId = newId();
    const parentId = await own.tx(async (tx) => {
      const parent = await enqueueJob(tx, { workspaceId, task: 'tree', trigger: 'system', actor }, new Date());
      for (let i = 0; i < 80; i++) await enqueueJob(tx, { workspaceId, parentId: parent, task: 'leaf', trigger: 'system', actor }, new Date());
      return parent;
    });
    const errors: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
    const hooks = jobAuditHooks({ activity: createActivityService({ database: own, clock: systemClock }) });
    const handlers = { leaf: async () => { await new Promise((r) => setTimeout(r, 1)); } };
    const workers = ['a', 'b'].map((w) => createWorker({ database: own, handlers, hooks, clock: systemClock, log, pollMs: 5, workerId: w, concurrency: 4 }));
    const done = async (): Promise<boolean> => (await own.pool.query(`select status from jobs where id = $1`, [parentId])).rows[0].status === 'completed';
    await Promise.all(workers.map((w) => drain(w.tick, done)));
    expect(await done()).toBe(true);
    expect(errors).toEqual([]);
    // A backend reports its deadlocks to pg_stat_database when it exits: close the pool, wait for its
    // backends to be gone, then read the count.
    await own.close();
    for (let i = 0; i < 100 && (await database.pool.query(`select count(*)::int n from pg_stat_activity where application_name = $1`, [appName])).rows[0].n > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await database.pool.query(`select deadlocks from pg_stat_database where datname = current_database()`)).rows[0]).toEqual({ deadlocks: '0' });
  });

  it('rolls a parent up to completed when its last children finish at the same time in two workers', async () => {
    // Without hooks nothing else serialises the finishes: the roll-up itself must (it locks the parent
    // before counting), or both last finishes count the other as running and the parent stays running.
    const parents = await database.tx(async (tx) => {
      const ids: string[] = [];
      for (let p = 0; p < 6; p++) {
        const parent = await enqueueJob(tx, { workspaceId: null, task: 'bare_tree', trigger: 'system', actor }, new Date());
        for (let i = 0; i < 8; i++) await enqueueJob(tx, { workspaceId: null, parentId: parent, task: 'bare_leaf', trigger: 'system', actor }, new Date());
        ids.push(parent);
      }
      return ids;
    });
    const handlers = { bare_leaf: async () => { await new Promise((r) => setTimeout(r, 2)); } };
    const workers = ['c', 'd'].map((w) => createWorker({ database, handlers, clock: systemClock, log: silent, pollMs: 5, workerId: w, concurrency: 4 }));
    const leavesDone = async (): Promise<boolean> => (await database.pool.query(`select count(*)::int n from jobs where task = 'bare_leaf' and status <> 'completed'`)).rows[0].n === 0;
    await Promise.all(workers.map((w) => drain(w.tick, leavesDone)));
    expect(await leavesDone()).toBe(true);
    expect((await database.pool.query(`select status, count(*)::int n from jobs where id = any($1::uuid[]) group by status`, [parents])).rows).toEqual([{ status: 'completed', n: 6 }]);
  });

  it('runs due jobs of one target as batches of at most maxBatch, each job settling on its own', async () => {
    const target = newId();
    await database.tx(async (tx) => {
      for (let i = 0; i < 120; i++) await enqueueJob(tx, { workspaceId: null, task: 'batched', trigger: 'system', actor, target: { hubId: target }, payload: { i }, maxAttempts: 2 }, new Date());
      await enqueueJob(tx, { workspaceId: null, task: 'batched', trigger: 'system', actor, target: { hubId: newId() }, payload: { i: 999 } }, new Date());
    });
    const sizes: number[] = [];
    const hubsPerBatch: number[] = [];
    let failedOnce = false;
    const handlers = {
      batched: {
        batchBy: 'hubId',
        maxBatch: 50,
        async run({ jobs }: { jobs: { id: string; payload: Record<string, unknown>; target: Record<string, string> }[] }) {
          sizes.push(jobs.length);
          hubsPerBatch.push(new Set(jobs.map((j) => j.target.hubId)).size);
          // One person's call is refused for good; another's fails transiently once and then succeeds.
          return new Map<string, BatchOutcome>(jobs.map((j): [string, BatchOutcome] => {
            const i = Number(j.payload.i);
            if (i === 7) return [j.id, { error: new JobError('InviteRejected', 'refused') }];
            if (i === 8 && !failedOnce) {
              failedOnce = true;
              return [j.id, { error: new JobError('RateLimited', 'slow down', { transient: true }) }];
            }
            return [j.id, { result: { i } }];
          }));
        },
      },
    };
    const w = createWorker({ database, handlers, clock: systemClock, log: silent, pollMs: 5, workerId: 'batcher', concurrency: 4, retryBaseMs: 1 });
    const settled = async (): Promise<boolean> => (await database.pool.query(`select count(*)::int n from jobs where task = 'batched' and status not in ('completed', 'not_completed')`)).rows[0].n === 0;
    await drain(w.tick, settled);
    expect(await settled()).toBe(true);
    expect(Math.max(...sizes)).toBe(50);
    // 120 jobs of one hub need at least three calls; the other hub's job never rides along.
    expect(sizes.filter((n) => n === 50).length).toBeGreaterThanOrEqual(2);
    expect(hubsPerBatch.every((n) => n === 1)).toBe(true);
    const byStatus = (await database.pool.query(`select status, count(*)::int n from jobs where task = 'batched' group by status order by status`)).rows;
    expect(byStatus).toEqual([{ status: 'completed', n: 120 }, { status: 'not_completed', n: 1 }]);
    const refused = (await database.pool.query(`select payload->>'i' i, error->>'code' code from jobs where task = 'batched' and status = 'not_completed'`)).rows;
    expect(refused).toEqual([{ i: '7', code: 'InviteRejected' }]);
  });
});
