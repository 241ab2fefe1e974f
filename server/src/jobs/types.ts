import type { jobs } from '../db/schema/index.ts';

export type JobRow = typeof jobs.$inferSelect;

export type JobStatus = 'queued' | 'started' | 'running' | 'retrying' | 'completed' | 'not_completed' | 'cancelled';

export interface NewJob {
  workspaceId: string | null;
  task: string;
  trigger: string;
  actor: { kind: 'member' | 'system' | 'api_key'; id: string | null };
  target?: Record<string, string>;
  payload?: Record<string, unknown>;
  /** One intent, one key: a second enqueue with the same key is a no-op. */
  idempotencyKey?: string;
  parentId?: string;
  rootId?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * A failure a handler reports on purpose. `transient` failures are retried with backoff
 * (honouring `retryAfterMs`); the others end the job as not completed with `code`.
 */
export class JobError extends Error {
  override name = 'JobError';
  constructor(
    readonly code: string,
    message: string,
    readonly opts: { transient?: boolean; retryAfterMs?: number; userAction?: string; canRetry?: boolean } = {},
  ) {
    super(message);
  }
}

export interface JobContext {
  job: JobRow;
  signal: AbortSignal;
}

export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

/** Any failure as a `JobError`: unknown errors count as a transient outage of the app, retried later. */
export function toJobError(e: unknown): JobError {
  return e instanceof JobError ? e : new JobError('ConnectorUnavailable', e instanceof Error ? e.message : String(e), { transient: true, userAction: 'retry_later' });
}

/** What one job of a batch came to: its result, or the failure to record for it alone. */
export type BatchOutcome = { result: Record<string, unknown> } | { error: JobError };

/**
 * A task whose due jobs for the same target (e.g. one hub) run together, so a 50-person share makes
 * one invite call instead of 50. Each job still finishes, retries or fails on its own.
 */
export interface BatchJobHandler {
  /** The `target` field that groups jobs, e.g. `hubId`. */
  batchBy: string;
  maxBatch: number;
  /** Returns an outcome per job id; a throw applies to every job of the batch. */
  run(ctx: { jobs: JobRow[]; signal: AbortSignal }): Promise<Map<string, BatchOutcome>>;
}

export type TaskHandler = JobHandler | BatchJobHandler;
