import { Button, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { retrieveBackupCodes } from '../../api/accounts.ts';
import { problemMessage } from '../../api/problem-messages.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { useTimedValue } from '../../lib/use-timed-value.ts';
import { DetailRow } from './detail-list.tsx';

const SHOW_SECONDS = 60;

/** Owners only: the saved one-time recovery codes, fetched on request (audited) and hidden after a minute. */
export function BackupCodesRow({ accountId, count, usable }: { accountId: string; count: number; usable: boolean }): ReactElement {
  const shown = useTimedValue<string[]>();
  const [loading, setLoading] = useState(false);

  const show = (): void => {
    setLoading(true);
    retrieveBackupCodes(accountId)
      .then((codes) => shown.show(codes, SHOW_SECONDS))
      .catch((error: unknown) => notifications.show({ color: 'red', title: 'Couldn’t show the backup codes', message: problemMessage(error) }))
      .finally(() => setLoading(false));
  };

  const codes = shown.value;
  return (
    <DetailRow
      label="Backup codes"
      actions={
        usable &&
        (codes === null ? (
          <Button size="xs" variant="light" onClick={show} loading={loading}>
            Show backup codes
          </Button>
        ) : (
          <>
            <CopyValueButton value={codes.join('\n')} label="Copy backup codes" text="Copy all" />
            <Button size="xs" variant="subtle" color="gray" onClick={shown.hide}>
              Hide backup codes
            </Button>
          </>
        ))
      }
    >
      {codes === null ? (
        <Text size="sm">{count === 1 ? '1 code saved' : `${count} codes saved`}</Text>
      ) : (
        <Stack gap={4}>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={6} verticalSpacing={6} data-testid="backup-codes">
            {codes.map((code, index) => (
              <Code key={`${index}:${code}`} fz="sm">
                {code}
              </Code>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Each code works once. Hides in {shown.remaining} s.
          </Text>
        </Stack>
      )}
    </DetailRow>
  );
}
