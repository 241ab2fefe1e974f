import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import type { InboxMessage } from '../../api/inbox.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { InboxCode } from './inbox-code.tsx';

/**
 * Whether a code is still inside its visibility window (spec §10.6). The server stops sending it
 * after `codeExpiresAt`; this hides one already on screen at that moment too.
 */
export function useCodeVisible(codeExpiresAt: string | null): boolean {
  const until = codeExpiresAt ? Date.parse(codeExpiresAt) : Number.POSITIVE_INFINITY;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!Number.isFinite(until) || until <= now) return undefined;
    // setTimeout caps at ~24.8 days; codes are visible for minutes.
    const timer = window.setTimeout(() => setNow(Date.now()), Math.min(until - now + 50, 2 ** 31 - 1));
    return () => window.clearTimeout(timer);
  }, [until, now]);
  return until > now;
}

/** One received SMS or e-mail: who sent it, when, the text, and the code when Latchkey found one. */
export function InboxMessageItem({ message, account, compact = false }: { message: InboxMessage; account?: ReactNode; compact?: boolean }): ReactElement {
  const codeVisible = useCodeVisible(message.codeExpiresAt);
  const code = codeVisible ? message.code : null;
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
        {code && <InboxCode code={code} expiresAt={compact ? null : message.codeExpiresAt} />}
        <Text size="sm" c={code ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={compact ? 3 : 12}>
          {message.bodyText}
        </Text>
      </Stack>
    </Paper>
  );
}
