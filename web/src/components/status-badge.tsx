import { Badge, type MantineColor } from '@mantine/core';
import type { ReactElement } from 'react';
import { humanize } from '../lib/labels.ts';

interface StatusStyle {
  label: string;
  color: MantineColor;
}

/** Every status chip in the app: member status (§4.5), account status (§3.5), outbox delivery, chain checks. */
const STATUS_STYLES: Record<string, StatusStyle> = {
  pending: { label: 'Pending', color: 'yellow' },
  invite_expired: { label: 'Invite expired', color: 'orange' },
  active: { label: 'Active', color: 'green' },
  enabled: { label: 'Enabled', color: 'green' },
  trash: { label: 'In trash', color: 'red' },
  disabled: { label: 'Disabled', color: 'gray' },
  removed: { label: 'Removed', color: 'red' },
  held: { label: 'Held', color: 'blue' },
  queued: { label: 'Queued', color: 'cyan' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  on: { label: 'On', color: 'green' },
  off: { label: 'Off', color: 'gray' },
};

export interface StatusBadgeProps {
  status: string;
  /** Overrides the mapped label, keeping the color. */
  label?: string;
}

export function StatusBadge({ status, label }: StatusBadgeProps): ReactElement {
  const style = STATUS_STYLES[status] ?? { label: humanize(status), color: 'gray' };
  return (
    <Badge color={style.color} variant="light" radius="sm" tt="none">
      {label ?? style.label}
    </Badge>
  );
}
