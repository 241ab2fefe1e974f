import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import type { CustomField } from '../../api/types.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { LinkifiedText } from '../../components/linkified-text.tsx';
import { DetailList, DetailRow } from './detail-list.tsx';

/** Owners only: the server sends notes and custom fields to no one else. */
export function NotesSection({ notes, customFields }: { notes: string | null; customFields: CustomField[] | null }): ReactElement {
  const fields = customFields ?? [];
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Notes and custom fields
        </Title>
        {notes ? (
          <LinkifiedText text={notes} />
        ) : (
          <Text size="sm" c="dimmed">
            No notes. Use “Edit” to add sign-in hints, who to ask for access, or anything else Owners should know.
          </Text>
        )}
        {fields.length > 0 && (
          <DetailList>
            {fields.map((field, index) => (
              <DetailRow
                key={`${index}:${field.name}`}
                label={field.name}
                actions={field.value ? <CopyValueButton value={field.value} label={`Copy ${field.name}`} text="Copy" /> : undefined}
              >
                {field.type === 'url' && field.value ? (
                  <Anchor href={field.value} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {field.value}
                  </Anchor>
                ) : (
                  <Text size="sm" style={{ whiteSpace: field.type === 'long_text' ? 'pre-wrap' : undefined, overflowWrap: 'anywhere' }}>
                    {field.value || '—'}
                  </Text>
                )}
              </DetailRow>
            ))}
          </DetailList>
        )}
      </Stack>
    </Paper>
  );
}
