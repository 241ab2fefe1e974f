import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { queryKeys } from './query-keys.ts';
import type { OutboxMessage, Page } from './types.ts';
import { useCursorPages } from './cursor-pages.ts';

export function useOutbox(enabled: boolean): UseInfiniteQueryResult<InfiniteData<Page<OutboxMessage>>, Error> {
  return useCursorPages<OutboxMessage>({ queryKey: queryKeys.outbox.list, path: '/outbox', enabled });
}
