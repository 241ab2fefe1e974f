import pino from 'pino';
import { jobAuditHooks, jobHandlers } from '../src/app/services.ts';
import { createWorker } from '../src/jobs/worker.ts';
import { systemClock } from '../src/lib/clock.ts';
import type { TestApp } from './app.ts';

/** Runs every due job (and the jobs they enqueue) until the queue is quiet. */
export async function drainJobs(t: TestApp, maxRounds = 200): Promise<void> {
  const worker = createWorker({ database: t.database, handlers: jobHandlers(t.services), hooks: jobAuditHooks(t.services), clock: systemClock, log: pino({ level: 'silent' }), pollMs: 5, retryBaseMs: 1 });
  for (let i = 0; i < maxRounds; i++) {
    if ((await worker.tick()) > 0) continue;
    // Parents only roll up their children, so they are not work of their own: a parent stays "running" while a child waits out a long retry.
    const pending = await t.database.pool.query<{ n: number }>(
      `select count(*)::int n from jobs j where status in ('queued','retrying','running') and task <> 'send_email' and run_at <= now() + interval '2 seconds' and not exists (select 1 from jobs c where c.parent_id = j.id)`,
    );
    if (pending.rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('jobs did not drain');
}
