import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import type { Hub } from '../../api/hub-types.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { AppLogo } from './app-logo.tsx';
import { HealthChip, HubRoleChip, SyncingChip } from './hub-chips.tsx';

/**
 * One hub on the Business hubs page: app, health (live), your role and the last sync. Collaborators
 * get the card only (spec §6.2); everyone else opens the hub from its label.
 */
export function HubCard({ hub, logo }: { hub: Hub; logo: string | undefined }): ReactElement {
  const opens = hub.myRole !== 'collaborator';
  const needsAttention = hub.health !== 'healthy' && hub.health !== 'under_validation' && hub.healthReason;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={hub.label}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <AppLogo svg={logo} name={hub.appName} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            {opens ? (
              <Anchor fw={600} c="inherit" lineClamp={2} renderRoot={(props) => <Link to="/hubs/$hubId" params={{ hubId: hub.id }} {...props} />}>
                {hub.label}
              </Anchor>
            ) : (
              <Text fw={600} lineClamp={2}>
                {hub.label}
              </Text>
            )}
            <Text size="sm" c="dimmed" truncate="end">
              {hub.appName}
              {hub.businessId ? ` · ${hub.businessId}` : ''}
            </Text>
          </Stack>
        </Group>
        {needsAttention && (
          <Text size="sm" c={hub.health === 'requires_sync' ? 'yellow.9' : 'red.8'} lineClamp={3}>
            {hub.healthReason?.remedy}
          </Text>
        )}
        {hub.myRole === 'collaborator' && (
          <Text size="sm" c="dimmed">
            You’re a Collaborator: you log in to this app through Latchkey; its Owners and Managers handle who has access.
          </Text>
        )}
        <Group justify="space-between" gap="xs" align="flex-end">
          <Group gap={6}>
            <HealthChip health={hub.health} />
            {hub.syncing && <SyncingChip />}
            <HubRoleChip role={hub.myRole} />
          </Group>
          <Text size="xs" c="dimmed" title={hub.lastSyncedAt ? formatDateTime(hub.lastSyncedAt) : undefined}>
            {hub.lastSyncedAt ? `Synced ${formatRelative(hub.lastSyncedAt)}` : 'Not synced yet'}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
