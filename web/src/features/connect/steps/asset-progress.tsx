import { Alert, Button, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { openCard, type HubCard } from '../../../api/cards.ts';
import { ProblemAlert } from '../../../components/problem-alert.tsx';

const assetsWord = (n: number): string => (n === 1 ? '1 asset' : `${n} assets`);

/** Polling stops once nothing is pending or the setup failed (spec §5.13); it runs while a check or grant job is under way. */
export function assetSetupBusy(card: HubCard): boolean {
  return card.assetsTotal > 0 && card.assetsPending > 0 && card.assetSetup === 'running';
}

/**
 * Where the person's asset access stands: "Setting up access to <n> assets…" with progress while
 * the check and grant jobs run, a retry when they failed, and what it waits for otherwise. A card
 * click (`/open`) is what starts, and retries, the setup.
 */
export function AssetProgress({ card }: { card: HubCard }): ReactElement | null {
  const queryClient = useQueryClient();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (card.assetsTotal === 0) return null;
  const done = card.assetsTotal - card.assetsPending;
  const retry = (): void => {
    setStarting(true);
    setError(null);
    openCard(queryClient, card.hubMemberId)
      .catch((e: unknown) => setError(e))
      .finally(() => setStarting(false));
  };

  if (card.assetsPending === 0) {
    return (
      <Text size="sm" c="green.8" data-testid="asset-setup" data-state="done">
        ✓ Access to your {assetsWord(card.assetsTotal)} is set up.
      </Text>
    );
  }
  if (card.assetSetup === 'running') {
    return (
      <Stack gap={6} data-testid="asset-setup" data-state="running" aria-live="polite">
        <Group gap="xs" wrap="nowrap">
          <Loader size="xs" />
          <Text size="sm">Setting up access to {assetsWord(card.assetsPending)}…</Text>
        </Group>
        <Progress value={Math.max(5, (done / card.assetsTotal) * 100)} animated striped aria-label={`${done} of ${card.assetsTotal} assets set up`} />
      </Stack>
    );
  }
  if (card.assetSetup === 'failed') {
    return (
      <Alert color="red" variant="light" title={`We couldn’t set up access to ${assetsWord(card.assetsPending)}`} data-testid="asset-setup" data-state="failed">
        <Stack gap="xs">
          <Text size="sm">{card.appName} did not accept the change. Try again; if it keeps failing, a hub owner can see why in the Automation Log.</Text>
          {Boolean(error) && <ProblemAlert error={error} title="Couldn’t try again" />}
          <Group>
            <Button size="xs" variant="light" color="red" loading={starting} onClick={retry}>
              Try again
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (!card.joined) {
    return (
      <Text size="sm" c="dimmed" data-testid="asset-setup" data-state="waiting">
        Access to {assetsWord(card.assetsPending)} is set up once you’ve accepted the invite from {card.appName}.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="asset-setup" data-state="idle">
      <Text size="sm">Access to {assetsWord(card.assetsPending)} is waiting to be set up.</Text>
      {Boolean(error) && <ProblemAlert error={error} title="Couldn’t start" />}
      <Group>
        <Button size="xs" variant="light" loading={starting} onClick={retry}>
          Set up access
        </Button>
      </Group>
    </Stack>
  );
}
