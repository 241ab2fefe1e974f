import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { fieldErrorsByKey, hasCode } from '../api/api-error.ts';
import { useConfirmPasswordReset } from '../api/password-reset.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { NewPasswordFields } from '../components/new-password-fields.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { useFragmentToken } from '../lib/fragment-token.ts';
import { validateConfirmation, validateNewPassword } from '../lib/password-policy.ts';

const TOKEN_MESSAGES = {
  token_expired: 'This reset link has expired. Reset links work for a limited time — request a new one.',
  token_used: 'This reset link was already used. If you didn’t change your password, request a new link.',
  invalid_token: 'This reset link isn’t valid. Make sure you opened the whole link from the latest email, or request a new one.',
};

/** Sets a new password from an emailed link; the token lives in the `#token=` fragment only. */
export function ResetPasswordPage(): ReactElement {
  const token = useFragmentToken();
  const navigate = useNavigate();
  const confirm = useConfirmPasswordReset();
  const form = useForm({
    initialValues: { password: '', confirmPassword: '' },
    validate: {
      password: validateNewPassword,
      confirmPassword: (value, values) => validateConfirmation(value, values.password),
    },
  });
  const tokenProblem = hasCode(confirm.error, 'token_expired', 'token_used', 'invalid_token');

  const submit = form.onSubmit((values) => {
    confirm.mutate(
      { token, password: values.password },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Password changed', message: 'Sign in with your new password.' });
          void navigate({ to: '/login' });
        },
        onError: (error) => form.setErrors(fieldErrorsByKey(error)),
      },
    );
  });

  const requestNew = (
    <Anchor renderRoot={(props) => <Link to="/forgot-password" {...props} />}>Request a new reset link</Anchor>
  );

  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Alert color="orange" variant="light" role="alert" title="This link is incomplete">
          Open the reset link from your email exactly as it was sent — the part after “#” carries your one-time token.
        </Alert>
        {requestNew}
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password" description="Use at least 12 characters. Afterwards, sign in with your new password.">
      {tokenProblem ? (
        <Stack gap="sm">
          <ProblemAlert error={confirm.error} title="This link can’t be used" messages={TOKEN_MESSAGES} />
          {requestNew}
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={confirm.error} title="Couldn’t change the password" fieldLabels={{ password: 'New password' }} />
            <NewPasswordFields
              password={form.getInputProps('password')}
              confirm={form.getInputProps('confirmPassword')}
              passwordValue={form.values.password}
              passwordLabel="New password"
              confirmLabel="Confirm new password"
            />
            <Button type="submit" loading={confirm.isPending} disabled={confirm.isPending} fullWidth>
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
