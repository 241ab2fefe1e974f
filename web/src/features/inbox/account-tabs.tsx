import { Stack, Tabs, Text } from '@mantine/core';
import { useState, type ReactElement, type ReactNode } from 'react';
import { AccountMessages } from './account-messages.tsx';

/**
 * "Details" and "Inbox" on an account's page. The Inbox tab mounts (and opens the live stream, and
 * audits a read) only when someone opens it.
 */
export function AccountTabs({ accountId, phone, children }: { accountId: string; phone: string | null; children: ReactNode }): ReactElement {
  const [tab, setTab] = useState<string | null>('details');
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="lg">
        <Tabs.Tab value="details">Details</Tabs.Tab>
        <Tabs.Tab value="inbox">Inbox</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="details">{children}</Tabs.Panel>
      <Tabs.Panel value="inbox">
        <Stack gap="sm" maw={760}>
          <Text size="sm" c="dimmed">
            Text messages and emails received by this account’s Latchkey-managed phone number or address. Everyone who shares the account
            sees them, so nobody forwards codes from a personal phone.
          </Text>
          <AccountMessages
            accountId={accountId}
            empty={
              phone
                ? `No messages yet. Codes sent to ${phone} show up here the moment they arrive.`
                : 'No messages yet. When this account gets a Latchkey-managed phone number or email address, the codes sent to it show up here.'
            }
          />
        </Stack>
      </Tabs.Panel>
    </Tabs>
  );
}
