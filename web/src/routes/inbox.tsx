import { Anchor, Group, NativeSelect, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo, useState, type ReactElement } from 'react';
import { useAccounts } from '../api/accounts.ts';
import { flattenMessages, useInboxMessages, useInboxStream } from '../api/inbox.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { InboxMessageItem } from '../features/inbox/inbox-message-item.tsx';
import { InboxLiveBadge } from '../features/inbox/live-indicator.tsx';

const ALL = '';

/**
 * The Shared Inbox (spec §3.15, §10.6): every SMS and email received by the managed numbers and
 * addresses of accounts you are an Owner or Collaborator of, newest first, live.
 */
export function InboxPage(): ReactElement {
  const [accountId, setAccountId] = useState(ALL);
  const status = useInboxStream();
  const messages = useInboxMessages(accountId || null);
  const accounts = useAccounts({});
  const labels = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, a.label])), [accounts.data]);
  const list = flattenMessages(messages.data);
  const options = [{ value: ALL, label: 'All accounts' }, ...(accounts.data ?? []).map((a) => ({ value: a.id, label: a.label }))];

  return (
    <>
      <PageHeader
        title="Shared inbox"
        description="SMS and email received by your workspace’s managed phone numbers and addresses, visible to the people who share the account. Verification codes are highlighted, ready to copy."
        actions={<InboxLiveBadge status={status} />}
      />
      <Stack gap="md" maw={860}>
        <Group align="flex-end">
          <NativeSelect label="Account" data={options} value={accountId} onChange={(event) => setAccountId(event.currentTarget.value)} w={320} />
        </Group>
        {messages.isError && <ProblemAlert error={messages.error} title="Couldn’t load the inbox" />}
        {messages.isPending && (
          <Stack aria-busy="true" aria-label="Loading messages">
            {[0, 1, 2].map((i) => (
              <Paper key={i} withBorder radius="md" p="md">
                <Skeleton height={12} width="40%" mb="sm" />
                <Skeleton height={28} width={160} mb="sm" />
                <Skeleton height={10} width="70%" />
              </Paper>
            ))}
          </Stack>
        )}
        {messages.isSuccess && list.length === 0 && <EmptyInbox filtered={accountId !== ALL} onClear={() => setAccountId(ALL)} />}
        <Stack gap="sm" aria-label="Messages" component="section" aria-live="polite">
          {list.map((message) => (
            <InboxMessageItem
              key={message.id}
              message={message}
              account={
                <Anchor size="sm" renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId: message.accountId }} {...props} />}>
                  {labels.get(message.accountId) ?? 'Account being connected'}
                </Anchor>
              }
            />
          ))}
        </Stack>
        <LoadMore hasMore={messages.hasNextPage} loading={messages.isFetchingNextPage} onLoadMore={() => void messages.fetchNextPage()} />
      </Stack>
    </>
  );
}

function EmptyInbox({ filtered, onClear }: { filtered: boolean; onClear: () => void }): ReactElement {
  if (filtered) {
    return (
      <EmptyState title="No messages for this account" action={{ label: 'Show all accounts', onClick: onClear }}>
        Nothing has arrived at this account’s managed number or address yet. New messages appear here as they arrive.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No messages yet">
      <Text>
        When an app texts a code to a Latchkey-managed phone number, or emails a Latchkey-managed address, the message lands here —
        with the code highlighted and a copy button — for everyone who shares the account. Nobody forwards codes from a personal phone.
      </Text>
      <Text mt="xs">
        Accounts get a managed number when you connect them with a Latchkey-managed identity (“Connect your account” on a hub’s card).
        This page updates by itself; there is no need to reload.
      </Text>
    </EmptyState>
  );
}
