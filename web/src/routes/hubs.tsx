import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { NextSteps } from '../components/next-steps.tsx';
import { PageHeader } from '../components/page-header.tsx';

export function HubsPage(): ReactElement {
  return (
    <>
      <PageHeader
        title="Business hubs"
        description="A business hub links this workspace to one collaboration space in an app — a Meta business portfolio, a Pinterest Business account, a TikTok Business Center."
      />
      <EmptyState title="No business hubs yet" action={{ node: <NextSteps /> }}>
        <Text>
          Each hub will list who holds a seat, their app roles and assets, and its health. Sharing a hub makes Latchkey
          invite, re-role or remove people inside the app for you.
        </Text>
        <Text mt="xs">
          Connecting a hub arrives with the hubs feature; meanwhile invite your members and set up teams, so you can
          share a hub with the right people as soon as it’s connected.
        </Text>
      </EmptyState>
    </>
  );
}
