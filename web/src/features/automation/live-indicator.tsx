import { Badge, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import type { JobStreamStatus } from '../../api/job-stream.ts';

const WORDS: Record<JobStreamStatus, { label: string; color: string; hint: string }> = {
  live: { label: 'Live', color: 'green', hint: 'Job changes appear here as they happen.' },
  connecting: { label: 'Connecting…', color: 'gray', hint: 'Opening the live connection to Latchkey.' },
  reconnecting: { label: 'Reconnecting…', color: 'orange', hint: 'The live connection dropped. Latchkey reconnects by itself and catches up.' },
};

/** Says whether the page is following jobs live, so a quiet list is never mistaken for a stale one. */
export function LiveIndicator({ status }: { status: JobStreamStatus }): ReactElement {
  const words = WORDS[status];
  return (
    <Tooltip label={words.hint} withinPortal>
      <Badge color={words.color} variant="dot" radius="sm" tt="none" size="lg" role="status" aria-label={`Live updates: ${words.label}`}>
        {words.label}
      </Badge>
    </Tooltip>
  );
}
