import { Badge, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import type { AppManifest, Hub, HubAsset } from '../../api/hub-types.ts';
import { useHubAssets } from '../../api/hubs.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TableSkeleton } from '../../components/table-skeleton.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { humanize } from '../../lib/labels.ts';

/** The Assets tab: one sub-tab per asset type the app has (spec §3.10), from the last sync. */
export function AssetsTab({ hub, app }: { hub: Hub; app: AppManifest | undefined }): ReactElement {
  const assets = useHubAssets(hub.id);
  const types = new Map<string, string>((app?.assetTypes ?? []).map((type) => [type.type, type.label]));
  for (const asset of assets.data ?? []) if (!types.has(asset.type)) types.set(asset.type, humanize(asset.type));
  // Types the app only lets Latchkey read (e.g. Meta pixels): listed like the rest, granted in the app.
  const readOnly = new Set((app?.assetTypes ?? []).filter((type) => type.assignable === false).map((type) => type.type));
  const [chosen, setChosen] = useState<string | null>(null);
  const active = chosen && types.has(chosen) ? chosen : ([...types.keys()][0] ?? null);

  if (assets.isPending) return <TableSkeleton rows={3} />;
  if (assets.isError) return <ProblemAlert error={assets.error} title="Couldn’t load assets" />;
  if (types.size === 0) {
    return (
      <EmptyState title="No assets in this app">
        {hub.appName} has no asset types Latchkey manages, such as ad accounts or pages. People’s access is their role alone.
      </EmptyState>
    );
  }

  const byType = (type: string): HubAsset[] => (assets.data ?? []).filter((asset) => asset.type === type);
  return (
    <Tabs value={active} onChange={setChosen} variant="outline" keepMounted={false}>
      <Tabs.List aria-label="Asset types">
        {[...types.entries()].map(([type, label]) => (
          <Tabs.Tab key={type} value={type} rightSection={<Badge size="xs" variant="light" color="gray" circle>{byType(type).length}</Badge>}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {[...types.entries()].map(([type, label]) => (
        <Tabs.Panel key={type} value={type} pt="md">
          <AssetTable assets={byType(type)} label={label} hub={hub} readOnly={readOnly.has(type)} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function AssetTable({ assets, label, hub, readOnly }: { assets: HubAsset[]; label: string; hub: Hub; readOnly: boolean }): ReactElement {
  const note = readOnly ? (
    <Text size="sm" c="dimmed" mb="sm">
      Managed in {hub.appName}. Latchkey syncs {label.toLowerCase()} and who holds them, but can’t assign them; give people access in {hub.appName}.
    </Text>
  ) : null;
  if (assets.length === 0) {
    return (
      <EmptyState title={`No ${label.toLowerCase()} found`}>
        The last sync found no {label.toLowerCase()} in {hub.appName}. Add them in the app, then use “Check for updates”.
      </EmptyState>
    );
  }
  return (
    <>
      {note}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>ID in {hub.appName}</Table.Th>
              <Table.Th>Permissions it offers</Table.Th>
              <Table.Th>Last seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {assets.map((asset) => (
              <Table.Tr key={asset.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {asset.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {asset.externalId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Group gap={4}>
                      {asset.permissions.map((permission) => (
                        <Badge key={permission} size="xs" variant="outline" color="gray" tt="none">
                          {humanize(permission)}
                        </Badge>
                      ))}
                    </Group>
                    {asset.supportsPartial && !readOnly && (
                      <Text size="xs" c="dimmed">
                        Full or partial access
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(asset.lastSeenAt)}>
                    {asset.lastSeenAt ? formatRelative(asset.lastSeenAt) : '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
