import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactElement } from 'react';
import { hasCode } from '../../api/api-error.ts';
import { useDisableTotp } from '../../api/totp.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** Turning two-factor off needs the password, so an unattended session can't weaken sign-in. */
export function TotpDisableForm(): ReactElement {
  const disable = useDisableTotp();
  const [password, setPassword] = useState('');
  const wrongPassword = hasCode(disable.error, 'invalid_credentials', 'unauthenticated');

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    disable.mutate(
      { password },
      {
        onSuccess: () => {
          setPassword('');
          notifications.show({ color: 'orange', title: 'Two-factor sign-in is off', message: 'Only your password protects your account now. Turn it back on soon.' });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={wrongPassword ? null : disable.error} title="Couldn’t turn off two-factor sign-in" />
        <Group align="flex-end" gap="sm">
          <PasswordInput
            label="Password"
            description="Confirm with your password to turn two-factor sign-in off."
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={wrongPassword ? 'That password isn’t right.' : undefined}
            w={300}
          />
          <Button type="submit" color="red" variant="outline" loading={disable.isPending} disabled={disable.isPending || !password}>
            Turn off
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
