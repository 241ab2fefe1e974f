import { Stack, Tabs } from '@mantine/core';
import type { ReactElement } from 'react';
import { useSession } from '../api/session.ts';
import { PageHeader } from '../components/page-header.tsx';
import { OutboxList } from '../features/settings/outbox-list.tsx';
import { ProfileSection } from '../features/settings/profile-section.tsx';
import { TwoFactorSection } from '../features/settings/two-factor-section.tsx';
import { WorkspaceSettings } from '../features/settings/workspace-settings.tsx';
import { isWorkspaceAdmin } from '../lib/permissions.ts';

export const SETTINGS_TABS = ['profile', 'workspace', 'outbox'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

export interface SettingsPageProps {
  tab: SettingsTab;
  onTabChange: (tab: SettingsTab) => void;
}

export function SettingsPage({ tab, onTabChange }: SettingsPageProps): ReactElement {
  const { member } = useSession();
  const isAdmin = isWorkspaceAdmin(member.role);
  const active: SettingsTab = isAdmin ? tab : 'profile';
  const change = (value: string | null): void => {
    const next = SETTINGS_TABS.find((candidate) => candidate === value);
    if (next) onTabChange(next);
  };

  return (
    <>
      <PageHeader
        title="Settings"
        description={isAdmin ? 'Your profile and sign-in security, this workspace, and its email outbox.' : 'Your profile and sign-in security.'}
      />
      <Tabs value={active} onChange={change} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile">Profile & security</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="workspace">Workspace</Tabs.Tab>}
          {isAdmin && <Tabs.Tab value="outbox">Outbox</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="profile">
          <Stack gap="md">
            <ProfileSection />
            <TwoFactorSection />
          </Stack>
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="workspace">
            <WorkspaceSettings />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="outbox">
            <OutboxList />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
