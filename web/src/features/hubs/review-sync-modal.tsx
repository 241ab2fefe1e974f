import { Button, Group, List, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import type { Hub, HaltedSync } from '../../api/hub-types.ts';
import { useHubSync } from '../../api/hubs.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { MemberStateChip } from './hub-chips.tsx';
import { serverWords } from './server-words.ts';

/**
 * "Review sync" (spec §5.6 step 3): the safeguard stopped a sync before it changed anything. Lists
 * every removal; "Apply anyway" runs the sync for real, "Cancel" drops it.
 */
export function ReviewSyncModal({ hub, halted, onClose }: { hub: Hub; halted: HaltedSync; onClose: () => void }): ReactElement {
  const sync = useHubSync(hub.id);
  const total = halted.removals.length + halted.assets.length;
  const share = halted.population ? Math.round((total / halted.population) * 100) : 100;

  const apply = (): void => {
    sync.mutate('apply', {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Applying the sync',
          message: `Latchkey is applying the sync of ${hub.label}. The Users tab updates when it is done.`,
        });
        onClose();
      },
    });
  };
  const cancel = (): void => {
    sync.mutate('cancel', {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `The halted sync was dropped; nothing changed. Fix ${hub.appName}, then check for updates again.` });
        onClose();
      },
    });
  };

  return (
    <AppModal opened onClose={onClose} title="Review sync" size="lg">
      <Stack gap="sm">
        <ProblemAlert error={sync.error} title="That didn’t go through" messages={serverWords(sync.error)} />
        <Text size="sm">
          The last sync would remove <strong>{total}</strong> of {halted.population} people and assets ({share} %) — more than this
          hub’s {halted.pct} % safeguard — so Latchkey stopped before changing anything.
        </Text>
        <Text size="sm" c="dimmed">
          These people are no longer in {hub.appName}. Check that this is expected (and not, say, a wrong business ID or a service account
          that lost access) before you apply.
        </Text>
        {halted.removals.length > 0 && (
          <ScrollArea.Autosize mah={280} type="auto">
            <Table verticalSpacing={6} aria-label="People the sync would remove">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>State now</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {halted.removals.map((removal) => (
                  <Table.Tr key={removal.email}>
                    <Table.Td>
                      <Text size="sm">{removal.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <MemberStateChip state={removal.state} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
        {halted.assets.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Assets the sync would mark removed
            </Text>
            <List size="sm">
              {halted.assets.map((asset) => (
                <List.Item key={asset}>{asset.replace(':', ' ')}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        <Text size="sm">
          <strong>Apply anyway</strong> records them as removed in Latchkey. <strong>Cancel</strong> drops this sync; nothing changes.
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={cancel} loading={sync.isPending && sync.variables === 'cancel'} disabled={sync.isPending}>
            Cancel
          </Button>
          <Button color="orange" onClick={apply} loading={sync.isPending && sync.variables === 'apply'} disabled={sync.isPending}>
            Apply anyway
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
