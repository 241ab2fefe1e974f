import {
  useMutation,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
} from '@tanstack/react-query';
import { apiRequest, apiUrl } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { ActivityEvent, ActivityFilters, ChainVerification, Page } from './types.ts';
import { useCursorPages } from './cursor-pages.ts';


function filterQuery(filters: ActivityFilters): Record<string, string | undefined> {
  return { type: filters.type, actorId: filters.actorId, from: filters.from, to: filters.to, q: filters.q };
}

export function useActivity(filters: ActivityFilters): UseInfiniteQueryResult<InfiniteData<Page<ActivityEvent>>, Error> {
  return useCursorPages<ActivityEvent>({ queryKey: queryKeys.activity.list(filters), path: '/activity', query: filterQuery(filters), keepPrevious: true });
}

/** Same-origin download link for the CSV export with the filters on screen. */
export function activityExportUrl(filters: ActivityFilters): string {
  return apiUrl('/activity/export.csv', filterQuery(filters));
}

/** Walks the hash chain on demand; a mutation because it is an explicit, costly check. */
export function useVerifyChain(): UseMutationResult<ChainVerification, Error, void> {
  return useMutation({
    mutationFn: () => apiRequest<ChainVerification>('GET', '/activity/verify'),
  });
}
