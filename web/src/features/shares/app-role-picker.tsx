import { Checkbox, Radio, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { AppManifest, HubAppRole } from '../../api/hub-types.ts';
import { humanize } from '../../lib/labels.ts';

export interface RoleGroupView {
  key: string;
  label: string;
  model: 'rank' | 'permission' | (string & {});
  roles: HubAppRole[];
}

/** The hub's assignable app roles by group, highest rank first, labelled as the app does. */
export function roleGroups(roles: HubAppRole[], app: AppManifest | undefined): RoleGroupView[] {
  const groups = new Map<string, RoleGroupView>();
  for (const role of roles) {
    if (!role.assignable) continue;
    const group = groups.get(role.group) ?? {
      key: role.group,
      label: app?.roleGroups.find((candidate) => candidate.key === role.group)?.label ?? humanize(role.group),
      model: role.model,
      roles: [],
    };
    group.roles.push(role);
    groups.set(role.group, group);
  }
  for (const group of groups.values()) group.roles.sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0));
  return [...groups.values()];
}

/** The app's default roles (spec §5.7 step 3: preselected). */
export function defaultRoleKeys(roles: HubAppRole[]): string[] {
  return roles.filter((role) => role.assignable && role.isDefault).map((role) => role.key);
}

export interface AppRolePickerProps {
  groups: RoleGroupView[];
  value: string[];
  onChange: (keys: string[]) => void;
  appName: string;
}

/**
 * "Define App Role": a rank group takes one role (radios), a permission group any set (checkboxes).
 * The value is the flat list of role keys across groups.
 */
export function AppRolePicker({ groups, value, onChange, appName }: AppRolePickerProps): ReactElement {
  if (groups.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {appName} has no roles Latchkey can assign; people get the app’s standard access.
      </Text>
    );
  }
  const inGroup = (group: RoleGroupView): string[] => value.filter((key) => group.roles.some((role) => role.key === key));
  const replaceGroup = (group: RoleGroupView, keys: string[]): void => {
    const others = value.filter((key) => !group.roles.some((role) => role.key === key));
    onChange([...others, ...keys]);
  };
  return (
    <Stack gap="lg">
      {groups.map((group) =>
        group.model === 'rank' ? (
          <Radio.Group
            key={group.key}
            label={group.label}
            description={`One role. A person with several paths gets the highest of them in ${appName}.`}
            value={inGroup(group)[0] ?? null}
            onChange={(key) => replaceGroup(group, [key])}
          >
            <Stack gap={6} mt="xs">
              {group.roles.map((role) => (
                <Radio key={role.key} value={role.key} label={role.label} description={role.isDefault ? `${appName}’s default role` : undefined} />
              ))}
            </Stack>
          </Radio.Group>
        ) : (
          <Checkbox.Group
            key={group.key}
            label={group.label}
            description={`Any set of permissions. Several paths add up to the union of their permissions in ${appName}.`}
            value={inGroup(group)}
            onChange={(keys) => replaceGroup(group, keys)}
          >
            <Stack gap={6} mt="xs">
              {group.roles.map((role) => (
                <Checkbox key={role.key} value={role.key} label={role.label} />
              ))}
            </Stack>
          </Checkbox.Group>
        ),
      )}
    </Stack>
  );
}
