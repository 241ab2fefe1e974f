import { Alert, Divider, Group, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { OutboxMessage } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { LinkifiedText } from '../../components/linkified-text.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** One outgoing email, as plain text with clickable links (the HTML body is never rendered). */
export function OutboxMessageModal({ message, onClose }: { message: OutboxMessage; onClose: () => void }): ReactElement {
  return (
    <AppModal opened onClose={onClose} title={message.subject || '(no subject)'} size="lg">
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            To
          </Text>
          <Text size="sm" fw={500}>
            {message.to}
          </Text>
          <StatusBadge status={message.status} />
          <Text size="sm" c="dimmed" ml="auto">
            {formatDateTime(message.createdAt)}
          </Text>
        </Group>
        {message.error && (
          <Alert color="red" variant="light" title="Delivery failed">
            {message.error}
          </Alert>
        )}
        <Divider />
        <LinkifiedText text={message.text || '(This email has no text body.)'} />
      </Stack>
    </AppModal>
  );
}
