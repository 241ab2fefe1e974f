import {
  useInfiniteQuery,
  useMutation,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
} from '@tanstack/react-query';
import { apiRequest, apiUrl } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { ActivityEvent, ActivityFilters, ChainVerification, Page } from './types.ts';

const PAGE_SIZE = 50;

function filterQuery(filters: ActivityFilters): Record<string, string | undefined> {
  return { type: filters.type, actorId: filters.actorId, from: filters.from, to: filters.to, q: filters.q };
}

export function useActivity(filters: ActivityFilters): UseInfiniteQueryResult<InfiniteData<Page<ActivityEvent>>, Error> {
  return useInfiniteQuery({
    queryKey: queryKeys.activity.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<ActivityEvent>>('GET', '/activity', {
        query: { ...filterQuery(filters), limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.page.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
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
