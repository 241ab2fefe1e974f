import type { JobFilters, UsersTab } from './hub-types.ts';

/**
 * Query keys for business hubs and automation, nested like `queryKeys` in query-keys.ts:
 * invalidating `hubKeys.detailAll(id)` refreshes the hub, its people, roles and assets at once,
 * which is what a job event for that hub needs.
 */
export const hubKeys = {
  all: ['hubs'] as const,
  apps: ['hubs', 'apps'] as const,
  list: ['hubs', 'list'] as const,
  detailAll: (hubId: string) => ['hubs', 'detail', hubId] as const,
  detail: (hubId: string) => ['hubs', 'detail', hubId, 'hub'] as const,
  members: (hubId: string, tab: UsersTab) => ['hubs', 'detail', hubId, 'members', tab] as const,
  appRoles: (hubId: string) => ['hubs', 'detail', hubId, 'app-roles'] as const,
  assets: (hubId: string) => ['hubs', 'detail', hubId, 'assets'] as const,
  /**
   * Teams holding the hub, found through "Remove team" dry runs (see shares.ts). Outside
   * `detailAll` on purpose: job events refresh the hub often, and this costs one request per team.
   */
  teamGrants: (hubId: string) => ['hubs', 'team-grants', hubId] as const,
};

export const jobKeys = {
  all: ['jobs'] as const,
  lists: ['jobs', 'list'] as const,
  list: (filters: JobFilters) => ['jobs', 'list', filters] as const,
  detail: (jobId: string) => ['jobs', 'detail', jobId] as const,
};
