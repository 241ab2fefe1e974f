import { Badge, Checkbox, Group, Paper, Radio, Stack, Tabs, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import type { AppManifest, HubAsset } from '../../api/hub-types.ts';
import type { AssetGrantInput } from '../../api/shares.ts';
import { humanize } from '../../lib/labels.ts';

/**
 * Asset types in the app's order, then any the last sync found that the catalog doesn't name.
 * `assignable: false` (the manifest's, e.g. Meta pixels) are listed read-only: Latchkey can't grant them.
 */
export function assetTypes(assets: HubAsset[], app: AppManifest | undefined): { type: string; label: string; assignable: boolean }[] {
  const types = new Map<string, { label: string; assignable: boolean }>((app?.assetTypes ?? []).map((type) => [type.type, { label: type.label, assignable: type.assignable !== false }]));
  for (const asset of assets) if (!types.has(asset.type)) types.set(asset.type, { label: humanize(asset.type), assignable: true });
  return [...types.entries()].map(([type, t]) => ({ type, ...t }));
}

/** Whether there is anything to choose: an "Assign assets" step only when some type can be assigned. */
export function offersAssets(assets: HubAsset[], app: AppManifest | undefined): boolean {
  return assetTypes(assets, app).some((type) => type.assignable);
}

/** Partial access needs at least one permission; returns the names of assets that lack one. */
export function incompleteGrants(value: AssetGrantInput[], assets: HubAsset[]): string[] {
  return value
    .filter((grant) => grant.access === 'partial' && grant.permissions.length === 0)
    .map((grant) => assets.find((asset) => asset.id === grant.assetId)?.name ?? 'an asset');
}

export interface AssetPickerProps {
  assets: HubAsset[];
  app: AppManifest | undefined;
  appName: string;
  value: AssetGrantInput[];
  onChange: (grants: AssetGrantInput[]) => void;
  /** Show "Choose at least one permission" under incomplete partial grants. */
  showErrors: boolean;
}

/** "Assign assets": one tab per asset type; per asset "Full access" or "Partial access" with permissions. */
export function AssetPicker({ assets, app, appName, value, onChange, showErrors }: AssetPickerProps): ReactElement {
  const types = assetTypes(assets, app);
  const [tab, setTab] = useState<string | null>((types.find((type) => type.assignable) ?? types[0])?.type ?? null);
  if (assets.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The last sync found no assets in {appName}. People get their app role only; you can assign assets later.
      </Text>
    );
  }
  const grantOf = (assetId: string): AssetGrantInput | undefined => value.find((grant) => grant.assetId === assetId);
  const put = (next: AssetGrantInput): void => onChange([...value.filter((grant) => grant.assetId !== next.assetId), next]);
  const drop = (assetId: string): void => onChange(value.filter((grant) => grant.assetId !== assetId));
  const chosenIn = (type: string): number => value.filter((grant) => assets.find((asset) => asset.id === grant.assetId)?.type === type).length;

  return (
    <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
      <Tabs.List aria-label="Asset types">
        {types.map(({ type, label }) => (
          <Tabs.Tab
            key={type}
            value={type}
            rightSection={
              chosenIn(type) > 0 ? (
                <Badge size="xs" circle aria-label={`${chosenIn(type)} chosen`}>
                  {chosenIn(type)}
                </Badge>
              ) : undefined
            }
          >
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {types.map(({ type, label, assignable }) => {
        const ofType = assets.filter((asset) => asset.type === type);
        return (
          <Tabs.Panel key={type} value={type} pt="sm">
            {!assignable ? (
              <ReadOnlyAssets assets={ofType} label={label} appName={appName} />
            ) : ofType.length === 0 ? (
              <Text size="sm" c="dimmed">
                No {label.toLowerCase()} in {appName} yet.
              </Text>
            ) : (
              <Stack gap="xs">
                {ofType.map((asset) => {
                  const grant = grantOf(asset.id);
                  const missing = showErrors && grant?.access === 'partial' && grant.permissions.length === 0;
                  return (
                    <Paper key={asset.id} withBorder radius="sm" p="sm">
                      <Stack gap={6}>
                        <Checkbox
                          label={asset.name}
                          description={`ID in ${appName}: ${asset.externalId}`}
                          checked={Boolean(grant)}
                          onChange={(event) => (event.currentTarget.checked ? put({ assetId: asset.id, access: 'full', permissions: [] }) : drop(asset.id))}
                        />
                        {grant && (
                          <Stack gap={6} pl={32}>
                            <Radio.Group
                              aria-label={`Access to ${asset.name}`}
                              value={grant.access}
                              onChange={(access) => put({ assetId: asset.id, access: access as AssetGrantInput['access'], permissions: access === 'full' ? [] : grant.permissions })}
                            >
                              <Group gap="lg">
                                <Radio value="full" label="Full access" />
                                <Radio
                                  value="partial"
                                  label="Partial access"
                                  disabled={!asset.supportsPartial}
                                  description={asset.supportsPartial ? undefined : `${appName} only grants full access here`}
                                />
                              </Group>
                            </Radio.Group>
                            {grant.access === 'partial' && (
                              <Checkbox.Group
                                aria-label={`Permissions on ${asset.name}`}
                                value={grant.permissions}
                                onChange={(permissions) => put({ ...grant, permissions })}
                                error={missing ? 'Choose at least one permission, or give full access.' : undefined}
                              >
                                <Group gap="md" mt={4}>
                                  {asset.permissions.map((permission) => (
                                    <Checkbox key={permission} value={permission} label={humanize(permission)} size="xs" />
                                  ))}
                                </Group>
                              </Checkbox.Group>
                            )}
                          </Stack>
                        )}
                      </Stack>
                    </Paper>
                  );
                })}
              </Stack>
            )}
          </Tabs.Panel>
        );
      })}
    </Tabs>
  );
}

/** A type the app won't let Latchkey assign: listed for reference, with where to give access instead. */
function ReadOnlyAssets({ assets, label, appName }: { assets: HubAsset[]; label: string; appName: string }): ReactElement {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Managed in {appName}. Latchkey can’t assign {label.toLowerCase()}; give people access to them in {appName}.
      </Text>
      {assets.map((asset) => (
        <Paper key={asset.id} withBorder radius="sm" p="sm" aria-label={asset.name}>
          <Text size="sm">{asset.name}</Text>
          <Text size="xs" c="dimmed">
            ID in {appName}: {asset.externalId}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
