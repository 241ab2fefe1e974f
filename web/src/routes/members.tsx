import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState, type ReactElement } from 'react';
import { useMembers } from '../api/members.ts';
import { useSession } from '../api/session.ts';
import type { Member, MemberFilters } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { ChangeRoleModal } from '../features/members/change-role-modal.tsx';
import { InviteMemberModal } from '../features/members/invite-member-modal.tsx';
import { MembersTable } from '../features/members/members-table.tsx';
import { invitableRoles, isWorkspaceAdmin } from '../lib/permissions.ts';

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  { value: 'pending', label: 'Pending' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
];

export function MembersPage(): ReactElement {
  const { member: self } = useSession();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters: MemberFilters = { q: q || undefined, status: status || undefined };
  const members = useMembers(filters);
  const [inviteOpened, invite] = useDisclosure(false);
  const [roleTarget, setRoleTarget] = useState<Member | null>(null);

  const roles = invitableRoles(self.role);
  const isAdmin = isWorkspaceAdmin(self.role);
  const rows = members.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Boolean(filters.q || filters.status);

  const clearFilters = (): void => {
    setSearch('');
    setStatus('');
  };
  const inviteButton = roles.length > 0 ? <Button onClick={invite.open}>Invite member</Button> : null;

  return (
    <>
      <PageHeader
        title="Members"
        description={
          isAdmin
            ? 'Everyone in this workspace, their role and sign-in security. Invite people, change roles, or disable access.'
            : roles.length > 0
              ? 'Everyone in this workspace. You can invite guests — external people such as agencies and freelancers.'
              : 'Everyone in this workspace.'
        }
        actions={inviteButton}
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Search"
            placeholder="Name or email"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={280}
          />
          <NativeSelect
            label="Status"
            data={STATUS_OPTIONS}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value)}
            w={180}
          />
        </Group>
        {members.isError && <ProblemAlert error={members.error} title="Couldn’t load members" />}
        {members.isPending && <TableSkeleton />}
        {members.isSuccess && rows.length === 0 && (
          <EmptyState
            title={filtered ? 'No members match' : 'No members yet'}
            action={filtered ? { label: 'Clear filters', onClick: clearFilters } : undefined}
          >
            {filtered
              ? 'Try another name or email, or a different status.'
              : 'Invite the people who need access with “Invite member”. They get an email with a link to set their password and join.'}
          </EmptyState>
        )}
        {rows.length > 0 && (
          <MembersTable members={rows} selfId={self.id} showActions={isAdmin} onChangeRole={setRoleTarget} />
        )}
        <LoadMore
          hasMore={members.hasNextPage}
          loading={members.isFetchingNextPage}
          onLoadMore={() => void members.fetchNextPage()}
        />
      </Stack>
      {roles.length > 0 && <InviteMemberModal opened={inviteOpened} onClose={invite.close} roles={roles} />}
      {roleTarget && <ChangeRoleModal member={roleTarget} onClose={() => setRoleTarget(null)} />}
    </>
  );
}
