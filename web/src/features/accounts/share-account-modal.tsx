import { Badge, Button, Group, NativeSelect, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { useAccountGrants, useChangeGrantRole, useRevokeGrant, useShareAccount } from '../../api/account-grants.ts';
import { useMemberOptions } from '../../api/members.ts';
import { useSession } from '../../api/session.ts';
import { useTeams } from '../../api/teams.ts';
import type { AccountGrant, AccountRole, GrantSubjectType } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { ACCOUNT_ROLE_DESCRIPTIONS, ACCOUNT_ROLE_LABELS, memberName } from '../../lib/labels.ts';

export interface ShareAccountModalProps {
  accountId: string;
  label: string;
  onClose: () => void;
}

const ROLE_OPTIONS = (['collaborator', 'owner'] as AccountRole[]).map((role) => ({ value: role, label: ACCOUNT_ROLE_LABELS[role] }));

/** Plain-language answers for what sharing can refuse (spec §6.4, invariants 2 and 7). */
const MESSAGES = {
  last_owner: 'An account always needs at least one Owner. Make someone else an Owner first, then change or remove this one.',
  forbidden:
    'Guests and login-only members — and teams that include them — can only be Collaborators. Choose Collaborator, or ask an admin to change their workspace role.',
  not_found: 'That person or team is no longer in the workspace. Reload and pick someone else.',
};

const COLLABORATOR_ONLY_ROLES = new Set(['guest', 'login_only']);

/** "Share" (Owners): add people or teams as Owner or Collaborator, change roles, remove access. */
export function ShareAccountModal({ accountId, label, onClose }: ShareAccountModalProps): ReactElement {
  const { member: self } = useSession();
  const grants = useAccountGrants(accountId);
  const members = useMemberOptions();
  const teams = useTeams();
  const share = useShareAccount(accountId);
  const changeRole = useChangeGrantRole(accountId);
  const revoke = useRevokeGrant(accountId);
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState<AccountRole>('collaborator');
  const [touched, setTouched] = useState(false);
  const [busyGrant, setBusyGrant] = useState<string | null>(null);

  const current = grants.data ?? [];
  const granted = new Set(current.map((grant) => `${grant.subjectType}:${grant.subjectId}`));
  const memberOptions = (members.data ?? [])
    .filter((member) => member.status !== 'disabled' && !granted.has(`user:${member.id}`))
    .map((member) => ({
      value: `user:${member.id}`,
      label: `${memberName(member)} (${member.email})${member.status === 'pending' ? ' — invite pending' : ''}`,
      collaboratorOnly: COLLABORATOR_ONLY_ROLES.has(member.role),
    }));
  const teamOptions = (teams.data ?? [])
    .filter((team) => !granted.has(`team:${team.id}`))
    .map((team) => ({ value: `team:${team.id}`, label: `${team.name} (team of ${team.memberCount})`, collaboratorOnly: false }));
  const allOptions = [...memberOptions, ...teamOptions];
  const chosen = allOptions.find((option) => option.value === subject);
  const ownerBlocked = Boolean(chosen?.collaboratorOnly);
  const effectiveRole: AccountRole = ownerBlocked ? 'collaborator' : role;
  const loadingOptions = members.isPending || teams.isPending;

  const error = share.error ?? changeRole.error ?? revoke.error ?? grants.error ?? members.error ?? teams.error;
  const resetErrors = (): void => {
    share.reset();
    changeRole.reset();
    revoke.reset();
  };

  const submit = (): void => {
    setTouched(true);
    if (!chosen) return;
    resetErrors();
    const [subjectType, subjectId] = chosen.value.split(':') as [GrantSubjectType, string];
    const name = chosen.label.replace(/ \(.*$/, '');
    share.mutate(
      { subjectType, subjectId, role: effectiveRole },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Shared', message: `${name} is now ${ACCOUNT_ROLE_LABELS[effectiveRole]} of ${label}.` });
          setSubject('');
          setTouched(false);
        },
      },
    );
  };

  const change = (grant: AccountGrant, next: AccountRole): void => {
    resetErrors();
    setBusyGrant(grant.id);
    changeRole.mutate(
      { grantId: grant.id, role: next },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', message: `${grant.subjectLabel} is now ${ACCOUNT_ROLE_LABELS[next]} of ${label}.` }),
        onSettled: () => setBusyGrant(null),
      },
    );
  };

  const remove = (grant: AccountGrant): void => {
    resetErrors();
    setBusyGrant(grant.id);
    revoke.mutate(
      { grantId: grant.id },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `${grant.subjectLabel} no longer has access to ${label}.` }),
        onSettled: () => setBusyGrant(null),
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={`Share ${label}`} size="xl">
      <Stack gap="md">
        <ProblemAlert error={error} title="That change didn’t go through" messages={MESSAGES} />
        {!loadingOptions && allOptions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Everyone in the workspace already has access to {label}. To share with more people, invite them from Members or put them in
            a team first.
          </Text>
        ) : (
          <Stack gap="sm">
            <Group align="flex-start" gap="sm" wrap="wrap">
              <NativeSelect
                label="Share with"
                data={[
                  { value: '', label: loadingOptions ? 'Loading people and teams…' : 'Choose a person or team' },
                  ...(memberOptions.length ? [{ group: 'People', items: memberOptions.map(({ value, label: text }) => ({ value, label: text })) }] : []),
                  ...(teamOptions.length ? [{ group: 'Teams', items: teamOptions.map(({ value, label: text }) => ({ value, label: text })) }] : []),
                ]}
                value={subject}
                onChange={(event) => setSubject(event.currentTarget.value)}
                disabled={loadingOptions}
                error={touched && !chosen ? 'Choose who to share with.' : undefined}
                style={{ flex: '1 1 300px' }}
                data-autofocus
              />
              <NativeSelect
                label="Access role"
                data={ROLE_OPTIONS.map((option) => ({ ...option, disabled: option.value === 'owner' && ownerBlocked }))}
                value={effectiveRole}
                onChange={(event) => setRole(event.currentTarget.value as AccountRole)}
                w={180}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {ownerBlocked ? 'Guests and login-only members can only be Collaborators. ' : ''}
              <strong>{ACCOUNT_ROLE_LABELS[effectiveRole]}:</strong> {ACCOUNT_ROLE_DESCRIPTIONS[effectiveRole]}
            </Text>
            <Group justify="flex-end">
              <Button onClick={submit} loading={share.isPending} disabled={share.isPending || loadingOptions}>
                Share
              </Button>
            </Group>
          </Stack>
        )}

        <Stack gap="xs">
          <Title order={3} size="h5">
            People and teams with access
          </Title>
          {grants.isPending ? (
            <Stack gap={6} aria-busy="true" aria-label="Loading access">
              <Skeleton height={36} />
              <Skeleton height={36} />
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={190}>Role</Table.Th>
                    <Table.Th w={100}>
                      <VisuallyHidden>Remove</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {current.map((grant) => {
                    const isSelf = grant.subjectType === 'user' && grant.subjectId === self.id;
                    const busy = busyGrant === grant.id;
                    return (
                      <Table.Tr key={grant.id}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm" fw={500}>
                              {grant.subjectLabel}
                            </Text>
                            {grant.subjectType === 'team' && (
                              <Badge size="xs" variant="outline" color="gray" tt="none">
                                Team
                              </Badge>
                            )}
                            {isSelf && (
                              <Badge size="xs" variant="outline" color="gray" tt="none">
                                You
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            aria-label={`Access of ${grant.subjectLabel}`}
                            size="xs"
                            data={ROLE_OPTIONS}
                            value={grant.role}
                            onChange={(event) => change(grant, event.currentTarget.value as AccountRole)}
                            disabled={busy}
                          />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => remove(grant)}
                            loading={busy && revoke.isPending}
                            disabled={busy}
                            aria-label={`Remove ${grant.subjectLabel}`}
                          >
                            Remove
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
