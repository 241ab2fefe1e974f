import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import type { CustomFieldType } from '../../api/types.ts';

export interface CustomFieldRow {
  key: number;
  name: string;
  type: CustomFieldType;
  value: string;
}

export const MAX_CUSTOM_FIELDS = 140;

const TYPE_OPTIONS: { value: CustomFieldType; label: string }[] = [
  { value: 'text', label: 'Short text' },
  { value: 'long_text', label: 'Long text' },
  { value: 'url', label: 'Web address' },
];

export interface CustomFieldsEditorProps {
  rows: CustomFieldRow[];
  onChange: (rows: CustomFieldRow[]) => void;
  errorOf: (index: number, field: 'name' | 'value') => ReactNode;
}

let nextKey = 1;
export function newCustomFieldRow(values: Partial<CustomFieldRow> = {}): CustomFieldRow {
  return { key: nextKey++, name: '', type: 'text', value: '', ...values };
}

/** Extra, encrypted fields such as a PIN, a recovery email or an account ID. Numbered labels keep them addressable. */
export function CustomFieldsEditor({ rows, onChange, errorOf }: CustomFieldsEditorProps): ReactElement {
  const update = (index: number, patch: Partial<CustomFieldRow>): void =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number): void => onChange(rows.filter((_, i) => i !== index));

  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>
          Custom fields
        </Text>
        <Text size="xs" c="dimmed">
          Anything else people need to sign in, such as a business ID or a recovery email. Stored encrypted; only Owners see them.
        </Text>
      </div>
      {rows.map((row, index) => {
        const number = index + 1;
        const ValueInput = row.type === 'long_text' ? Textarea : TextInput;
        return (
          <Paper key={row.key} withBorder p="xs" radius="md">
            <Stack gap={6}>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <TextInput
                  label={`Field ${number} name`}
                  value={row.name}
                  onChange={(event) => update(index, { name: event.currentTarget.value })}
                  error={errorOf(index, 'name')}
                  maxLength={100}
                  style={{ flex: '1 1 180px' }}
                />
                <NativeSelect
                  label={`Field ${number} type`}
                  data={TYPE_OPTIONS}
                  value={row.type}
                  onChange={(event) => update(index, { type: event.currentTarget.value as CustomFieldType })}
                  w={150}
                />
              </Group>
              <ValueInput
                label={`Field ${number} value`}
                value={row.value}
                onChange={(event: { currentTarget: { value: string } }) => update(index, { value: event.currentTarget.value })}
                error={errorOf(index, 'value')}
                maxLength={10_000}
                {...(row.type === 'long_text' ? { autosize: true, minRows: 2, maxRows: 8 } : {})}
                {...(row.type === 'url' ? { type: 'url', placeholder: 'https://' } : {})}
              />
              <Group justify="flex-end">
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove(index)} aria-label={`Remove field ${number}`}>
                  Remove
                </Button>
              </Group>
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          size="xs"
          variant="default"
          onClick={() => onChange([...rows, newCustomFieldRow()])}
          disabled={rows.length >= MAX_CUSTOM_FIELDS}
        >
          Add custom field
        </Button>
      </Group>
    </Stack>
  );
}
