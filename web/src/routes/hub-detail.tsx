import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type ReactElement } from 'react';
import { hasCode } from '../api/api-error.ts';
import type { UsersTab } from '../api/hub-types.ts';
import { useApps, useHub, useHubSync } from '../api/hubs.ts';
import { useJobStream } from '../api/job-stream.ts';
import { problemMessage } from '../api/problem-messages.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { AppLogo } from '../features/hubs/app-logo.tsx';
import { AssetsTab } from '../features/hubs/assets-tab.tsx';
import { HealthChip, HubRoleChip, SyncingChip } from '../features/hubs/hub-chips.tsx';
import { HubHealthAlert } from '../features/hubs/hub-health-alert.tsx';
import { HubJobs } from '../features/hubs/hub-jobs.tsx';
import { canChangeSettings, canManagePeople, LOGIN_METHOD_LABELS } from '../features/hubs/hub-labels.ts';
import { HubSettings } from '../features/hubs/hub-settings.tsx';
import { ReviewSyncModal } from '../features/hubs/review-sync-modal.tsx';
import { serverWords } from '../features/hubs/server-words.ts';
import { UsersTabPanel } from '../features/hubs/users-tab.tsx';
import { AddToCollectionModal } from '../features/collections/add-to-collection-modal.tsx';
import { ShareWizard } from '../features/shares/share-wizard.tsx';
import { TeamsPanel } from '../features/shares/teams-panel.tsx';
import { formatDateTime, formatRelative } from '../lib/format.ts';

export const HUB_TABS = ['users', 'teams', 'assets', 'automation', 'settings'] as const;
export type HubTab = (typeof HUB_TABS)[number];

export interface HubSearch {
  tab?: HubTab;
  users?: UsersTab;
  /** Just connected through the app's authorisation page (the provider sent the browser back here). */
  connected?: 'oauth';
}

export interface HubDetailPageProps {
  hubId: string;
  search: HubSearch;
  onSearchChange: (next: HubSearch, opts?: { replace?: boolean }) => void;
}

