import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { useMemberOptions } from '../../api/members.ts';
import { useAddTeamMember } from '../../api/teams.ts';
import type { TeamMembership, TeamRole } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { memberName } from '../../lib/labels.ts';
import { TeamRoleSelect } from './team-role-select.tsx';

export interface AddTeamMemberModalProps {
  teamId: string;
  teamName: string;
  current: TeamMembership[];
  onClose: () => void;
}

const MESSAGES = { conflict: 'This person is already in the team.' };

/** Pick a workspace member who isn't in the team yet and give them a team role. */
export function AddTeamMemberModal({ teamId, teamName, current, onClose }: AddTeamMemberModalProps): ReactElement {
  const members = useMemberOptions();
  const add = useAddTeamMember(teamId);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [teamRole, setTeamRole] = useState<TeamRole>('team_member');
  const [touched, setTouched] = useState(false);

  const inTeam = new Set(current.map((membership) => membership.memberId));
  const options = (members.data ?? [])
    .filter((member) => !inTeam.has(member.id) && member.status !== 'disabled')
    .map((member) => ({ value: member.id, label: `${memberName(member)} (${member.email})` }));

  const submit = (): void => {
    setTouched(true);
    if (!memberId) return;
    const label = options.find((option) => option.value === memberId)?.label ?? 'The member';
    add.mutate(
      { memberId, teamRole },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${label} was added to ${teamName}.` });
          onClose();
        },
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={`Add someone to ${teamName}`}>
      <Stack gap="sm">
        <ProblemAlert error={add.error ?? members.error} title="Couldn’t add this person" messages={MESSAGES} />
        <NativeSelect
          label="Member"
          data={[{ value: '', label: members.isPending ? 'Loading members…' : 'Choose a person' }, ...options]}
          value={memberId ?? ''}
          onChange={(event) => setMemberId(event.currentTarget.value || null)}
          disabled={members.isPending}
          error={touched && !memberId ? 'Choose who to add.' : undefined}
          data-autofocus
        />
        {members.isSuccess && options.length === 0 && (
          <Text size="sm" c="dimmed">
            Everyone in the workspace is already in this team. Invite more people from Members.
          </Text>
        )}
        <TeamRoleSelect value={teamRole} onChange={setTeamRole} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={add.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={add.isPending} disabled={add.isPending}>
            Add to team
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
