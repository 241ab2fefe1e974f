import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryClient, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { apiRequest, apiUrl } from './client.ts';
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

export type InboxStreamStatus = 'connecting' | 'live' | 'reconnecting';

type Listener = (message: InboxMessage) => void;

/**
 * One EventSource on `/inbox/stream` for everything on screen that shows messages, open while at
 * least one of them is mounted. Each `message` event goes into the inbox caches and to listeners
 * (e.g. the dialog that times the code). After a gap the lists are refetched, so nothing is lost.
 */
class InboxStream {
  private source: EventSource | null = null;
  private users = 0;
  private client: QueryClient | null = null;
  private status: InboxStreamStatus = 'connecting';
  private statusListeners = new Set<() => void>();
  private messageListeners = new Set<Listener>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private hadGap = false;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getStatus = (): InboxStreamStatus => this.status;

  onMessage(listener: Listener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  acquire(client: QueryClient): void {
    this.client = client;
    this.users += 1;
    clearTimeout(this.closeTimer);
    if (!this.source && this.retryTimer === undefined) this.open();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    // Moving between two pages that both show messages keeps the same connection.
    this.closeTimer = setTimeout(() => this.shutdown(), 3000);
  }

  private setStatus(status: InboxStreamStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private open(): void {
    this.retryTimer = undefined;
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(apiUrl('/inbox/stream'), { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setStatus('live');
      if (this.hadGap) void this.client?.invalidateQueries({ queryKey: queryKeys.inbox.all });
      this.hadGap = false;
    });
    source.addEventListener('message', (event) => this.onEvent(event));
    source.addEventListener('error', () => {
      this.hadGap = true;
      this.setStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return; // The browser reconnects by itself.
      source.close();
      this.source = null;
      this.failures += 1;
      this.retryTimer = setTimeout(() => this.open(), Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5)));
    });
  }

  private shutdown(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.source?.close();
    this.source = null;
    this.hadGap = true;
    this.setStatus('connecting');
  }

  private onEvent(event: MessageEvent<string>): void {
    let message: InboxMessage;
    try {
      message = JSON.parse(event.data) as InboxMessage;
    } catch {
      return;
    }
    if (this.client) insertMessage(this.client, message);
    for (const listener of this.messageListeners) listener(message);
  }
}

const stream = new InboxStream();

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
    const off = stream.onMessage((message) => handler.current?.(message));
    return () => {
      off();
      stream.release();
    };
  }, [queryClient]);
  return useSyncExternalStore(stream.subscribeStatus, stream.getStatus, stream.getStatus);
}
