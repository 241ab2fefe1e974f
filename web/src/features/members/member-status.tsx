import { Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Member } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDate, isPast } from '../../lib/format.ts';

/** Status chip; a pending invite past its expiry reads "Invite expired" (spec §4.5). */
export function MemberStatus({ member }: { member: Member }): ReactElement {
  if (member.status !== 'pending') return <StatusBadge status={member.status} />;
  const expired = isPast(member.inviteExpiresAt);
  return (
    <Stack gap={2} align="flex-start">
      <StatusBadge status={expired ? 'invite_expired' : 'pending'} />
      {member.inviteExpiresAt && !expired && (
        <Text size="xs" c="dimmed">
          Invite expires {formatDate(member.inviteExpiresAt)}
        </Text>
      )}
    </Stack>
  );
}