export function HubDetailPage({ hubId, search, onSearchChange }: HubDetailPageProps): ReactElement {
  const hub = useHub(hubId);
  const apps = useApps();
  const sync = useHubSync(hubId);
  const [reviewing, setReviewing] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [collecting, setCollecting] = useState(false);
  useJobStream();

  // Back from "Authorise with <provider>": the same word as the wizard's own connect, then a clean URL.
  const justConnected = search.connected === 'oauth' ? hub.data : undefined;
  useEffect(() => {
    if (!justConnected) return;
    notifications.show({
      id: `hub-connected-${justConnected.id}`,
      color: 'teal',
      title: 'Business hub connected',
      message: `Latchkey is validating ${justConnected.label} and will then import its people. Follow it live on this page.`,
    });
    const { connected: _done, ...rest } = search;
    onSearchChange(rest, { replace: true });
  }, [justConnected, search, onSearchChange]);

  const backLink = (
    <Anchor size="sm" renderRoot={(props) => <Link to="/hubs" {...props} />}>
      ← Business hubs
    </Anchor>
  );

  if (hub.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading the business hub">
        {backLink}
        <Skeleton height={36} width={320} />
        <Skeleton height={20} width={260} />
        <Skeleton height={240} />
      </Stack>
    );
  }
  if (hub.isError) {
    return (
      <Stack>
        {backLink}
        {hasCode(hub.error, 'not_found') ? (
          <EmptyState title="Business hub not found">
            This hub was deleted from Latchkey, or it isn’t shared with you. Go back to Business hubs to find the one you need, or ask
            its Owner for access.
          </EmptyState>
        ) : (
          <ProblemAlert error={hub.error} title="Couldn’t load the business hub" />
        )}
      </Stack>
    );
  }

  const data = hub.data;
  const app = apps.data?.find((candidate) => candidate.key === data.appKey);
  const businessIdLabel = app?.businessIdField.label ?? 'Business ID';
  const canManage = canManagePeople(data.myRole);
  const isOwner = canChangeSettings(data.myRole);
  const tabs: HubTab[] = canManage ? ['users', 'teams', 'assets', 'automation', ...(isOwner ? (['settings'] as const) : [])] : [];
  const active: HubTab | null = search.tab && tabs.includes(search.tab) ? search.tab : (tabs[0] ?? null);

  const checkForUpdates = (): void => {
    sync.mutate('sync', {
      onSuccess: () => notifications.show({ color: 'teal', message: `Checking ${data.appName} for updates. The Users tab refreshes when the sync is done.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Couldn’t start the sync', message: problemMessage(error, serverWords(error)) }),
    });
  };
  const syncBusy = sync.isPending || data.syncing;

  return (
    <>
      {backLink}
      <PageHeader
        title={
          <Group gap="sm" wrap="nowrap" component="span">
            <AppLogo svg={app?.logo} name={data.appName} size={36} />
            <span>{data.label}</span>
          </Group>
        }
        description={
          <>
            {data.appName}
            {data.businessId ? ` · ${businessIdLabel} ${data.businessId}` : ''} · Login: {LOGIN_METHOD_LABELS[data.loginMethod]}
            {data.loginMethod === 'username_password' && !data.requestToSave ? ' (managed outside Latchkey)' : ''}
          </>
        }
        actions={
          canManage && (
            <>
              <Button variant="default" onClick={checkForUpdates} loading={syncBusy} disabled={syncBusy || data.health === 'under_validation'}>
                Check for updates
              </Button>
              {isOwner && (
                <Button variant="default" onClick={() => setCollecting(true)}>
                  Add to Collection
                </Button>
              )}
              <Button onClick={() => setSharing(true)}>Share</Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <Group gap="xs" aria-label="Hub status">
          <HealthChip health={data.health} />
          {data.syncing && <SyncingChip />}
          <HubRoleChip role={data.myRole} />
          <Text size="sm" c="dimmed" title={formatDateTime(data.lastSyncedAt)}>
            {data.lastSyncedAt ? `Last synced ${formatRelative(data.lastSyncedAt)}` : 'Not synced yet'}
          </Text>
        </Group>
        <HubHealthAlert
          hub={data}
          businessIdLabel={businessIdLabel}
          onOpenSettings={() => onSearchChange({ ...search, tab: 'settings' })}
          onReviewSync={() => setReviewing(true)}
          onSync={checkForUpdates}
          syncPending={sync.isPending}
        />

        {!canManage && <ReadOnlyNotice role={data.myRole} appName={data.appName} />}

        {active && (
          <Tabs value={active} onChange={(value) => value && onSearchChange({ ...search, tab: value as HubTab })} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="users">Users</Tabs.Tab>
              <Tabs.Tab value="teams">Teams</Tabs.Tab>
              <Tabs.Tab value="assets">Assets</Tabs.Tab>
              <Tabs.Tab value="automation">Automation</Tabs.Tab>
              {isOwner && <Tabs.Tab value="settings">Settings</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="users">
              <UsersTabPanel
                hub={data}
                tab={search.users ?? 'all'}
                onTabChange={(users) => onSearchChange({ ...search, users })}
                canManage={canManage}
                onOpenTeams={() => onSearchChange({ ...search, tab: 'teams' })}
              />
            </Tabs.Panel>
            <Tabs.Panel value="teams">
              <TeamsPanel hub={data} onShare={() => setSharing(true)} />
            </Tabs.Panel>
            <Tabs.Panel value="assets">
              <AssetsTab hub={data} app={app} />
            </Tabs.Panel>
            <Tabs.Panel value="automation">
              <HubJobs hub={data} />
            </Tabs.Panel>
            {isOwner && (
              <Tabs.Panel value="settings">
                <HubSettings hub={data} app={app} onReplaceCredential={data.health === 'review_service_account'} />
              </Tabs.Panel>
            )}
          </Tabs>
        )}
      </Stack>
      {reviewing && data.haltedSync && <ReviewSyncModal hub={data} halted={data.haltedSync} onClose={() => setReviewing(false)} />}
      {sharing && <ShareWizard hub={data} app={app} onClose={() => setSharing(false)} />}
      {collecting && <AddToCollectionModal hub={data} onClose={() => setCollecting(false)} />}
    </>
  );
}

function ReadOnlyNotice({ role, appName }: { role: string | null; appName: string }): ReactElement {
  if (role === 'collaborator') {
    return (
      <Alert color="gray" variant="light" title="You’re a Collaborator on this hub">
        You log in to {appName} through Latchkey. The hub’s Owners and Managers handle who has access; ask one of them if you need more.
      </Alert>
    );
  }
  return (
    <Paper withBorder radius="md" p="lg">
      <Text size="sm">
        As a workspace admin you see this hub’s health, read-only. Its people, assets and settings are for the hub’s Owners and Managers;
        ask an Owner to share the hub with you if you need to manage it.
      </Text>
    </Paper>
  );
}
