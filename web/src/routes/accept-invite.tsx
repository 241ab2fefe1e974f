import { Alert, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { useInvitation } from '../api/invitations.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { AcceptInviteForm } from '../features/accept-invite/accept-invite-form.tsx';
import { InviteTokenProblem } from '../features/accept-invite/invite-token-problem.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useFragmentToken } from '../lib/fragment-token.ts';

/** Invite landing page; the token arrives in the `#token=` fragment, never the query string. */
export function AcceptInvitePage(): ReactElement {
  const token = useFragmentToken();
  const invitation = useInvitation(token);

  if (!token) {
    return (
      <AuthCard title="Join your workspace">
        <Alert color="orange" variant="light" role="alert" title="This invite link is incomplete">
          Open the link from your invitation email exactly as it was sent — the part after “#” carries your invite.
          If it still doesn’t work, ask an admin to resend your invite.
        </Alert>
      </AuthCard>
    );
  }

  if (invitation.isPending) {
    return (
      <AuthCard title="Join your workspace">
        <Stack gap="sm" aria-busy="true" aria-label="Loading your invite">
          <Skeleton height={36} />
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      </AuthCard>
    );
  }

  if (invitation.isError) {
    return (
      <AuthCard title="Join your workspace">
        <InviteTokenProblem error={invitation.error} />
      </AuthCard>
    );
  }

  const details = invitation.data;
  return (
    <AuthCard
      title={`Join ${details.workspaceName}`}
      description={
        <Text size="sm" c="dimmed">
          Set your name and a password to finish joining. This invite expires {formatDateTime(details.expiresAt)}.
        </Text>
      }
    >
      <AcceptInviteForm key={token} token={token} invitation={details} />
    </AuthCard>
  );
}
