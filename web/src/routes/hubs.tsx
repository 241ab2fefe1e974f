import { Alert, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { useJobStream } from '../api/job-stream.ts';
import { useApps, useHubs } from '../api/hubs.ts';
import { useSession } from '../api/session.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { ConnectHubModal } from '../features/hubs/connect-hub-modal.tsx';
import { HubCard } from '../features/hubs/hub-card.tsx';
import { oauthFailureMessage } from '../features/hubs/oauth-words.ts';
import { isWorkspaceAdmin } from '../lib/permissions.ts';

function CardsSkeleton(): ReactElement {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading business hubs">
      {Array.from({ length: 3 }, (_, index) => (
        <Paper key={index} withBorder radius="md" p="md">
          <Group wrap="nowrap" align="flex-start">
            <Skeleton height={40} width={40} radius="md" />
            <Stack gap={8} style={{ flex: 1 }}>
              <Skeleton height={14} width="60%" />
              <Skeleton height={10} width="40%" />
            </Stack>
          </Group>
          <Skeleton height={18} width={160} mt="md" />
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export interface HubsSearch {
  /** Why "Authorise with <provider>" came back without a hub (a reason code from the server). */
  oauthError?: string;
  /** The app being authorised. */
  app?: string;
}

export function HubsPage({ search = {}, onDismissOAuthError }: { search?: HubsSearch; onDismissOAuthError?: () => void }): ReactElement {
  const { member } = useSession();
  // Login-only members and guests never connect hubs (spec §6.1).
  const canConnect = member.role !== 'login_only' && member.role !== 'guest';
  const isAdmin = isWorkspaceAdmin(member.role);
  const hubs = useHubs();
  const apps = useApps();
  const [connecting, setConnecting] = useState(false);
  useJobStream();

  const list = hubs.data ?? [];
  const logos = new Map((apps.data ?? []).map((app) => [app.key, app.logo]));
  const authorisedApp = apps.data?.find((app) => app.key === search.app);
  const oauthFailure = search.oauthError ? oauthFailureMessage(search.oauthError, authorisedApp?.oauth?.provider ?? authorisedApp?.displayName ?? 'The app') : null;

  return (
    <>
      <PageHeader
        title="Business hubs"
        description={
          isAdmin
            ? 'Each hub links this workspace to one collaboration space in an app. You see every hub’s health; open the ones you hold to manage who has access.'
            : 'Each hub links this workspace to one collaboration space in an app — a Meta business portfolio, a Pinterest Business account, a TikTok Business Center.'
        }
        actions={canConnect && list.length > 0 ? <Button onClick={() => setConnecting(true)}>Connect Business Hub</Button> : undefined}
      />
      <Stack gap="md">
        {oauthFailure && (
          <Alert color="red" variant="light" title="Couldn’t connect the hub" withCloseButton closeButtonLabel="Dismiss" onClose={onDismissOAuthError} role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{oauthFailure}</Text>
              {canConnect && (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={() => {
                    onDismissOAuthError?.();
                    setConnecting(true);
                  }}
                >
                  Try again
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {hubs.isError && <ProblemAlert error={hubs.error} title="Couldn’t load business hubs" />}
        {hubs.isPending && <CardsSkeleton />}
        {hubs.isSuccess && list.length === 0 && (
          <EmptyState
            title="No business hubs yet"
            action={canConnect ? { label: 'Connect Business Hub', onClick: () => setConnecting(true) } : undefined}
          >
            <Text>
              A business hub is Latchkey’s link to one collaboration space in an app: it imports who holds a seat, matches them to your
              members, and invites or removes people in the app when you share or take away access.
            </Text>
            {!canConnect && (
              <Text mt="xs">When a hub’s Owner shares it with you, it appears here. Ask the person who manages the app.</Text>
            )}
          </EmptyState>
        )}
        {list.length > 0 && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="section" aria-label="Business hubs">
              {list.map((hub) => (
                <HubCard key={hub.id} hub={hub} logo={logos.get(hub.appKey)} />
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {list.length === 1 ? '1 business hub' : `${list.length} business hubs`}
            </Text>
          </>
        )}
      </Stack>
      {connecting && <ConnectHubModal onClose={() => setConnecting(false)} />}
    </>
  );
}
