import { Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { formatRelative } from '../../lib/format.ts';

/** The verification code Latchkey found in a message: big, monospaced, one click to copy. */
export function InboxCode({ code, expiresAt }: { code: string; expiresAt?: string | null }): ReactElement {
  return (
    <Paper radius="md" px="sm" py={6} bg="indigo.0" style={{ display: 'inline-block' }}>
      <Group gap="sm" wrap="nowrap" align="center">
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={500}>
            Verification code
          </Text>
          <Text ff="monospace" fz={24} fw={700} lh={1.15} style={{ letterSpacing: '0.12em', whiteSpace: 'nowrap' }} data-testid="inbox-code">
            {code}
          </Text>
        </Stack>
        <CopyValueButton value={code} label={`Copy code ${code}`} text="Copy code" />
      </Group>
      {expiresAt && (
        <Text size="xs" c="dimmed" mt={2}>
          Disappears {formatRelative(expiresAt)}
        </Text>
      )}
    </Paper>
  );
}
