import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import type { InboxStreamStatus } from '../../api/inbox.ts';

const LABELS: Record<InboxStreamStatus, { label: string; color: string; title: string }> = {
  live: { label: 'Live', color: 'teal', title: 'New messages appear here as they arrive' },
  connecting: { label: 'Connecting…', color: 'gray', title: 'Opening the live connection' },
  reconnecting: { label: 'Reconnecting…', color: 'orange', title: 'The live connection dropped; Latchkey is reconnecting and will catch up' },
};

export function InboxLiveBadge({ status }: { status: InboxStreamStatus }): ReactElement {
  const s = LABELS[status];
  return (
    <Badge variant="dot" color={s.color} radius="sm" tt="none" title={s.title} data-testid="inbox-live">
      {s.label}
    </Badge>
  );
}
