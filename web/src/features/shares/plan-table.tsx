import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import type { HubAppRole, HubAsset } from '../../api/hub-types.ts';
import type { Plan, PlanRow } from '../../api/shares.ts';
import { actionWords, pathWords, planCounts, planSummary, roleNames, SHARE_ROLE_LABELS } from './share-labels.ts';

export interface PlanPreviewProps {
  plan: Plan;
  appName: string;
  roles: HubAppRole[];
  assets: HubAsset[];
  /** Removals name what stays ("Access through <team> remains"); shares list every path. */
  kind: 'share' | 'remove' | 'update';
  /** The button that applies it, named in the note: "Share", "Confirm", "Update". */
  applyLabel: string;
  /** Shown instead of the table when the preview has no rows at all. */
  emptyNote?: ReactNode;
}

function accessAfter(row: PlanRow, roles: HubAppRole[], assets: HubAsset[]): ReactElement {
  const { effective } = row;
  if (!effective.hubRole) {
    return (
      <Text size="sm" c="dimmed">
        No access
      </Text>
    );
  }
  const assetNames = effective.assetGrants.map((grant) => {
    const name = assets.find((asset) => asset.id === grant.assetId)?.name ?? 'Asset';
    return grant.access === 'partial' ? `${name} (partial)` : name;
  });
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {!effective.seat ? 'No seat' : effective.appRoleKeys.length ? roleNames(effective.appRoleKeys, roles) : 'Seat with the app’s default role'}
      </Text>
      <Text size="xs" c="dimmed">
        {SHARE_ROLE_LABELS[effective.hubRole]} in Latchkey
        {assetNames.length > 0 ? ` · ${assetNames.join(', ')}` : ''}
      </Text>
    </Stack>
  );
}

function paths(row: PlanRow, kind: PlanPreviewProps['kind']): ReactElement {
  if (row.paths.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {kind === 'share' ? '—' : 'No path left'}
      </Text>
    );
  }
  if (kind === 'remove') {
    const remaining = row.paths.filter((path) => path.via !== 'direct');
    return (
      <Stack gap={2}>
        {remaining.map((path) => (
          <Text key={`${path.via}:${path.label}`} size="sm">
            Access through {path.label} remains
          </Text>
        ))}
        {remaining.length < row.paths.length && <Text size="sm">Individual access remains</Text>}
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      {row.paths.map((path) => (
        <Text key={`${path.via}:${path.label}`} size="sm">
          {pathWords(path)}
        </Text>
      ))}
    </Stack>
  );
}

/** Wide enough for the preview's four columns and a six-step stepper on one line. */
export const PREVIEW_MODAL_SIZE = 1000;

/**
 * The access-change preview (spec §10.4): per person, what happens inside the app — invite with
 * role, role update from → to, downgrade, seat removal, nothing — and the access they end with.
 * Applying with the preview's hash makes the server apply exactly this, or refuse if it changed.
 */
export function PlanPreview({ plan, appName, roles, assets, kind, applyLabel, emptyNote }: PlanPreviewProps): ReactElement {
  const counts = planCounts(plan, appName, roles);
  const summary = planSummary(counts);
  const rows = [...plan.rows].sort((a, b) => Number(actionWords(b, appName, roles).reachesApp) - Number(actionWords(a, appName, roles).reachesApp) || a.name.localeCompare(b.name));
  if (plan.rows.length === 0 && emptyNote) return <>{emptyNote}</>;
  return (
    <Stack gap="sm">
      {summary ? (
        <Alert color="blue" variant="light" title={`${summary} in ${appName}`} role="status">
          <Text size="sm">
            “{applyLabel}” applies exactly the changes below. If anyone’s access changes meanwhile, Latchkey asks you to review again.
          </Text>
        </Alert>
      ) : (
        <Alert color="gray" variant="light" title="No changes" role="status">
          <Text size="sm">
            {kind === 'share'
              ? `Everyone you chose already has this access. Nothing is sent to ${appName}.`
              : `Nothing changes in ${appName}.`}
          </Text>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" aria-label="Changes per person">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230}>Person</Table.Th>
              <Table.Th>What happens in {appName}</Table.Th>
              <Table.Th>Access after</Table.Th>
              <Table.Th>{kind === 'remove' ? 'What remains' : 'Access through'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const words = actionWords(row, appName, roles);
              return (
                <Table.Tr key={row.memberId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {row.name}
                    </Text>
                    {row.name !== row.email && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {row.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Badge color={words.color} variant={words.reachesApp ? 'filled' : 'light'} radius="sm" tt="none">
                        {words.chip}
                      </Badge>
                      <Text size="sm">{words.text}</Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>{accessAfter(row, roles, assets)}</Table.Td>
                  <Table.Td>{paths(row, kind)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
