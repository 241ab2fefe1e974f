import { Anchor, Button, Skeleton, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { hasCode } from '../api/api-error.ts';
import { useSession } from '../api/session.ts';
import { useTeam } from '../api/teams.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { AddTeamMemberModal } from '../features/teams/add-team-member-modal.tsx';
import { DeleteTeamModal } from '../features/teams/delete-team-modal.tsx';
import { RenameTeamModal } from '../features/teams/rename-team-modal.tsx';
import { TeamMembersTable } from '../features/teams/team-members-table.tsx';
import { isWorkspaceAdmin } from '../lib/permissions.ts';

type Dialog = 'add' | 'rename' | 'delete' | null;

export function TeamDetailPage({ teamId }: { teamId: string }): ReactElement {
  const { member } = useSession();
  const team = useTeam(teamId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = (): void => setDialog(null);
  const backLink = <Anchor renderRoot={(props) => <Link to="/teams" {...props} />}>← All teams</Anchor>;

  if (team.isPending) {
    return (
      <Stack>
        <Skeleton height={32} width={240} />
        <TableSkeleton rows={3} />
      </Stack>
    );
  }
  if (team.isError) {
    return (
      <Stack>
        {backLink}
        {hasCode(team.error, 'not_found') ? (
          <EmptyState title="Team not found">
            This team was deleted, or you aren’t allowed to see it. Go back to Teams to find the one you need.
          </EmptyState>
        ) : (
          <ProblemAlert error={team.error} title="Couldn’t load the team" />
        )}
      </Stack>
    );
  }

  const data = team.data;
  const canManage = isWorkspaceAdmin(member.role) || data.myTeamRole === 'team_admin';
  const description = canManage
    ? 'Add people, choose who administers the team, or rename it.'
    : 'Only team admins and workspace admins can change this team.';

  return (
    <>
      {backLink}
      <PageHeader
        title={data.name}
        description={description}
        actions={
          canManage && (
            <>
              <Button onClick={() => setDialog('add')}>Add member</Button>
              <Button variant="default" onClick={() => setDialog('rename')}>
                Rename team
              </Button>
              <Button variant="outline" color="red" onClick={() => setDialog('delete')}>
                Delete team
              </Button>
            </>
          )
        }
      />
      {data.members.length === 0 ? (
        <EmptyState title="No one in this team yet">
          {canManage
            ? 'Use “Add member” to put people in this team. Anything shared with the team later reaches each of them.'
            : 'A team admin can add people to this team.'}
        </EmptyState>
      ) : (
        <TeamMembersTable teamId={teamId} teamName={data.name} members={data.members} canManage={canManage} />
      )}
      {dialog === 'add' && (
        <AddTeamMemberModal teamId={teamId} teamName={data.name} current={data.members} onClose={close} />
      )}
      {dialog === 'rename' && <RenameTeamModal teamId={teamId} currentName={data.name} onClose={close} />}
      {dialog === 'delete' && (
        <DeleteTeamModal teamId={teamId} name={data.name} memberCount={data.members.length} onClose={close} />
      )}
    </>
  );
}
