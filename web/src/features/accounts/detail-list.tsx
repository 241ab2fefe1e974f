import { Box, Group, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

/** A description list whose rows wrap to two lines on narrow screens. */
export function DetailList({ children }: { children: ReactNode }): ReactElement {
  return (
    <Box component="dl" m={0}>
      {children}
    </Box>
  );
}

export interface DetailRowProps {
  label: string;
  children: ReactNode;
  actions?: ReactNode;
}

export function DetailRow({ label, children, actions }: DetailRowProps): ReactElement {
  return (
    <Box
      py="sm"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '6px 16px',
        borderBottom: '1px solid var(--mantine-color-gray-2)',
      }}
    >
      <Text component="dt" size="sm" c="dimmed" fw={500} w={190} style={{ flex: '0 0 auto' }}>
        {label}
      </Text>
      <Box component="dd" m={0} style={{ flex: '1 1 220px', minWidth: 0 }}>
        {children}
      </Box>
      {actions && (
        <Box component="dd" m={0}>
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        </Box>
      )}
    </Box>
  );
}

/** A plain value, or a dimmed dash when empty. */
export function DetailValue({ value, mono = false }: { value: string | null | undefined; mono?: boolean }): ReactElement {
  if (!value) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Text size="sm" ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
      {value}
    </Text>
  );
}
