import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database, Executor } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { retryDelayMs } from './backoff.ts';
import { claimBatchSiblings, claimJobs, extendLease, finishJob, reclaimExpiredLeases, rollUpParent } from './repo.ts';
import { JobError, toJobError, type BatchJobHandler, type BatchOutcome, type JobRow, type TaskHandler } from './types.ts';

export interface WorkerOptions {
  database: Database;
  /** Functions run one job; `BatchJobHandler`s run the due jobs of one target together. */
  handlers: Record<string, TaskHandler>;
  clock: Clock;
  log: Logger;
  pollMs: number;
  concurrency?: number;
  leaseMs?: number;
  retryBaseMs?: number;
  workerId?: string;
  /** Called inside the transaction of each state change, e.g. to write its activity event. */
  hooks?: WorkerHooks;
}

export interface WorkerHooks {
  onClaimed?(tx: Executor, jobs: JobRow[]): Promise<void>;
  onFinished?(tx: Executor, job: JobRow, status: 'completed' | 'retrying' | 'not_completed', error: Record<string, unknown> | null): Promise<void>;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /** Stops claiming and waits for in-flight jobs; jobs still running after `graceMs` keep their lease and are reclaimed later. */
  stop(graceMs?: number): Promise<void>;
  /** Claims and runs whatever is due now; returns how many jobs ran. Used by tests and by start(). */
  tick(): Promise<number>;
}

/**
 * Polls the jobs table and runs handlers. Any number of workers, in any number of processes,
 * can share one database: claims use SKIP LOCKED and completions check the lease holder.
 */
