import { Badge, Loader, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Hub, HubMemberState, HubRole, JobStatus } from '../../api/hub-types.ts';
import { ACTIVE_JOB_STATUSES, HUB_ROLE_LABELS, IN_FLIGHT_STATES, healthChip, jobStatusChip, memberStateChip } from './hub-labels.ts';

const spinner = <Loader size={10} color="currentColor" aria-hidden="true" />;

/** Hub health (spec §4.1); "Under validation" spins while the check runs. */
export function HealthChip({ health }: { health: Hub['health'] }): ReactElement {
  const chip = healthChip(health);
  return (
    <Badge color={chip.color} variant="light" radius="sm" tt="none" leftSection={health === 'under_validation' ? spinner : undefined} data-testid="hub-health">
      {chip.label}
    </Badge>
  );
}

/** Shown next to the health while a sync job runs (`hub.syncing`). */
export function SyncingChip(): ReactElement {
  return (
    <Badge color="blue" variant="outline" radius="sm" tt="none" leftSection={spinner} role="status">
      Syncing
    </Badge>
  );
}

export function HubRoleChip({ role }: { role: HubRole | null }): ReactElement {
  if (!role) {
    return (
      <Badge color="gray" variant="outline" radius="sm" tt="none" title="Workspace admins see every hub’s health, read-only">
        Read-only
      </Badge>
    );
  }
  return (
    <Badge color={role === 'owner' ? 'indigo' : role === 'collaborator' ? 'cyan' : 'violet'} variant="light" radius="sm" tt="none">
      {HUB_ROLE_LABELS[role]}
    </Badge>
  );
}

/** One chip per hub-member state (spec §4.3); onboarded people get the words "Onboarded" instead. */
export function MemberStateChip({ state }: { state: HubMemberState }): ReactElement {
  const chip = memberStateChip(state);
  if (!chip) {
    return (
      <Text size="sm" c="dimmed">
        Onboarded
      </Text>
    );
  }
  return (
    <Badge color={chip.color} variant="light" radius="sm" tt="none" leftSection={IN_FLIGHT_STATES.has(state) ? spinner : undefined}>
      {chip.label}
    </Badge>
  );
}

/** Job status (spec §4.4); active jobs spin, so progress shows at a glance. */
export function JobStatusChip({ status }: { status: JobStatus }): ReactElement {
  const chip = jobStatusChip(status);
  return (
    <Badge color={chip.color} variant="light" radius="sm" tt="none" leftSection={ACTIVE_JOB_STATUSES.has(status) ? spinner : undefined}>
      {chip.label}
    </Badge>
  );
}
