import { Anchor, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { useOutbox } from '../../api/outbox.ts';
import type { OutboxMessage } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TableSkeleton } from '../../components/table-skeleton.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { OutboxMessageModal } from './outbox-message-modal.tsx';

export function OutboxList(): ReactElement {
  const outbox = useOutbox(true);
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const messages = outbox.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          Email outbox
        </Title>
        <Text size="sm" c="dimmed">
          When no SMTP server is configured (LATCHKEY_SMTP_URL), Latchkey keeps every outgoing email here so nothing is
          lost. Open an invitation or reset email to copy its link and pass it on yourself.
        </Text>
        {outbox.isError && <ProblemAlert error={outbox.error} title="Couldn’t load the outbox" />}
        {outbox.isPending && <TableSkeleton rows={4} />}
        {outbox.isSuccess && messages.length === 0 && (
          <EmptyState title="No emails yet">
            Invitations and password-reset emails appear here as soon as Latchkey sends them.
          </EmptyState>
        )}
        {messages.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {messages.map((message) => (
                  <Table.Tr key={message.id}>
                    <Table.Td>
                      <Anchor component="button" type="button" size="sm" onClick={() => setOpen(message)} ta="left">
                        {message.subject || '(no subject)'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{message.to}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={message.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(message.createdAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore hasMore={outbox.hasNextPage} loading={outbox.isFetchingNextPage} onLoadMore={() => void outbox.fetchNextPage()} />
      </Stack>
      {open && <OutboxMessageModal message={open} onClose={() => setOpen(null)} />}
    </Paper>
  );
}
