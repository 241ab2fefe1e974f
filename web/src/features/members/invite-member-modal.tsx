import { Button, Group, Stack, TextInput } from '@mantine/core';
import { AppModal } from '../../components/app-modal.tsx';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import { useInviteMember } from '../../api/members.ts';
import type { InviteMemberInput, WorkspaceRole } from '../../api/types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { RoleSelect } from './role-select.tsx';

export interface InviteMemberModalProps {
  opened: boolean;
  onClose: () => void;
  /** Roles the signed-in member may grant (users may invite guests only). */
  roles: WorkspaceRole[];
}

const MESSAGES = {
  conflict: 'Someone with this email is already in the workspace. Find them in the list — you can resend a pending invite from their row.',
  forbidden: 'Your role can’t invite with this role. Users may invite guests only; ask an admin for anything else.',
};

export function InviteMemberModal({ opened, onClose, roles }: InviteMemberModalProps): ReactElement {
  const invite = useInviteMember();
  const defaultRole: WorkspaceRole = roles.includes('user') ? 'user' : (roles[0] ?? 'guest');
  const form = useForm({
    initialValues: { email: '', firstName: '', lastName: '', role: defaultRole },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address like name@company.com.'),
    },
  });

  const close = (): void => {
    form.reset();
    invite.reset();
    onClose();
  };

  const submit = form.onSubmit((values) => {
    const input: InviteMemberInput = { email: values.email.trim(), role: values.role };
    if (values.firstName.trim()) input.firstName = values.firstName.trim();
    if (values.lastName.trim()) input.lastName = values.lastName.trim();
    invite.mutate(input, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Invite sent', message: `Invitation sent to ${input.email}` });
        close();
      },
      onError: (error) => form.setErrors(fieldErrorsByKey(error)),
    });
  });

  return (
    <AppModal opened={opened} onClose={close} title="Invite member" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={invite.error} title="Couldn’t send the invite" messages={MESSAGES} />
          <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
          <Group grow align="flex-start">
            <TextInput label="First name" placeholder="Optional" {...form.getInputProps('firstName')} />
            <TextInput label="Last name" placeholder="Optional" {...form.getInputProps('lastName')} />
          </Group>
          <RoleSelect
            value={form.values.role}
            onChange={(role) => form.setFieldValue('role', role)}
            roles={roles}
            error={typeof form.errors['role'] === 'string' ? form.errors['role'] : undefined}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close} disabled={invite.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={invite.isPending} disabled={invite.isPending}>
              Send invite
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
