import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea, createdAt, ts, workspaceId } from './columns.ts';

/** Per-workspace data keys, wrapped by the master key (envelope encryption). */
export const workspaceKeys = pgTable(
  'workspace_keys',
  {
    workspaceId: workspaceId(),
    version: integer('version').notNull(),
    wrappedKey: bytea('wrapped_key').notNull(),
    kekId: text('kek_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.version] })],
);

/** One row: proves at start-up that the configured master key is the one this database was sealed with. */
export const instanceKeys = pgTable('instance_keys', {
  id: integer('id').primaryKey(),
  kekId: text('kek_id').notNull(),
  keyCheck: bytea('key_check').notNull(),
  createdAt: createdAt(),
  rotatedAt: ts('rotated_at'),
});
