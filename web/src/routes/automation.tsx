import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { NextSteps } from '../components/next-steps.tsx';
import { PageHeader } from '../components/page-header.tsx';

export function AutomationPage(): ReactElement {
  return (
    <>
      <PageHeader
        title="Automation"
        description="The Automation log: every job Latchkey runs inside your apps, with its status and what to do when one fails."
      />
      <EmptyState title="No automation jobs yet" action={{ node: <NextSteps /> }}>
        <Text>
          Invites, role updates, removals, syncs and password rotations will each appear here as a job you can follow,
          retry, or fix using the reason Latchkey gives.
        </Text>
        <Text mt="xs">
          Jobs start once a business hub is connected. Meanwhile, invite your members and set up teams — every change
          you make today is already recorded under Activity.
        </Text>
      </EmptyState>
    </>
  );
}
