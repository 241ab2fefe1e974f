import { ActionIcon, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { problemMessage } from '../../api/problem-messages.ts';
import { useChangeTeamRole, useRemoveTeamMember } from '../../api/teams.ts';
import type { TeamMembership } from '../../api/types.ts';
import { memberName } from '../../lib/labels.ts';

export interface TeamMemberMenuProps {
  teamId: string;
  teamName: string;
  membership: TeamMembership;
}

export function TeamMemberMenu({ teamId, teamName, membership }: TeamMemberMenuProps): ReactElement {
  const changeRole = useChangeTeamRole(teamId);
  const remove = useRemoveTeamMember(teamId);
  const name = memberName(membership);
  const nextRole = membership.teamRole === 'team_admin' ? 'team_member' : 'team_admin';
  const fail = (title: string) => (error: Error) => notifications.show({ color: 'red', title, message: problemMessage(error) });

  const toggleRole = (): void => {
    changeRole.mutate(
      { memberId: membership.memberId, teamRole: nextRole },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: `${name} is now a ${nextRole === 'team_admin' ? 'Team admin' : 'Team member'}.`,
          }),
        onError: fail('Couldn’t change the team role'),
      },
    );
  };

  const removeMember = (): void => {
    remove.mutate(
      { memberId: membership.memberId },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `${name} was removed from ${teamName}.` }),
        onError: fail('Couldn’t remove the member'),
      },
    );
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Actions for ${name}`}
          loading={changeRole.isPending || remove.isPending}
        >
          <span aria-hidden="true">•••</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={toggleRole}>{nextRole === 'team_admin' ? 'Make team admin' : 'Make team member'}</Menu.Item>
        <Menu.Item color="red" onClick={removeMember}>
          Remove from team
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
