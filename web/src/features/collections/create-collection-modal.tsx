import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import { useCreateCollection, type Collection } from '../../api/collections.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** "New collection": a folder of business hubs shared as one; the creator becomes its Owner. */
export function CreateCollectionModal({ onClose, onCreated }: { onClose: () => void; onCreated: (collection: Collection) => void }): ReactElement {
  const create = useCreateCollection();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = !name.trim();
  const submit = (): void => {
    setTouched(true);
    if (missing) return;
    create.mutate({ name: name.trim() }, { onSuccess: onCreated });
  };
  return (
    <AppModal opened onClose={onClose} title="New collection">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <ProblemAlert error={create.error} title="Couldn’t create the collection" />
          <Text size="sm">
            Group business hubs you share together, e.g. everything an agency works on. You become the collection’s Owner.
          </Text>
          <TextInput
            label="Name"
            required
            maxLength={1024}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={(touched && missing ? 'Give the collection a name.' : undefined) ?? fieldErrorsByKey(create.error)['name']}
            data-autofocus
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create collection
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
