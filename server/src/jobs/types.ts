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
