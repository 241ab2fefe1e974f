import { Alert, List, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { isApiError } from '../api/api-error.ts';
import { humanizePointer, problemMessage, type ProblemMessages } from '../api/problem-messages.ts';

export interface ProblemAlertProps {
  error: unknown;
  title?: string;
  /** Screen-specific wording per problem code. */
  messages?: ProblemMessages;
  /** Field labels by pointer key (`email` → "Email") so field errors read like the form. */
  fieldLabels?: Record<string, string>;
}

/** Explains a failed request in plain language: what went wrong and how to fix it. */
export function ProblemAlert({ error, title, messages, fieldLabels = {} }: ProblemAlertProps): ReactElement | null {
  if (!error) return null;
  const fieldErrors = isApiError(error) ? error.errors : [];
  return (
    <Alert color="red" variant="light" title={title ?? 'That didn’t work'} role="alert">
      <Stack gap={4}>
        <Text size="sm">{problemMessage(error, messages)}</Text>
        {fieldErrors.length > 0 && (
          <List size="sm" spacing={2}>
            {fieldErrors.map((item) => {
              const key = item.pointer.replace(/^#?\//, '').split('/').join('.');
              const label = fieldLabels[key] ?? humanizePointer(item.pointer);
              return (
                <List.Item key={`${item.pointer}:${item.message}`}>
                  {label}: {item.message}
                </List.Item>
              );
            })}
          </List>
        )}
        {isApiError(error) && error.instance && (
          <Text size="xs" c="dimmed">
            Reference: {error.instance}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
