import { bigint, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts, workspaceId } from './columns.ts';

/** Append-only, hash-chained audit trail (spec §3.18, §10.9). No UPDATE or DELETE is ever issued. */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: uuid('id').notNull(),
    workspaceId: workspaceId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    type: text('type').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    targetType: text('target_type'),
    targetId: uuid('target_id'),
    targetLabel: text('target_label'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    index('activity_events_id_idx').on(t.id),
    index('activity_events_type_idx').on(t.workspaceId, t.type),
    index('activity_events_actor_idx').on(t.workspaceId, t.actorId),
  ],
);

/** The chain head per workspace; locking it serialises appends so `seq` stays gap-free. */
export const activityHeads = pgTable('activity_heads', {
  workspaceId: uuid('workspace_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
