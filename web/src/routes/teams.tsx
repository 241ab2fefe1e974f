import { Anchor, Button, Stack, Table } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { useSession } from '../api/session.ts';
import { useTeams } from '../api/teams.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { CreateTeamModal } from '../features/teams/create-team-modal.tsx';
import { teamRoleLabel } from '../lib/labels.ts';

export function TeamsPage(): ReactElement {
  const { member } = useSession();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const canCreate = member.role !== 'login_only' && member.role !== 'guest';
  const list = teams.data ?? [];

  return (
    <>
      <PageHeader
        title="Teams"
        description="Group people who need the same access. Sharing with a team gives each of its members that access, and adding or removing someone updates it for them."
        actions={canCreate ? <Button onClick={() => setCreating(true)}>Create team</Button> : null}
      />
      <Stack gap="md">
        {teams.isError && <ProblemAlert error={teams.error} title="Couldn’t load teams" />}
        {teams.isPending && <TableSkeleton rows={3} />}
        {teams.isSuccess && list.length === 0 && (
          <EmptyState title="No teams yet">
            {canCreate
              ? 'Create a team for each group that works in the same apps — for example “Paid social” or “Agency partners” — then add its members. You become the team’s admin.'
              : 'You are not in any team yet. A team admin or workspace admin can add you.'}
          </EmptyState>
        )}
        {list.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Members</Table.Th>
                  <Table.Th>Your team role</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((team) => (
                  <Table.Tr key={team.id}>
                    <Table.Td>
                      <Anchor
                        fw={500}
                        renderRoot={(props) => <Link to="/teams/$teamId" params={{ teamId: team.id }} {...props} />}
                      >
                        {team.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{team.memberCount}</Table.Td>
                    <Table.Td>{teamRoleLabel(team.myTeamRole)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {creating && <CreateTeamModal onClose={() => setCreating(false)} />}
    </>
  );
}
