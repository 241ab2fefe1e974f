import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';
import { hubs } from './hubs.ts';

/** A folder of hubs (and later accounts and assets) shared as a unit (spec §3.7). */
export const collections = pgTable(
  'collections',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('collections_workspace_idx').on(t.workspaceId)],
);

/** A hub in a collection, with the app roles and assets future grantees receive, fixed when added. */
export const collectionHubs = pgTable(
  'collection_hubs',
  {
    workspaceId: workspaceId(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    hubAccess: jsonb('hub_access').$type<{ appRoleKeys: string[]; assetGrants: { assetId: string; access: 'full' | 'partial'; permissions: string[] }[] }>().notNull(),
    createdAt: createdAt(),
  },
  // Invariant 4: a hub sits in at most one collection.
  (t) => [uniqueIndex('collection_hubs_hub_key').on(t.hubId), index('collection_hubs_collection_idx').on(t.collectionId)],
);

/** A member's claim on a hub reached through a collection (spec §3.6, §5.8). */
export const claims = pgTable(
  'claims',
  {
    workspaceId: workspaceId(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').notNull(),
    state: text('state').notNull(),
    claimedAt: ts('claimed_at'),
    skippedAt: ts('skipped_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('claims_hub_member_key').on(t.hubId, t.memberId)],
);
