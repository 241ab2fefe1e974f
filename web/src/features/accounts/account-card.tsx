import { Anchor, Avatar, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import type { Account } from '../../api/types.ts';
import { urlHost } from '../../lib/urls.ts';
import { AccountChips } from './account-chips.tsx';
import classes from './account-card.module.css';

function monogram(label: string): string {
  const words = label.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((word) => word.charAt(0).toUpperCase()).join('') || '?';
}

/** One account on "All accounts": what it is, how you sign in, and your role. The whole card opens it. */
export function AccountCard({ account }: { account: Account }): ReactElement {
  const host = urlHost(account.loginUrl);
  const who = account.username ?? account.email ?? account.phone;
  const inactive = account.status === 'disabled' || account.deletedAt !== null;
  return (
    <Paper withBorder radius="md" p="md" className={`${classes.card} ${inactive ? classes.dimmed : ''}`}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar radius="md" color={inactive ? 'gray' : 'indigo'} variant="light" aria-hidden="true">
            {monogram(account.label)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Anchor
              fw={600}
              c="inherit"
              underline="never"
              className={classes.link}
              lineClamp={2}
              renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId: account.id }} {...props} />}
            >
              {account.label}
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" title={account.loginUrl ?? undefined}>
              {host ?? 'No login URL'}
            </Text>
            {who && (
              <Text size="sm" truncate="end" title={who}>
                {who}
              </Text>
            )}
          </Stack>
        </Group>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-end">
          <AccountChips account={account} />
          <Text size="xs" c="dimmed" truncate="end" title={`Vault: ${account.vaultName}`} style={{ flexShrink: 1, minWidth: 0 }}>
            {account.vaultName}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
