import { useInfiniteQuery, type InfiniteData, type QueryKey, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { apiRequest, type QueryValue } from './client.ts';
import type { Page } from './types.ts';

const PAGE_SIZE = 50;

export interface CursorPagesOptions {
  queryKey: QueryKey;
  /** An API list route that pages with `limit` and `cursor` and answers `{ data, page: { nextCursor } }`. */
  path: string;
  query?: Record<string, QueryValue>;
  enabled?: boolean;
  /** Keep showing the previous list while new filters load, instead of a skeleton. */
  keepPrevious?: boolean;
}

/** A cursor-paged list, 50 per page, newest first as the server orders it; `fetchNextPage` loads more. */
export function useCursorPages<T>(opts: CursorPagesOptions): UseInfiniteQueryResult<InfiniteData<Page<T>>, Error> {
  return useInfiniteQuery({
    queryKey: opts.queryKey,
    queryFn: ({ pageParam, signal }) => apiRequest<Page<T>>('GET', opts.path, { query: { ...opts.query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.page?.nextCursor ?? undefined,
    ...(opts.keepPrevious ? { placeholderData: (previous: InfiniteData<Page<T>, string | undefined> | undefined) => previous } : {}),
    enabled: opts.enabled ?? true,
  });
}
