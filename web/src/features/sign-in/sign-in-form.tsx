import { Alert, Anchor, Button, Group, PasswordInput, Radio, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { rateLimitedMessage } from '../../api/problem-messages.ts';
import { useLogin } from '../../api/session.ts';
import type { LoginInput, WorkspaceChoice } from '../../api/types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { safeRedirect } from '../../lib/safe-redirect.ts';
import { useCountdown } from '../../lib/use-countdown.ts';
import { workspaceChoices } from './workspace-choices.ts';

/** Codes that reveal the next step instead of showing an error. */
const STEP_CODES = new Set(['totp_required', 'workspace_required', 'rate_limited']);

/**
 * Email + password, then — only if the server asks — an authentication code
 * (`totp_required`) and/or a workspace choice (`workspace_required`).
 */
export function SignInForm({ redirectTo }: { redirectTo: string | undefined }): ReactElement {
  const navigate = useNavigate();
  const login = useLogin();
  const countdown = useCountdown();
  const [needsTotp, setNeedsTotp] = useState(false);
  const [workspaces, setWorkspaces] = useState<WorkspaceChoice[]>([]);
  const [error, setError] = useState<unknown>(null);

  const form = useForm({
    initialValues: { email: '', password: '', totpCode: '', workspace: '' },
    validate: {
      email: (value) => (value.trim() ? null : 'Enter your email.'),
      password: (value) => (value ? null : 'Enter your password.'),
      totpCode: (value) => (!needsTotp || /^\d{6,8}$/.test(value.trim()) ? null : 'Enter the 6-digit code from your authenticator app.'),
      workspace: (value) => (workspaces.length === 0 || value ? null : 'Choose a workspace.'),
    },
    onValuesChange: (values, previous) => {
      if (values.email !== previous.email) {
        setNeedsTotp(false);
        setWorkspaces([]);
      }
    },
  });

  const submit = form.onSubmit((values) => {
    setError(null);
    const input: LoginInput = { email: values.email.trim(), password: values.password };
    if (needsTotp && values.totpCode.trim()) input.totpCode = values.totpCode.trim();
    if (workspaces.length > 0 && values.workspace) input.workspace = values.workspace;
    login.mutate(input, {
      onSuccess: () => void navigate({ href: safeRedirect(redirectTo) }),
      onError: (failure) => {
        if (!isApiError(failure)) return setError(failure);
        if (failure.code === 'totp_required') {
          if (needsTotp) setError(failure);
          setNeedsTotp(true);
        } else if (failure.code === 'workspace_required') {
          setWorkspaces(workspaceChoices(failure));
        } else if (failure.code === 'rate_limited') {
          countdown.start(failure.retryAfterSeconds ?? 30);
        } else if (failure.code === 'invalid_totp') {
          form.setFieldError('totpCode', 'That code did not work. Enter the current code from your authenticator app.');
        } else {
          setError(failure);
        }
        if (!STEP_CODES.has(failure.code)) form.setFieldValue('totpCode', '');
      },
    });
  });

  const waiting = countdown.remaining > 0;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={error} title="Couldn’t sign you in" />
        {waiting && (
          <Alert color="orange" variant="light" role="alert" title="Too many attempts">
            {rateLimitedMessage(countdown.remaining)}
          </Alert>
        )}
        <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        {needsTotp && (
          <TextInput
            label="Authentication code"
            description="Two-factor sign-in is on for this account. Enter the 6-digit code from your authenticator app."
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            data-autofocus
            autoFocus
            required
            {...form.getInputProps('totpCode')}
          />
        )}
        {workspaces.length > 0 && (
          <Radio.Group
            label="Workspace"
            description="This email belongs to more than one workspace. Choose the one to sign in to."
            required
            {...form.getInputProps('workspace')}
          >
            <Stack gap="xs" mt="xs">
              {workspaces.map((choice) => (
                <Radio key={choice.slug} value={choice.slug} label={choice.name} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end">
          <Anchor size="sm" renderRoot={(props) => <Link to="/forgot-password" {...props} />}>
            Forgot password?
          </Anchor>
        </Group>
        <Button type="submit" fullWidth loading={login.isPending} disabled={login.isPending || waiting}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
