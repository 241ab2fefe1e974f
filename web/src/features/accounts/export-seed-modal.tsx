import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { exportTotp } from '../../api/accounts.ts';
import type { TotpExport } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/**
 * Owners only. Confirm first: a seed that leaves Latchkey makes codes forever, outside any audit.
 * The exported seed lives in this dialog's state only and is dropped when it closes.
 */
export function ExportSeedModal({ accountId, label, onClose }: { accountId: string; label: string; onClose: () => void }): ReactElement {
  const [seed, setSeed] = useState<TotpExport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const confirm = (): void => {
    setLoading(true);
    setError(null);
    exportTotp(accountId)
      .then(setSeed)
      .catch(setError)
      .finally(() => setLoading(false));
  };

  const close = (): void => {
    setSeed(null);
    onClose();
  };

  return (
    <AppModal opened onClose={close} title={seed ? `Authenticator seed for ${label}` : 'Export the authenticator seed?'} size="lg">
      {seed ? (
        <Stack gap="md">
          <Text size="sm">
            Add it to another authenticator app by pasting the setup key, or the whole link if the app accepts one. Close this dialog when
            you are done.
          </Text>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Setup key
            </Text>
            <Group gap="sm" wrap="nowrap">
              <Code fz="md" style={{ letterSpacing: '0.08em', overflowWrap: 'anywhere' }} data-testid="exported-secret">
                {seed.secret}
              </Code>
              <CopyValueButton value={seed.secret} label="Copy setup key" />
            </Group>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Setup link (otpauth URI)
            </Text>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', flex: 1 }}>
                {seed.otpauthUri}
              </Code>
              <CopyValueButton value={seed.otpauthUri} label="Copy setup link" />
            </Group>
          </Stack>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={error} title="Couldn’t export the seed" />
          <Text size="sm">
            The seed lets any authenticator app make codes for <strong>{label}</strong> — forever, and outside Latchkey, where nothing is
            recorded. Collaborators never see it; they get codes from Latchkey instead.
          </Text>
          <Alert color="orange" variant="light">
            Export only to move the authenticator somewhere you control. The export is recorded in Activity.
          </Alert>
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close} disabled={loading}>
              Cancel
            </Button>
            <Button color="orange" onClick={confirm} loading={loading}>
              Export seed
            </Button>
          </Group>
        </Stack>
      )}
    </AppModal>
  );
}
