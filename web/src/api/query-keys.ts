import type { ActivityFilters, MemberFilters } from './types.ts';

/**
 * One place for every query key, so invalidation hits exactly what a write changed.
 * Keys nest: invalidating `members.all` refreshes every member list.
 */
export const queryKeys = {
  setup: ['setup'] as const,
  session: ['session'] as const,
  workspace: ['workspace'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  members: {
    all: ['members'] as const,
    list: (filters: MemberFilters) => ['members', 'list', filters] as const,
    options: ['members', 'options'] as const,
  },
  teams: {
    all: ['teams'] as const,
    list: ['teams', 'list'] as const,
    detail: (teamId: string) => ['teams', 'detail', teamId] as const,
  },
  activity: {
    all: ['activity'] as const,
    list: (filters: ActivityFilters) => ['activity', 'list', filters] as const,
  },
  outbox: {
    all: ['outbox'] as const,
    list: ['outbox', 'list'] as const,
  },
};
