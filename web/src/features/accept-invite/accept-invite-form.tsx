import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { fieldErrorsByKey, hasCode } from '../../api/api-error.ts';
import { useAcceptInvitation } from '../../api/invitations.ts';
import type { InvitationDetails } from '../../api/types.ts';
import { NewPasswordFields } from '../../components/new-password-fields.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { validateConfirmation, validateNewPassword } from '../../lib/password-policy.ts';
import { InviteTokenProblem } from './invite-token-problem.tsx';

export interface AcceptInviteFormProps {
  token: string;
  invitation: InvitationDetails;
}

/** Name and password for a new member; on success they're signed in. */
export function AcceptInviteForm({ token, invitation }: AcceptInviteFormProps): ReactElement {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const form = useForm({
    initialValues: {
      firstName: invitation.firstName,
      lastName: invitation.lastName,
      password: '',
      confirmPassword: '',
    },
    validate: {
      firstName: (value) => (value.trim() ? null : 'Enter your first name.'),
      lastName: (value) => (value.trim() ? null : 'Enter your last name.'),
      password: validateNewPassword,
      confirmPassword: (value, values) => validateConfirmation(value, values.password),
    },
  });

  if (hasCode(accept.error, 'token_expired', 'token_used', 'invalid_token')) {
    return <InviteTokenProblem error={accept.error} />;
  }

  const submit = form.onSubmit((values) => {
    accept.mutate(
      { token, password: values.password, firstName: values.firstName.trim(), lastName: values.lastName.trim() },
      {
        onSuccess: () => void navigate({ to: '/accounts' }),
        onError: (error) => form.setErrors(fieldErrorsByKey(error)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={accept.error} title="Couldn’t join the workspace" />
        <TextInput label="Email" value={invitation.email} readOnly variant="filled" autoComplete="username" description="Your invite was sent to this address." />
        <Group grow align="flex-start">
          <TextInput label="First name" required autoComplete="given-name" {...form.getInputProps('firstName')} />
          <TextInput label="Last name" required autoComplete="family-name" {...form.getInputProps('lastName')} />
        </Group>
        <NewPasswordFields
          password={form.getInputProps('password')}
          confirm={form.getInputProps('confirmPassword')}
          passwordValue={form.values.password}
        />
        <Button type="submit" loading={accept.isPending} disabled={accept.isPending} fullWidth mt="xs">
          Join workspace
        </Button>
      </Stack>
    </form>
  );
}
