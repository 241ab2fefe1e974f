import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import type { Hub } from '../../api/hub-types.ts';
import { formatRelative } from '../../lib/format.ts';
import { canChangeSettings, canManagePeople, healthChip } from './hub-labels.ts';

export interface HubHealthAlertProps {
  hub: Hub;
  businessIdLabel: string;
  onOpenSettings: () => void;
  onReviewSync: () => void;
  onSync: () => void;
  syncPending: boolean;
}

/**
 * Under the hub header: why the hub isn't healthy and the one action that fixes it (spec §4.1,
 * §8 — the server sends the `remedy`). Healthy hubs show nothing.
 */
export function HubHealthAlert({ hub, businessIdLabel, onOpenSettings, onReviewSync, onSync, syncPending }: HubHealthAlertProps): ReactElement | null {
  const isOwner = canChangeSettings(hub.myRole);
  const canManage = canManagePeople(hub.myRole);

  if (hub.haltedSync) {
    const halted = hub.haltedSync;
    const count = halted.removals.length + halted.assets.length;
    return (
      <Alert color="yellow" variant="light" title="Sync halted by the safeguard">
        <Stack gap="xs">
          <Text size="sm">
            The last sync would remove {count} of {halted.population} people and assets — more than the {halted.pct} % safeguard — so
            nothing was changed. {canManage ? 'Review the removals, then apply them or cancel.' : 'An Owner or Manager of this hub must review it.'}
          </Text>
          {canManage && (
            <Group>
              <Button size="xs" color="yellow" onClick={onReviewSync}>
                Review sync
              </Button>
            </Group>
          )}
        </Stack>
      </Alert>
    );
  }

  if (hub.health === 'under_validation') {
    return (
      <Alert color="blue" variant="light" title="Checking the connection" icon={<Loader size="xs" />} role="status">
        Latchkey is checking the {businessIdLabel} and the service account, then imports people, roles and assets. This page updates by
        itself.
      </Alert>
    );
  }

  if (hub.health === 'healthy') return null;

  const reason = hub.healthReason;
  const chip = healthChip(hub.health);
  const action = ((): ReactElement | null => {
    if (hub.health === 'review_service_account') {
      return isOwner ? (
        <Button size="xs" color="red" onClick={onOpenSettings}>
          Replace the service account
        </Button>
      ) : null;
    }
    if (hub.health === 'review_configuration') {
      return isOwner ? (
        <Button size="xs" color="red" onClick={onOpenSettings}>
          Open Settings
        </Button>
      ) : null;
    }
    if (hub.health === 'requires_sync' && canManage) {
      return (
        <Button size="xs" color="yellow" onClick={onSync} loading={syncPending || hub.syncing} disabled={syncPending || hub.syncing}>
          Sync now
        </Button>
      );
    }
    return null;
  })();
  const needsOwner = !action && (hub.health === 'review_service_account' || hub.health === 'review_configuration');

  return (
    <Alert color={chip.color} variant="light" title={chip.label}>
      <Stack gap="xs">
        {reason?.message && <Text size="sm">{reason.message}</Text>}
        {reason?.remedy && (
          <Text size="sm">
            <strong>What to do:</strong> {reason.remedy}
            {needsOwner ? ' Only an Owner of this hub can do this.' : ''}
          </Text>
        )}
        <Group gap="md">
          {action}
          {reason?.jobId && (
            <Anchor size="sm" renderRoot={(props) => <Link to="/automation" search={{ job: reason.jobId ?? undefined }} {...props} />}>
              See the job
            </Anchor>
          )}
          {reason && (
            <Text size="xs" c="dimmed">
              {reason.code} · since {formatRelative(reason.since)}
            </Text>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
