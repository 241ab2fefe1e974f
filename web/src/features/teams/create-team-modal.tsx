import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { useCreateTeam } from '../../api/teams.ts';
import { TeamNameModal } from './team-name-modal.tsx';

export function CreateTeamModal({ onClose }: { onClose: () => void }): ReactElement {
  const create = useCreateTeam();
  return (
    <TeamNameModal
      title="Create team"
      submitLabel="Create team"
      mutation={create}
      onClose={onClose}
      onDone={(name) => {
        notifications.show({ color: 'teal', title: 'Team created', message: `${name} is ready. Open it to add members — you are its Team admin.` });
        onClose();
      }}
    />
  );
}
