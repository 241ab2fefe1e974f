import { useInfiniteQuery, type InfiniteData, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { OutboxMessage, Page } from './types.ts';

export function useOutbox(enabled: boolean): UseInfiniteQueryResult<InfiniteData<Page<OutboxMessage>>, Error> {
  return useInfiniteQuery({
    queryKey: queryKeys.outbox.list,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<OutboxMessage>>('GET', '/outbox', { query: { limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.page?.nextCursor ?? undefined,
    enabled,
  });
}