export function createWorker(opts: WorkerOptions): Worker {
  const id = opts.workerId ?? `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const concurrency = opts.concurrency ?? 4;
  const tasks = Object.keys(opts.handlers);
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const log = opts.log.child({ worker: id });

  /**
   * Records the outcome only if this worker still holds the job, with the parent roll-up and its hook
   * in the same transaction. Lock order matters: like a claim (and a retry or cancel from the API),
   * this locks the parent row before the hook appends to the activity chain (its head row). Taken the
   * other way round, a finish and another worker's claim under one parent deadlock.
   */
  async function finish(job: JobRow, patch: Parameters<typeof finishJob>[3], status: 'completed' | 'retrying' | 'not_completed'): Promise<void> {
    await opts.database.tx(async (tx) => {
      if (!(await finishJob(tx, job.id, id, patch))) return;
      await rollUpParent(tx, job.parentId);
      await opts.hooks?.onFinished?.(tx, job, status, (patch.error as Record<string, unknown> | null | undefined) ?? null);
    });
  }

  /**
   * Records one job's outcome: completed, retried with backoff while transient and attempts remain,
   * else not completed. `retryAt` picks one retry time per failure, so jobs that failed together
   * (a refused batch call) come due together and are retried as one batch again.
   */
  async function settle(job: JobRow, outcome: BatchOutcome, retryAt: (err: JobError, job: JobRow) => Date): Promise<void> {
    const jobLog = log.child({ jobId: job.id, task: job.task, attempt: job.attempt });
    if ('result' in outcome) {
      await finish(job, { status: 'completed', result: outcome.result, error: null, finishedAt: opts.clock.now() }, 'completed');
      jobLog.debug('job completed');
      return;
    }
    const err = outcome.error;
    const error = { code: err.code, message: err.message, userAction: err.opts.userAction ?? null };
    if (err.opts.transient && job.attempt < job.maxAttempts) {
      const runAt = retryAt(err, job);
      await finish(job, { status: 'retrying', error, runAt }, 'retrying');
      jobLog.warn({ code: err.code, runAt }, 'job will retry');
    } else {
      await finish(job, { status: 'not_completed', error, canRetry: err.opts.canRetry ?? true, finishedAt: opts.clock.now() }, 'not_completed');
      jobLog.warn({ code: err.code }, 'job not completed');
    }
  }

  /** Runs one job, or one batch of jobs sharing a target, keeping every lease alive meanwhile. */
  async function run(batch: JobRow[]): Promise<void> {
    const handler = opts.handlers[batch[0]!.task];
    const heartbeat = setInterval(() => { for (const job of batch) void extendLease(opts.database.db, job.id, id, leaseMs).catch(() => {}); }, Math.max(1000, leaseMs / 3));
    try {
      let outcomes: Map<string, BatchOutcome>;
      try {
        if (!handler) throw new JobError('internal', `no handler for task ${batch[0]!.task}`);
        if (typeof handler === 'function') outcomes = new Map([[batch[0]!.id, { result: (await handler({ job: batch[0]!, signal: abort.signal })) ?? {} }]]);
        else outcomes = await handler.run({ jobs: batch, signal: abort.signal });
      } catch (e) {
        const error = toJobError(e);
        outcomes = new Map(batch.map((j) => [j.id, { error }]));
      }
      const at = opts.clock.now().getTime();
      const chosen = new Map<string, Date>();
      const retryAt = (err: JobError, job: JobRow): Date => {
        const key = `${err.code}:${job.attempt}`;
        if (!chosen.has(key)) chosen.set(key, new Date(at + retryDelayMs(job.attempt, { baseMs: opts.retryBaseMs ?? 1000, ...(err.opts.retryAfterMs !== undefined ? { retryAfterMs: err.opts.retryAfterMs } : {}) })));
        return chosen.get(key)!;
      };
      for (const job of batch) await settle(job, outcomes.get(job.id) ?? { error: new JobError('internal', 'The batch handler reported nothing for this job.', { transient: true }) }, retryAt);
    } finally {
      clearInterval(heartbeat);
    }
  }

  const onClaimed = async (tx: Executor, jobs: JobRow[]): Promise<void> => {
    // Each parent once, in id order, so two claims never lock the same parents in opposite orders.
    for (const parentId of [...new Set(jobs.map((j) => j.parentId).filter((p): p is string => p !== null))].sort()) await rollUpParent(tx, parentId);
    await opts.hooks?.onClaimed?.(tx, jobs);
  };

  /** Groups claimed jobs of batch tasks by target and tops each group up with other due jobs of that target. */
  async function batches(claimed: JobRow[]): Promise<JobRow[][]> {
    const out: JobRow[][] = [];
    const groups = new Map<string, JobRow[]>();
    for (const job of claimed) {
      const h = opts.handlers[job.task];
      const key = h && typeof h !== 'function' ? job.target[h.batchBy] : undefined;
      if (key === undefined) out.push([job]);
      else groups.set(`${job.task}\u0000${key}`, [...(groups.get(`${job.task}\u0000${key}`) ?? []), job]);
    }
    for (const group of groups.values()) {
      const h = opts.handlers[group[0]!.task] as BatchJobHandler;
      const key = group[0]!.target[h.batchBy]!;
      const more = await claimBatchSiblings(opts.database.db, id, h.maxBatch - group.length, leaseMs, group[0]!.task, h.batchBy, key, onClaimed);
      const all = [...group, ...more];
      for (let i = 0; i < all.length; i += h.maxBatch) out.push(all.slice(i, i + h.maxBatch));
    }
    return out;
  }

  async function tick(): Promise<number> {
    await reclaimExpiredLeases(opts.database.db);
    const free = concurrency - inFlight.size;
    if (free <= 0 || tasks.length === 0) return 0;
    const claimed = await claimJobs(opts.database.db, id, free, leaseMs, tasks, onClaimed);
    const groups = await batches(claimed);
    const runs = groups.map((batch) => {
      const p = run(batch).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    });
    await Promise.all(runs);
    return groups.reduce((n, g) => n + g.length, 0);
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      tick()
        .then((n) => {
          // Drain without waiting when there was work.
          if (n > 0 && running) return schedule0();
          schedule();
        })
        .catch((e: unknown) => {
          log.error({ err: e }, 'worker tick failed');
          schedule();
        });
    }, opts.pollMs);
  }
  function schedule0(): void {
    timer = setTimeout(() => { void tick().then((n) => (n > 0 && running ? schedule0() : schedule())).catch(() => schedule()); }, 0);
  }

  return {
    id,
    tick,
    start() {
      if (running) return;
      running = true;
      schedule0();
    },
    async stop(graceMs = 10_000) {
      running = false;
      if (timer) clearTimeout(timer);
      const all = Promise.all([...inFlight]);
      await Promise.race([all, new Promise((r) => setTimeout(r, graceMs))]);
      abort.abort();
    },
  };
}
