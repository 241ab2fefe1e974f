import { AppShell, Burger, Divider, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { useSession } from '../../api/session.ts';
import { AppNavbar } from './app-navbar.tsx';
import { UserMenu } from './user-menu.tsx';

/** Signed-in frame: header with workspace and member menu, left navigation, page outlet. */
export function AppLayout(): ReactElement {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { workspace } = useSession();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} c="indigo.7">
              Latchkey
            </Text>
            <Divider orientation="vertical" />
            <Text fw={600} truncate="end" data-testid="workspace-name">
              {workspace.name}
            </Text>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppNavbar onNavigate={close} />
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
