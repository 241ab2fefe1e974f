import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { useAccountAction } from '../../api/accounts.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

export function TrashAccountModal({ accountId, label, onClose }: { accountId: string; label: string; onClose: () => void }): ReactElement {
  const action = useAccountAction(accountId);
  const confirm = (): void => {
    action.mutate('trash', {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Moved to trash', message: `${label} is in the trash. Restore it from its page if you need it again.` });
        onClose();
      },
    });
  };
  return (
    <AppModal opened onClose={onClose} title={`Move ${label} to the trash?`}>
      <Stack gap="sm">
        <ProblemAlert error={action.error} title="Couldn’t move the account to the trash" />
        <Text size="sm">
          Nobody can use it while it is in the trash: it leaves everyone’s list of accounts, and Latchkey stops making its codes. Owners
          can restore it, with everyone’s access as before.
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={action.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={action.isPending}>
            Move to trash
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
