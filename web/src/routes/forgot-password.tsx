import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { hasCode } from '../api/api-error.ts';
import { useRequestPasswordReset } from '../api/password-reset.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';

const SENT_MESSAGE = "If that address belongs to a member, we've sent a reset link.";

/** Always answers the same way, so the page can't be used to discover who is a member. */
export function ForgotPasswordPage(): ReactElement {
  const request = useRequestPasswordReset();
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address like you@company.com.') },
  });
  // Only transport failures and throttling are worth showing; any other answer gets the neutral message.
  const showError = hasCode(request.error, 'network_error', 'rate_limited', 'validation_failed');
  const sent = request.isSuccess || (request.isError && !showError);

  return (
    <AuthCard title="Reset your password" description="Enter your email and we'll send you a link to choose a new password.">
      {sent ? (
        <Stack gap="sm">
          <Alert color="teal" variant="light" role="status" title="Check your email">
            {SENT_MESSAGE} The link works once and expires soon. If nothing arrives, check spam or ask an admin.
          </Alert>
          <Anchor renderRoot={(props) => <Link to="/login" {...props} />}>Back to sign in</Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate({ email: values.email.trim() }))} noValidate>
          <Stack gap="sm">
            {showError && <ProblemAlert error={request.error} title="Couldn’t send the link" />}
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending} disabled={request.isPending} fullWidth>
              Send reset link
            </Button>
            <Text size="sm" ta="center">
              <Anchor renderRoot={(props) => <Link to="/login" {...props} />}>Back to sign in</Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
