import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { useRenameTeam } from '../../api/teams.ts';
import { TeamNameModal } from './team-name-modal.tsx';

export interface RenameTeamModalProps {
  teamId: string;
  currentName: string;
  onClose: () => void;
}

export function RenameTeamModal({ teamId, currentName, onClose }: RenameTeamModalProps): ReactElement {
  const rename = useRenameTeam(teamId);
  return (
    <TeamNameModal
      title="Edit team"
      submitLabel="Save name"
      initialName={currentName}
      mutation={rename}
      onClose={onClose}
      onDone={(name) => {
        notifications.show({ color: 'teal', message: `Team renamed to ${name}.` });
        onClose();
      }}
    />
  );
}
