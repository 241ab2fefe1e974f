import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { useDeleteTeam } from '../../api/teams.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

export interface DeleteTeamModalProps {
  teamId: string;
  name: string;
  memberCount: number;
  onClose: () => void;
}

export function DeleteTeamModal({ teamId, name, memberCount, onClose }: DeleteTeamModalProps): ReactElement {
  const remove = useDeleteTeam(teamId);
  const navigate = useNavigate();
  const confirm = (): void => {
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `Team ${name} was deleted.` });
        void navigate({ to: '/teams' });
      },
    });
  };
  return (
    <AppModal opened onClose={onClose} title={`Delete ${name}?`}>
      <Stack gap="sm">
        <ProblemAlert error={remove.error} title="Couldn’t delete the team" />
        <Text size="sm">
          The team and its {memberCount === 1 ? 'one membership' : `${memberCount} memberships`} will be deleted. The
          people stay in the workspace. This can’t be undone.
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} disabled={remove.isPending}>
            Delete team
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
