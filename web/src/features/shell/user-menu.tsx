import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { useLogout, useSession } from '../../api/session.ts';
import { problemMessage } from '../../api/problem-messages.ts';
import { memberName, roleLabel } from '../../lib/labels.ts';

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return parts.slice(0, 2).map((part) => part.charAt(0).toUpperCase()).join('') || '?';
}

/** The signed-in member, with Profile & security and Sign out. */
export function UserMenu(): ReactElement {
  const { member } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const name = memberName(member);

  const signOut = (): void => {
    logout.mutate(undefined, {
      onSuccess: () => {
        // A full reload drops every cached query and any secret still held in memory.
        queryClient.clear();
        window.location.assign('/login');
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Sign out failed', message: problemMessage(error) }),
    });
  };

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${name}`}>
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" size="sm" color="indigo">
              {initials(name)}
            </Avatar>
            <div>
              <Text size="sm" fw={600} lh={1.2}>
                {name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} visibleFrom="xs">
                {roleLabel(member.role)} · {member.email}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void navigate({ to: '/settings', search: { tab: 'profile' } })}>
          Profile & security
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={signOut} disabled={logout.isPending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
