import { NativeSelect } from '@mantine/core';
import type { ReactElement } from 'react';
import type { TeamRole } from '../../api/types.ts';
import { TEAM_ROLE_LABELS } from '../../lib/labels.ts';

const OPTIONS = (Object.keys(TEAM_ROLE_LABELS) as TeamRole[])
  .reverse()
  .map((role) => ({ value: role, label: TEAM_ROLE_LABELS[role] }));

export function TeamRoleSelect({ value, onChange }: { value: TeamRole; onChange: (role: TeamRole) => void }): ReactElement {
  return (
    <NativeSelect
      label="Team role"
      description="Team admins can add and remove people, change team roles, rename and delete the team."
      data={OPTIONS}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as TeamRole)}
    />
  );
}
