import { Alert, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { hasCode } from '../../api/api-error.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

const TITLES: Record<string, string> = {
  token_expired: 'This invite has expired',
  token_used: 'This invite was already used',
  invalid_token: 'This invite link isn’t valid',
};

const EXPLANATIONS: Record<string, string> = {
  token_expired: 'Invites are only valid for a limited time, and this one ran out.',
  token_used: 'Someone already joined with this invite. If that was you, sign in instead.',
  invalid_token: 'The link may be incomplete, or a newer invite replaced it.',
};

/** Explains why an invite can't be used and what to do next. */
export function InviteTokenProblem({ error }: { error: unknown }): ReactElement {
  if (!hasCode(error, 'token_expired', 'token_used', 'invalid_token')) {
    return <ProblemAlert error={error} title="Couldn’t open your invite" />;
  }
  return (
    <Alert color="orange" variant="light" role="alert" title={TITLES[error.code]}>
      <Text size="sm">{EXPLANATIONS[error.code]}</Text>
      <Text size="sm" fw={600} mt={4}>
        Ask an admin to resend your invite.
      </Text>
    </Alert>
  );
}
