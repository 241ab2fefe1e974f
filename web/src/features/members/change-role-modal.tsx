import { Button, Group, Stack, Text } from '@mantine/core';
import { AppModal } from '../../components/app-modal.tsx';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { useUpdateMember } from '../../api/members.ts';
import type { Member, WorkspaceRole } from '../../api/types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { ASSIGNABLE_ROLES, memberName, roleLabel } from '../../lib/labels.ts';
import { RoleSelect } from './role-select.tsx';

export interface ChangeRoleModalProps {
  member: Member;
  onClose: () => void;
}

/** Mounted only while open, so the select always starts at the member's current role. */
export function ChangeRoleModal({ member, onClose }: ChangeRoleModalProps): ReactElement {
  const update = useUpdateMember();
  const [role, setRole] = useState<WorkspaceRole>(ASSIGNABLE_ROLES.includes(member.role) ? member.role : 'user');
  const name = memberName(member);

  const save = (): void => {
    update.mutate(
      { id: member.id, changes: { role } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Role changed', message: `${name} is now ${roleLabel(role)}.` });
          onClose();
        },
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={`Change ${name}’s access`}>
      <Stack gap="sm">
        <ProblemAlert error={update.error} title="Couldn’t save the change" />
        <Text size="sm" c="dimmed">
          {name} is currently {roleLabel(member.role)}.
        </Text>
        <RoleSelect value={role} onChange={setRole} roles={ASSIGNABLE_ROLES} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button onClick={save} loading={update.isPending} disabled={update.isPending || role === member.role}>
            Save role
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
