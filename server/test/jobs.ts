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
    const pending = await t.database.pool.query<{ n: number }>(`select count(*)::int n from jobs where status in ('queued','retrying','running') and task <> 'send_email' and run_at <= now() + interval '2 seconds'`);
    if (pending.rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('jobs did not drain');
}
