import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactElement } from 'react';
import type { HubMember, UsersTab } from '../../api/hub-types.ts';
import { formatDate, formatDateTime, formatRelative, isPast } from '../../lib/format.ts';
import { MemberStateChip } from './hub-chips.tsx';

export type PersonAction = 'match' | 'exempt' | 'remove' | 'unexempt' | 'update_role' | 'remove_user' | 'resend_invite';

/** Matched people whose access Latchkey manages: "Update role", "Remove user", "Resend invite" (spec §5.15, §5.16). */
const NOT_MANAGED: ReadonlySet<string> = new Set(['unmatched', 'exempted', 'removed']);
const RESENDABLE: ReadonlySet<string> = new Set(['invite_expired', 'invite_failed']);

export function isManagedPerson(person: HubMember): boolean {
  return person.memberId !== null && !NOT_MANAGED.has(person.state);
}

export interface HubMembersTableProps {
  tab: UsersTab;
  people: HubMember[];
  appName: string;
  /** App role key → label, from the hub's app roles. */
  roleLabels: Map<string, string>;
  canManage: boolean;
  /** The row whose action is running, so only its buttons spin. */
  busyId: string | null;
  onAction: (action: PersonAction, person: HubMember) => void;
}

function removedWords(person: HubMember, appName: string): string | null {
  if (person.state !== 'removed') return null;
  if (person.removedBy === 'app') return `Removed in ${appName}`;
  if (person.removedBy === 'latchkey') return 'Removed by Latchkey';
  if (person.removedBy === 'idp') return 'Removed by your identity provider';
  return null;
}

function inviteWords(person: HubMember): string | null {
  const expires = person.invite?.expiresAt;
  if (!expires || (person.state !== 'pending_invite_claim' && person.state !== 'invite_expired')) return null;
  if (isPast(expires)) return `Invite expired ${formatDate(expires)}`;
  const days = Math.ceil((Date.parse(expires) - Date.now()) / 86_400_000);
  const when = days <= 1 ? 'Invite expires within a day' : `Invite expires in ${days} days`;
  const resent = person.invite?.reinviteCount ? ` · re-sent automatically ${person.invite.reinviteCount === 1 ? 'once' : `${person.invite.reinviteCount} times`}` : '';
  return `${when}${resent}`;
}

/**
 * One Users-tab table (spec §5.6). Columns follow the tab: the Exempted table shows the reason,
 * the Unmatched table leads with the app's email since nobody is linked yet.
 */
export function HubMembersTable({ tab, people, appName, roleLabels, canManage, busyId, onAction }: HubMembersTableProps): ReactElement {
  const showMember = tab !== 'unmatched' && tab !== 'exempted';
  const showReason = tab === 'exempted' || tab === 'all';
  const hasActions = canManage && people.some((person) => person.state === 'unmatched' || person.state === 'exempted' || isManagedPerson(person));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={`${tab === 'all' ? 'All people' : tab.charAt(0).toUpperCase() + tab.slice(1)} in ${appName}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>In {appName}</Table.Th>
            {showMember && <Table.Th>Latchkey member</Table.Th>}
            <Table.Th>State</Table.Th>
            <Table.Th>App roles</Table.Th>
            {tab === 'exempted' && <Table.Th>Reason</Table.Th>}
            <Table.Th>Since</Table.Th>
            {hasActions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((person) => {
            const detail = removedWords(person, appName) ?? inviteWords(person);
            const busy = busyId === person.id;
            return (
              <Table.Tr key={person.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={showMember ? 400 : 500} style={{ overflowWrap: 'anywhere' }}>
                      {person.externalEmail}
                    </Text>
                    {person.isGuest && (
                      <Badge size="xs" variant="outline" color="grape" tt="none">
                        Guest
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                {showMember && (
                  <Table.Td>
                    {person.memberId ? (
                      <Stack gap={0}>
                        <Text size="sm" fw={500}>
                          {person.memberName || person.memberEmail}
                        </Text>
                        {person.memberEmail && person.memberEmail.toLowerCase() !== person.externalEmail.toLowerCase() && (
                          <Text size="xs" c="dimmed">
                            {person.memberEmail}
                          </Text>
                        )}
                      </Stack>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not linked
                      </Text>
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    <MemberStateChip state={person.state} />
                    {detail && (
                      <Text size="xs" c="dimmed">
                        {detail}
                      </Text>
                    )}
                    {showReason && tab === 'all' && person.exemptReason && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {person.exemptReason}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{person.appRoles.length ? person.appRoles.map((key) => roleLabels.get(key) ?? key).join(', ') : '—'}</Text>
                </Table.Td>
                {tab === 'exempted' && (
                  <Table.Td maw={280}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {person.exemptReason ?? '—'}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" title={formatDateTime(person.stateChangedAt)} style={{ whiteSpace: 'nowrap' }}>
                    {formatRelative(person.stateChangedAt)}
                  </Text>
                </Table.Td>
                {hasActions && (
                  <Table.Td ta="right">
                    {person.state === 'unmatched' && (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <Button size="xs" onClick={() => onAction('match', person)} disabled={busy}>
                          Match user
                        </Button>
                        <Button size="xs" variant="default" onClick={() => onAction('exempt', person)} disabled={busy}>
                          Exempt
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => onAction('remove', person)} disabled={busy}>
                          Remove
                        </Button>
                      </Group>
                    )}
                    {person.state === 'exempted' && (
                      <Button size="xs" variant="default" onClick={() => onAction('unexempt', person)} loading={busy} disabled={busy}>
                        Move to unmatched
                      </Button>
                    )}
                    {isManagedPerson(person) && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${person.memberName || person.memberEmail || person.externalEmail}`} loading={busy}>
                            <span aria-hidden="true">•••</span>
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => onAction('update_role', person)}>Update role</Menu.Item>
                          {RESENDABLE.has(person.state) && <Menu.Item onClick={() => onAction('resend_invite', person)}>Resend invite</Menu.Item>}
                          <Menu.Item color="red" onClick={() => onAction('remove_user', person)}>
                            Remove user
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
