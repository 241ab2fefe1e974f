import { Anchor, Button, Drawer, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { useAccount } from '../../api/accounts.ts';
import { flattenMessages, useInboxMessages, useInboxStream } from '../../api/inbox.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { DetailList, DetailRow, DetailValue } from '../accounts/detail-list.tsx';
import { PasswordRow } from '../accounts/password-row.tsx';
import { TotpCodePanel } from '../accounts/totp-code-panel.tsx';
import { InboxCode } from '../inbox/inbox-code.tsx';
import { useCodeVisible } from '../inbox/inbox-message-item.tsx';
import { InboxLiveBadge } from '../inbox/live-indicator.tsx';

export interface LoginPanelProps {
  accountId: string;
  appName: string;
  loginUrl: string;
  onClose: () => void;
}

/**
 * "Log in to <app name>" (spec §5.14): the app opens in a new tab; this side panel has what to type
 * there. Username; the password for Owners (each show or copy audited); the authenticator code the
 * server computes; and the latest SMS or email code, pushed live as it arrives.
 */
export function LoginPanel({ accountId, appName, loginUrl, onClose }: LoginPanelProps): ReactElement {
  const account = useAccount(accountId);
  const data = account.data;
  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={`Log in to ${appName}`}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {appName} opened in a new tab. Copy what it asks for from here.{' '}
          <Anchor href={loginUrl} target="_blank" rel="noopener noreferrer">
            Open {appName} again
          </Anchor>
        </Text>
        {account.isError && <ProblemAlert error={account.error} title="Couldn’t load the account" />}
        {account.isPending && <Skeleton height={160} />}
        {data && (
          <DetailList>
            <DetailRow label="Username" actions={(data.username ?? data.email) && <CopyValueButton value={data.username ?? data.email ?? ''} label="Copy username" text="Copy" />}>
              <DetailValue value={data.username ?? data.email} />
            </DetailRow>
            <PasswordRow account={data} usable={!data.deletedAt} />
            {data.hasTotp && (
              <DetailRow label="Latchkey Auth MFA code">
                <TotpCodePanel accountId={data.id} />
              </DetailRow>
            )}
          </DetailList>
        )}
        <LatestCode accountId={accountId} phone={data?.phone ?? null} />
        <Group justify="space-between">
          <Anchor size="sm" renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId }} {...props} />}>
            Account details
          </Anchor>
          <Anchor size="sm" renderRoot={(props) => <Link to="/inbox" {...props} />}>
            Open Inbox
          </Anchor>
        </Group>
        <Button variant="default" onClick={onClose}>
          Done
        </Button>
      </Stack>
    </Drawer>
  );
}

/** The newest code received for the account, replaced live when the app sends another. */
function LatestCode({ accountId, phone }: { accountId: string; phone: string | null }): ReactElement {
  const status = useInboxStream();
  const messages = useInboxMessages(accountId);
  const latest = flattenMessages(messages.data).find((m) => m.code);
  const visible = useCodeVisible(latest?.codeExpiresAt ?? null);
  return (
    <Stack gap={6} data-testid="login-latest-code" aria-live="polite">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Code from SMS or email
        </Text>
        <InboxLiveBadge status={status} />
      </Group>
      {messages.isError && <ProblemAlert error={messages.error} title="Couldn’t load messages" />}
      {latest?.code && visible ? (
        <Stack gap={2}>
          <InboxCode code={latest.code} expiresAt={latest.codeExpiresAt} />
          <Text size="xs" c="dimmed" title={formatDateTime(latest.receivedAt)}>
            {latest.channel === 'sms' ? 'Texted' : 'Emailed'} by {latest.from} {formatRelative(latest.receivedAt)}
          </Text>
        </Stack>
      ) : (
        messages.isSuccess && (
          <Text size="sm" c="dimmed">
            {phone ? `No code yet. When the app texts ${phone}, the code appears here at once.` : 'No code yet. Codes sent to this account’s managed number or address appear here at once.'}
          </Text>
        )
      )}
    </Stack>
  );
}
