import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';

/**
 * Durable jobs (stack §5, spec §3.17): enqueued in the same transaction as the change,
 * claimed with FOR UPDATE SKIP LOCKED under a lease, retried with backoff.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    workspaceId: uuid('workspace_id'),
    parentId: uuid('parent_id'),
    rootId: uuid('root_id'),
    task: text('task').notNull(),
    status: text('status').notNull(),
    trigger: text('trigger').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    target: jsonb('target').$type<Record<string, string>>().notNull().default({}),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<Record<string, unknown>>(),
    idempotencyKey: text('idempotency_key'),
    attempt: integer('attempt').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    canRetry: boolean('can_retry').notNull().default(false),
    runAt: ts('run_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    lockedBy: text('locked_by'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('jobs_idempotency_key').on(t.idempotencyKey),
    index('jobs_claim_idx').on(t.runAt).where(sql`status in ('queued', 'retrying')`),
    index('jobs_lease_idx').on(t.leaseUntil).where(sql`status = 'running'`),
    index('jobs_workspace_idx').on(t.workspaceId, t.createdAt),
    index('jobs_parent_idx').on(t.parentId),
  ],
);
