import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, workspaceId } from './columns.ts';
import { members } from './members.ts';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    nameNormalized: text('name_normalized').notNull(),
    kind: text('kind').notNull().default('self_managed'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('teams_workspace_name_key').on(t.workspaceId, t.nameNormalized)],
);

export const teamMemberships = pgTable(
  'team_memberships',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    teamRole: text('team_role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.memberId] }), index('team_memberships_member_idx').on(t.memberId)],
);
