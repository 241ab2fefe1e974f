import { Anchor, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import type { Hub } from '../../api/hub-types.ts';
import { useHubAppRoles, useHubAssets } from '../../api/hubs.ts';
import { useHubTeamGrants, useRemoveTeam, type RemoveTeamMode, type TeamGrant } from '../../api/shares.ts';
import { useTeams } from '../../api/teams.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TableSkeleton } from '../../components/table-skeleton.tsx';
import { RemovalDialog } from './removal-dialog.tsx';
import { planCounts, planSummary } from './share-labels.ts';

export interface TeamsPanelProps {
  hub: Hub;
  onShare: () => void;
}

/** The hub's Teams tab (spec §5.15): teams holding the hub, what removing each would do, and "Remove team". */
export function TeamsPanel({ hub, onShare }: TeamsPanelProps): ReactElement {
  const teams = useTeams();
  const grants = useHubTeamGrants(hub.id, teams.data);
  const roles = useHubAppRoles(hub.id);
  const [removing, setRemoving] = useState<TeamGrant | null>(null);
  const error = teams.error ?? grants.error;
  const rows = grants.data ?? [];

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Teams that hold {hub.label}. A team’s access applies to each member: people who join get it, people who leave lose it unless another
        path keeps them.
      </Text>
      {error && <ProblemAlert error={error} title="Couldn’t load the teams" />}
      {(teams.isPending || grants.isPending) && !error && <TableSkeleton rows={2} />}
      {grants.isSuccess && rows.length === 0 && (
        <EmptyState title="No team holds this hub" action={{ label: 'Share', onClick: onShare }}>
          Share {hub.label} with a team to give every member the same access in {hub.appName}, and keep it in step as the team changes.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label={`Teams with access to ${hub.label}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>If the team is removed</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((grant) => (
                <Table.Tr key={grant.team.id}>
                  <Table.Td>
                    <Anchor size="sm" fw={500} renderRoot={(props) => <Link to="/teams/$teamId" params={{ teamId: grant.team.id }} {...props} />}>
                      {grant.team.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{grant.team.memberCount}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{planSummary(planCounts(grant.preview, hub.appName, roles.data ?? [])) ?? `No change in ${hub.appName}`}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(grant)} aria-label={`Remove team ${grant.team.name}`}>
                      Remove team
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && <RemoveTeamModal hub={hub} grant={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

/**
 * "Remove team": "Remove the team members' seats and permissions in <app name>" (each member
 * recomputed: removed, downgraded or unchanged) or "Keep members' seats and manage them
 * individually" (the team grant becomes individual grants; nothing changes in the app).
 */
export function RemoveTeamModal({ hub, grant, onClose }: { hub: Hub; grant: TeamGrant; onClose: () => void }): ReactElement {
  const remove = useRemoveTeam(hub.id);
  const roles = useHubAppRoles(hub.id);
  const assets = useHubAssets(hub.id);
  const app = hub.appName;
  const team = grant.team.name;
  return (
    <RemovalDialog<RemoveTeamMode>
      title="Remove team"
      intro={
        <Text size="sm">
          Remove <b>{team}</b>’s access to {hub.label}. Members with their own access, or access through another team or a collection, keep
          the best of what remains.
        </Text>
      }
      options={[
        {
          value: 'remove_seats',
          label: `Remove the team members' seats and permissions in ${app}`,
          description: `Each member is recomputed: removed from ${app} if nothing else gives access, downgraded if what remains is lower.`,
        },
        {
          value: 'keep_individually',
          label: "Keep members' seats and manage them individually",
          description: `The team’s access becomes individual access for each member. Nothing changes in ${app}.`,
        },
      ]}
      initialMode="remove_seats"
      appName={app}
      roles={roles.data ?? []}
      assets={assets.data ?? []}
      run={(mode, dryRun, previewHash) => remove.mutateAsync({ input: { teamId: grant.team.id, mode, ...(previewHash ? { previewHash } : {}) }, dryRun })}
      confirmText={(mode, plan) =>
        mode === 'keep_individually'
          ? `${team} stops holding ${hub.label}; its members keep their access as individuals.`
          : `${planSummary(planCounts(plan, app, roles.data ?? [])) ?? 'No change in the app'}, as previewed above.`
      }
      onDone={(plan, mode) => {
        notifications.show({
          color: 'teal',
          title: 'Team removed',
          message:
            mode === 'keep_individually'
              ? `${team}’s members now hold ${hub.label} individually.`
              : `${planSummary(planCounts(plan, app, roles.data ?? [])) ?? `Nothing changed in ${app}`}. Follow it on the Automation tab.`,
        });
        onClose();
      }}
      onClose={onClose}
    />
  );
}
