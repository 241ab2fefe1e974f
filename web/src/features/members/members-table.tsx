import { Badge, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Member } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { memberName, roleLabel } from '../../lib/labels.ts';
import { MemberRowMenu } from './member-row-menu.tsx';
import { MemberStatus } from './member-status.tsx';

export interface MembersTableProps {
  members: Member[];
  selfId: string;
  showActions: boolean;
  onChangeRole: (member: Member) => void;
}

export function MembersTable({ members, selfId, showActions, onChangeRole }: MembersTableProps): ReactElement {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>MFA</Table.Th>
            <Table.Th>Last activity</Table.Th>
            {showActions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {memberName(member)}
                  {member.id === selfId && (
                    <Badge ml="xs" size="xs" variant="outline" color="gray">
                      You
                    </Badge>
                  )}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{member.email}</Text>
              </Table.Td>
              <Table.Td>{roleLabel(member.role)}</Table.Td>
              <Table.Td>
                <MemberStatus member={member} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={member.mfaEnabled ? 'on' : 'off'} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(member.lastActivityAt)}>
                  {member.lastActivityAt ? formatRelative(member.lastActivityAt) : 'Never'}
                </Text>
              </Table.Td>
              {showActions && (
                <Table.Td ta="right">
                  <MemberRowMenu member={member} isSelf={member.id === selfId} onChangeRole={onChangeRole} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
