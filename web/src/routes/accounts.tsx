import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { NextSteps } from '../components/next-steps.tsx';
import { PageHeader } from '../components/page-header.tsx';

export function AccountsPage(): ReactElement {
  return (
    <>
      <PageHeader
        title="All accounts"
        description="Every app login you can use: accounts stored in your workspace's vaults and the business hubs you hold a seat in."
      />
      <EmptyState title="No accounts yet" action={{ node: <NextSteps /> }}>
        <Text>
          When an account or business hub is shared with you, it shows up here as a card with a way to log in — no
          passwords in chat, no codes on someone’s personal phone.
        </Text>
        <Text mt="xs">
          Adding accounts arrives with the vault feature. Meanwhile, invite your members and set up teams so sharing is
          one step once it does.
        </Text>
      </EmptyState>
    </>
  );
}
