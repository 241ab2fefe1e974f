import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { NextSteps } from '../components/next-steps.tsx';
import { PageHeader } from '../components/page-header.tsx';

export function InboxPage(): ReactElement {
  return (
    <>
      <PageHeader
        title="Shared inbox"
        description="SMS and email received by your workspace's managed phone numbers and addresses, visible to the people who share the account."
      />
      <EmptyState title="No messages yet" action={{ node: <NextSteps /> }}>
        <Text>
          Verification codes sent to a managed number or address land here, with the code highlighted and a copy
          button, so nobody has to forward texts from a personal phone.
        </Text>
        <Text mt="xs">
          Messages start arriving once accounts use managed phone numbers or email addresses. Meanwhile, invite your
          members and set up teams.
        </Text>
      </EmptyState>
    </>
  );
}
