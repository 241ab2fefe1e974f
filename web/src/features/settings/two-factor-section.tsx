import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useSession } from '../../api/session.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TotpDisableForm } from './totp-disable-form.tsx';
import { TotpSetupFlow } from './totp-setup-flow.tsx';

export function TwoFactorSection(): ReactElement {
  const { member } = useSession();
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Group gap="sm">
          <Title order={2} size="h4">
            Two-factor sign-in
          </Title>
          <StatusBadge status={member.mfaEnabled ? 'on' : 'off'} />
        </Group>
        <Text size="sm" c="dimmed">
          {member.mfaEnabled
            ? 'Signing in to Latchkey needs your password and a code from your authenticator app.'
            : 'Add a code from an authenticator app to your sign-in. Latchkey holds the keys to your team’s apps, so this is strongly recommended.'}
        </Text>
        {member.mfaEnabled ? <TotpDisableForm /> : <TotpSetupFlow />}
      </Stack>
    </Paper>
  );
}
