import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import type { InboxMessage } from '../../api/inbox.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { InboxCode } from './inbox-code.tsx';

/** One received SMS or e-mail: who sent it, when, the text, and the code when Latchkey found one. */
export function InboxMessageItem({ message, account, compact = false }: { message: InboxMessage; account?: ReactNode; compact?: boolean }): ReactElement {
  return (
    <Paper withBorder radius="md" p={compact ? 'sm' : 'md'} component="article" aria-label={`${message.channel === 'sms' ? 'SMS' : 'Email'} from ${message.from}`} data-testid="inbox-message">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={message.channel === 'sms' ? 'grape' : 'blue'} radius="sm" tt="none">
              {message.channel === 'sms' ? 'SMS' : 'Email'}
            </Badge>
            <Text size="sm" fw={500}>
              {message.from}
            </Text>
            <Text size="sm" c="dimmed">
              to {message.to}
            </Text>
            {account}
          </Group>
          <Text size="xs" c="dimmed" title={formatDateTime(message.receivedAt)}>
            {formatRelative(message.receivedAt)}
          </Text>
        </Group>
        {message.subject && (
          <Text size="sm" fw={600}>
            {message.subject}
          </Text>
        )}
        {message.code && <InboxCode code={message.code} expiresAt={compact ? null : message.codeExpiresAt} />}
        <Text size="sm" c={message.code ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={compact ? 3 : 12}>
          {message.bodyText}
        </Text>
      </Stack>
    </Paper>
  );
}
