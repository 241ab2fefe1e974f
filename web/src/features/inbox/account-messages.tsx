import { Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { flattenMessages, useInboxMessages, useInboxStream, type InboxMessage } from '../../api/inbox.ts';
import { LoadMore } from '../../components/load-more.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { InboxMessageItem } from './inbox-message-item.tsx';
import { InboxLiveBadge } from './live-indicator.tsx';

export interface AccountMessagesProps {
  accountId: string;
  /** Shown while no message has arrived yet. */
  empty: ReactNode;
  /** At most this many (the dialog shows the latest few); all pages with "Load more" when unset. */
  limit?: number;
  compact?: boolean;
  /** Hears each new message for this account as it arrives. */
  onMessage?: (message: InboxMessage) => void;
  title?: ReactNode;
}

/**
 * The messages received for one account, newest first, live: the account's Inbox tab, the
 * "Create <app name> account" dialog and the log-in panel (spec §10.6).
 */
export function AccountMessages({ accountId, empty, limit, compact = false, onMessage, title }: AccountMessagesProps): ReactElement {
  const status = useInboxStream(onMessage ? (message) => message.accountId === accountId && onMessage(message) : undefined);
  const query = useInboxMessages(accountId);
  const all = flattenMessages(query.data);
  const messages = limit ? all.slice(0, limit) : all;
  return (
    <Stack gap="xs" aria-live="polite" aria-label="Messages" component="section">
      <Group justify="space-between" gap="xs">
        {title ?? <span />}
        <InboxLiveBadge status={status} />
      </Group>
      {query.isError && <ProblemAlert error={query.error} title="Couldn’t load messages" />}
      {query.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Loading messages…
          </Text>
        </Group>
      )}
      {query.isSuccess && messages.length === 0 && (
        <Text size="sm" c="dimmed" component="div">
          {empty}
        </Text>
      )}
      {messages.map((message) => (
        <InboxMessageItem key={message.id} message={message} compact={compact} />
      ))}
      {!limit && <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoadMore={() => void query.fetchNextPage()} />}
    </Stack>
  );
}
