import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  children: ReactNode;
  /** A call to action; pass `node` for a link or custom button instead. */
  action?: { label: string; onClick: () => void } | { node: ReactNode };
}

/** What this page will show, and what to do now. Icon-less on purpose: the words do the work. */
export function EmptyState({ title, children, action }: EmptyStateProps): ReactElement {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="sm" maw={560} mx="auto" ta="center">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text c="dimmed" component="div">
          {children}
        </Text>
        {action && 'node' in action && action.node}
        {action && 'onClick' in action && (
          <Button mt="xs" onClick={action.onClick}>
            {action.label}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
