import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { fieldErrorsByKey } from '../api/api-error.ts';
import { useSetupWorkspace } from '../api/session.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { NewPasswordFields } from '../components/new-password-fields.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { validateConfirmation, validateNewPassword } from '../lib/password-policy.ts';

const FIELD_LABELS = {
  workspaceName: 'Workspace name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  password: 'Password',
};

/** First run: creates the workspace and its Owner, then signs them in. */
export function SetupPage(): ReactElement {
  const navigate = useNavigate();
  const setup = useSetupWorkspace();
  const form = useForm({
    initialValues: { workspaceName: '', firstName: '', lastName: '', email: '', password: '', confirmPassword: '' },
    validate: {
      workspaceName: (value) => (value.trim() ? null : 'Name your workspace, e.g. your company or team.'),
      firstName: (value) => (value.trim() ? null : 'Enter your first name.'),
      lastName: (value) => (value.trim() ? null : 'Enter your last name.'),
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address like you@company.com.'),
      password: validateNewPassword,
      confirmPassword: (value, values) => validateConfirmation(value, values.password),
    },
  });

  const submit = form.onSubmit((values) => {
    setup.mutate(
      {
        workspaceName: values.workspaceName.trim(),
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        email: values.email.trim(),
        password: values.password,
      },
      {
        onSuccess: () => void navigate({ to: '/accounts' }),
        onError: (error) => form.setErrors(fieldErrorsByKey(error)),
      },
    );
  });

  return (
    <AuthCard
      title="Create your workspace"
      description="This is a new Latchkey instance. Name your workspace and create the Owner account — you can invite everyone else once you're in."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert
            error={setup.error}
            title="Couldn’t create the workspace"
            messages={{ setup_done: 'This instance already has a workspace. Sign in instead.' }}
            fieldLabels={FIELD_LABELS}
          />
          <TextInput label="Workspace name" required autoComplete="organization" {...form.getInputProps('workspaceName')} />
          <Group grow align="flex-start">
            <TextInput label="First name" required autoComplete="given-name" {...form.getInputProps('firstName')} />
            <TextInput label="Last name" required autoComplete="family-name" {...form.getInputProps('lastName')} />
          </Group>
          <TextInput label="Email" type="email" required autoComplete="email" {...form.getInputProps('email')} />
          <NewPasswordFields
            password={form.getInputProps('password')}
            confirm={form.getInputProps('confirmPassword')}
            passwordValue={form.values.password}
          />
          <Button type="submit" loading={setup.isPending} disabled={setup.isPending} fullWidth mt="xs">
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
