import { Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import { useSession } from '../../api/session.ts';
import type { Workspace } from '../../api/types.ts';
import { useRenameWorkspace, useWorkspace } from '../../api/workspace.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** Admins only. Falls back to the session's copy while GET /workspace loads. */
export function WorkspaceSettings(): ReactElement {
  const session = useSession();
  const workspace = useWorkspace();
  const current = workspace.data ?? session.workspace;
  return <WorkspaceNameForm key={current.name} workspace={current} loadError={workspace.error} />;
}

function WorkspaceNameForm({ workspace, loadError }: { workspace: Workspace; loadError: Error | null }): ReactElement {
  const rename = useRenameWorkspace();
  const form = useForm({
    initialValues: { name: workspace.name },
    validate: { name: (value) => (value.trim() ? null : 'The workspace needs a name.') },
  });
  const submit = form.onSubmit((values) => {
    rename.mutate(
      { name: values.name.trim() },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', message: `Workspace renamed to ${saved.name}.` }),
        onError: (error) => form.setErrors(fieldErrorsByKey(error)),
      },
    );
  });

  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={520}>
          <Title order={2} size="h4">
            Workspace
          </Title>
          <ProblemAlert error={rename.error ?? loadError} title="Couldn’t save the workspace" />
          <TextInput
            label="Workspace name"
            description="Shown in the header and in every invitation email."
            required
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Workspace ID"
            description="Used to pick this workspace when one email belongs to several. It doesn't change."
            value={workspace.slug}
            readOnly
            ff="monospace"
          />
          <Group>
            <Button type="submit" loading={rename.isPending} disabled={rename.isPending || !form.isDirty()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
