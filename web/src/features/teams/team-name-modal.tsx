import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

export interface TeamNameModalProps {
  title: string;
  submitLabel: string;
  initialName?: string;
  mutation: UseMutationResult<unknown, Error, { name: string }>;
  onDone: (name: string) => void;
  onClose: () => void;
}

const MESSAGES = { conflict: 'A team with this name already exists. Pick another name.' };

/** Create or rename a team: one "Name" field. Mounted only while open. */
export function TeamNameModal({ title, submitLabel, initialName = '', mutation, onDone, onClose }: TeamNameModalProps): ReactElement {
  const form = useForm({
    initialValues: { name: initialName },
    validate: { name: (value) => (value.trim() ? null : 'Give the team a name, e.g. “Paid social”.') },
  });
  const close = (): void => {
    mutation.reset();
    onClose();
  };
  const submit = form.onSubmit((values) => {
    const name = values.name.trim();
    mutation.mutate({ name }, { onSuccess: () => onDone(name), onError: (error) => form.setErrors(fieldErrorsByKey(error)) });
  });
  return (
    <AppModal opened onClose={close} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} title="Couldn’t save the team" messages={MESSAGES} />
          <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={mutation.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
