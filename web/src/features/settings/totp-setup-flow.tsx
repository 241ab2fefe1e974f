import { Alert, Button, Code, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactElement } from 'react';
import { hasCode } from '../../api/api-error.ts';
import { useEnableTotp, useStartTotpSetup } from '../../api/totp.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** Start → show secret and otpauth URI → confirm with a code. No QR library, so the secret is typed or pasted. */
export function TotpSetupFlow(): ReactElement {
  const start = useStartTotpSetup();
  const enable = useEnableTotp();
  const [code, setCode] = useState('');

  if (!start.data) {
    return (
      <Stack gap="sm" align="flex-start">
        <ProblemAlert error={start.error} title="Couldn’t start the setup" />
        <Button onClick={() => start.mutate()} loading={start.isPending} disabled={start.isPending}>
          Set up authenticator app
        </Button>
      </Stack>
    );
  }

  const { secret, otpauthUri } = start.data;
  const codeError = hasCode(enable.error, 'invalid_totp') ? 'That code didn’t match. Enter the code your app shows right now.' : undefined;
  const codeLooksValid = /^\d{6,8}$/.test(code.trim());
  const submitCode = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!codeLooksValid) return;
    enable.mutate(
      { code: code.trim() },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', title: 'Two-factor sign-in is on', message: 'From now on, Latchkey asks for a code from your authenticator app when you sign in.' }),
      },
    );
  };

  return (
    <Stack gap="md">
      <List type="ordered" size="sm" spacing="xs">
        <List.Item>Open your authenticator app (1Password, Google Authenticator, Authy…) and add an account.</List.Item>
        <List.Item>Choose to enter a setup key, then paste the secret below — or paste the whole setup link if your app accepts one.</List.Item>
        <List.Item>Type the 6-digit code the app shows to confirm.</List.Item>
      </List>
      <Stack gap={4}>
        <Text size="sm" fw={600}>Secret</Text>
        <Group gap="sm" wrap="nowrap">
          <Code fz="md" style={{ letterSpacing: '0.08em', overflowWrap: 'anywhere' }} data-testid="totp-secret">
            {secret}
          </Code>
          <CopyValueButton value={secret} label="Copy secret" />
        </Group>
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={600}>Setup link (otpauth URI)</Text>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', flex: 1 }} data-testid="totp-uri">
            {otpauthUri}
          </Code>
          <CopyValueButton value={otpauthUri} label="Copy setup link" />
        </Group>
      </Stack>
      <Alert color="gray" variant="light">
        Treat the secret like a password: anyone who has it can generate your codes.
      </Alert>
      <ProblemAlert error={codeError ? null : enable.error} title="Couldn’t turn on two-factor sign-in" />
      <form onSubmit={submitCode} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={codeError}
            maw={320}
          />
          <Group gap="sm">
            <Button type="submit" loading={enable.isPending} disabled={enable.isPending || !codeLooksValid}>
              Turn on
            </Button>
            <Button variant="subtle" color="gray" onClick={() => start.reset()} disabled={enable.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
