import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { useSession } from '../../api/session.ts';
import { formatDate } from '../../lib/format.ts';
import { memberName, roleLabel } from '../../lib/labels.ts';

function Field({ label, value }: { label: string; value: string }): ReactElement {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

export function ProfileSection(): ReactElement {
  const { member, workspace } = useSession();
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          Profile
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label="Name" value={memberName(member)} />
          <Field label="Email" value={member.email} />
          <Field label="Role" value={`${roleLabel(member.role)} in ${workspace.name}`} />
          <Field label="Member since" value={formatDate(member.activatedAt ?? member.createdAt)} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
