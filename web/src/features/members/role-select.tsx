import { NativeSelect } from '@mantine/core';
import type { ReactElement } from 'react';
import type { WorkspaceRole } from '../../api/types.ts';
import { ROLE_LABELS } from '../../lib/labels.ts';
import { ROLE_DESCRIPTIONS } from './role-descriptions.ts';

export interface RoleSelectProps {
  value: WorkspaceRole;
  onChange: (role: WorkspaceRole) => void;
  roles: WorkspaceRole[];
  error?: string | undefined;
}

/** Native select (keyboard- and test-friendly) with the chosen role explained below it. */
export function RoleSelect({ value, onChange, roles, error }: RoleSelectProps): ReactElement {
  return (
    <NativeSelect
      label="Role"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as WorkspaceRole)}
      data={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      description={ROLE_DESCRIPTIONS[value]}
      disabled={roles.length <= 1}
      error={error}
    />
  );
}
