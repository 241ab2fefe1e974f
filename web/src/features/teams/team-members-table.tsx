import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactElement } from 'react';
import type { TeamMembership } from '../../api/types.ts';
import { memberName, teamRoleLabel } from '../../lib/labels.ts';
import { TeamMemberMenu } from './team-member-menu.tsx';

export interface TeamMembersTableProps {
  teamId: string;
  teamName: string;
  members: TeamMembership[];
  canManage: boolean;
}

export function TeamMembersTable({ teamId, teamName, members, canManage }: TeamMembersTableProps): ReactElement {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Team role</Table.Th>
            {canManage && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((membership) => (
            <Table.Tr key={membership.memberId}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {memberName(membership)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{membership.email}</Text>
              </Table.Td>
              <Table.Td>{teamRoleLabel(membership.teamRole)}</Table.Td>
              {canManage && (
                <Table.Td ta="right">
                  <TeamMemberMenu teamId={teamId} teamName={teamName} membership={membership} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
