import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryClient, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { apiRequest } from './client.ts';
import { SharedEventStream, type StreamStatus } from './shared-event-stream.ts';
import { queryKeys } from './query-keys.ts';
import type { Page } from './types.ts';

/** A message received by a managed phone number or e-mail address (spec §3.15). */
export interface InboxMessage {
  id: string;
  accountId: string;
  channel: 'sms' | 'email';
  provider: string;
  from: string;
  to: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  /** The extracted verification code while it is visible (`codeVisibilityMinutes`), else null. */
  code: string | null;
  codeExpiresAt: string | null;
  receivedAt: string;
}

type InboxPages = InfiniteData<Page<InboxMessage>, string | null>;

const PAGE_SIZE = 50;

/**
 * The Shared Inbox, newest first; `accountId` narrows it to one account (its Inbox tab, the
 * "Create <app name> account" dialog, the log-in panel). Each read is audited on the server, so
 * nothing polls: new messages arrive through {@link useInboxStream}, which writes them into these
 * caches.
 */
export function useInboxMessages(accountId: string | null, enabled = true): UseInfiniteQueryResult<InboxPages, Error> {
  return useInfiniteQuery({
    queryKey: queryKeys.inbox.list(accountId),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<InboxMessage>>('GET', '/inbox/messages', { query: { accountId: accountId ?? undefined, limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.page.nextCursor,
    enabled,
    staleTime: Infinity,
    gcTime: 60_000,
  });
}

export function flattenMessages(data: InboxPages | undefined): InboxMessage[] {
  return data?.pages.flatMap((page) => page.data) ?? [];
}

/** Puts a streamed message at the top of every cached list it belongs to (once). */
function insertMessage(client: QueryClient, message: InboxMessage): void {
  for (const key of [queryKeys.inbox.list(null), queryKeys.inbox.list(message.accountId)]) {
    client.setQueryData<InboxPages>(key, (data) => {
      if (!data) return data;
      if (data.pages.some((page) => page.data.some((m) => m.id === message.id))) return data;
      const [first, ...rest] = data.pages;
      const merged = [message, ...(first?.data ?? [])].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
      return { ...data, pages: [{ data: merged, page: first?.page ?? { nextCursor: null } }, ...rest] };
    });
  }
}

export type InboxStreamStatus = StreamStatus;

type Listener = (message: InboxMessage) => void;
const messageListeners = new Set<Listener>();

/**
 * One stream on `/inbox/stream` for everything on screen that shows messages. Each message goes
 * into the inbox caches and to listeners (e.g. the dialog that times the code). After a gap the
 * lists are refetched, so nothing is lost.
 */
const stream = new SharedEventStream<InboxMessage>({
  path: '/inbox/stream',
  event: 'message',
  onData(client, message) {
    insertMessage(client, message);
    for (const listener of messageListeners) listener(message);
  },
  onResumed: (client) => void client.invalidateQueries({ queryKey: queryKeys.inbox.all }),
});

/**
 * Keeps the live inbox stream open while the calling component is mounted and returns its status.
 * `onMessage` hears every message the viewer may see, as it arrives.
 */
export function useInboxStream(onMessage?: Listener): InboxStreamStatus {
  const queryClient = useQueryClient();
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    stream.acquire(queryClient);
    const listener: Listener = (message) => handler.current?.(message);
    messageListeners.add(listener);
    const off = (): void => void messageListeners.delete(listener);
    return () => {
      off();
      stream.release();
    };
  }, [queryClient]);
  return useSyncExternalStore(stream.subscribe, stream.getStatus, stream.getStatus);
}
