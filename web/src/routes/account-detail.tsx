import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { hasCode } from '../api/api-error.ts';
import { useAccount, useAccountAction, type AccountAction } from '../api/accounts.ts';
import { problemMessage } from '../api/problem-messages.ts';
import type { AccountDetail } from '../api/types.ts';
import { CopyValueButton } from '../components/copy-value-button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { AccountChips } from '../features/accounts/account-chips.tsx';
import { AccountFormModal } from '../features/accounts/account-form-modal.tsx';
import { BackupCodesRow } from '../features/accounts/backup-codes-row.tsx';
import { DetailList, DetailRow, DetailValue } from '../features/accounts/detail-list.tsx';
import { ExportSeedModal } from '../features/accounts/export-seed-modal.tsx';
import { NotesSection } from '../features/accounts/notes-section.tsx';
import { PasswordRow } from '../features/accounts/password-row.tsx';
import { ShareAccountModal } from '../features/accounts/share-account-modal.tsx';
import { TotpCodePanel } from '../features/accounts/totp-code-panel.tsx';
import { TrashAccountModal } from '../features/accounts/trash-account-modal.tsx';
import { AccountTabs } from '../features/inbox/account-tabs.tsx';
import { formatDateTime, formatRelative } from '../lib/format.ts';

type Dialog = 'edit' | 'share' | 'trash' | 'export' | null;

const DONE: Record<Exclude<AccountAction, 'trash'>, (label: string) => string> = {
  disable: (label) => `${label} is disabled. Automation won’t use it until an Owner enables it again.`,
  enable: (label) => `${label} is enabled again.`,
  restore: (label) => `${label} is back, with everyone’s access as before.`,
};

export function AccountDetailPage({ accountId }: { accountId: string }): ReactElement {
  const account = useAccount(accountId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = (): void => setDialog(null);
  const backLink = (
    <Anchor size="sm" renderRoot={(props) => <Link to="/accounts" {...props} />}>
      ← All accounts
    </Anchor>
  );

  if (account.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading the account">
        {backLink}
        <Skeleton height={36} width={320} />
        <Skeleton height={20} width={220} />
        <Skeleton height={260} />
      </Stack>
    );
  }
  if (account.isError) {
    return (
      <Stack>
        {backLink}
        {hasCode(account.error, 'not_found') ? (
          <EmptyState title="Account not found">
            This account was deleted, or it isn’t shared with you. Go back to All accounts to find the one you need, or ask its Owner to
            share it with you.
          </EmptyState>
        ) : (
          <ProblemAlert error={account.error} title="Couldn’t load the account" />
        )}
      </Stack>
    );
  }

  const data = account.data;
  const isOwner = data.myRole === 'owner';
  return (
    <>
      {backLink}
      <PageHeader
        title={data.label}
        description={
          isOwner
            ? `You are an Owner of this account in the ${data.vaultName} vault: you can see its password, edit it and share it.`
            : `You are a Collaborator on this account in the ${data.vaultName} vault: log in with the username and the codes below. Only Owners can see the password.`
        }
        actions={isOwner && <OwnerActions account={data} onOpen={setDialog} />}
      />
      <AccountTabs accountId={data.id} phone={data.phone}>
        <Stack gap="lg">
          <AccountChips account={data} />
          {data.deletedAt ? (
            <TrashNotice account={data} />
          ) : (
            data.status === 'disabled' && (
              <Alert color="gray" variant="light" title="This account is disabled">
                It stays shared and usable here, but automation skips it. {isOwner ? 'Enable it when it is in use again.' : ''}
              </Alert>
            )
          )}
          <SignInDetails account={data} onExportSeed={() => setDialog('export')} />
          {isOwner && <NotesSection notes={data.notes} customFields={data.customFields} />}
          <AboutSection account={data} />
        </Stack>
      </AccountTabs>
      {dialog === 'edit' && <AccountFormModal account={data} onClose={close} />}
      {dialog === 'share' && <ShareAccountModal accountId={data.id} label={data.label} onClose={close} />}
      {dialog === 'trash' && <TrashAccountModal accountId={data.id} label={data.label} onClose={close} />}
      {dialog === 'export' && <ExportSeedModal accountId={data.id} label={data.label} onClose={close} />}
    </>
  );
}

function useRunAction(account: AccountDetail): { run: (action: Exclude<AccountAction, 'trash'>) => void; pending: boolean } {
  const action = useAccountAction(account.id);
  const run = (kind: Exclude<AccountAction, 'trash'>): void => {
    action.mutate(kind, {
      onSuccess: () => notifications.show({ color: 'teal', message: DONE[kind](account.label) }),
      onError: (error) => notifications.show({ color: 'red', title: 'That didn’t work', message: problemMessage(error) }),
    });
  };
  return { run, pending: action.isPending };
}

function OwnerActions({ account, onOpen }: { account: AccountDetail; onOpen: (dialog: Dialog) => void }): ReactElement {
  const { run, pending } = useRunAction(account);
  if (account.deletedAt) {
    return (
      <Button onClick={() => run('restore')} loading={pending}>
        Restore
      </Button>
    );
  }
  return (
    <>
      <Button onClick={() => onOpen('share')}>Share</Button>
      <Button variant="default" onClick={() => onOpen('edit')}>
        Edit
      </Button>
      {account.status === 'enabled' ? (
        <Button variant="default" onClick={() => run('disable')} loading={pending}>
          Disable
        </Button>
      ) : (
        <Button variant="default" onClick={() => run('enable')} loading={pending}>
          Enable
        </Button>
      )}
      <Button variant="outline" color="red" onClick={() => onOpen('trash')}>
        Move to trash
      </Button>
    </>
  );
}

function TrashNotice({ account }: { account: AccountDetail }): ReactElement {
  return (
    <Alert color="red" variant="light" title="This account is in the trash">
      Moved to the trash {formatRelative(account.deletedAt)}. Nobody can use it or get its codes until an Owner restores it
      {account.myRole === 'owner' ? ' with “Restore”.' : '.'}
    </Alert>
  );
}

function SignInDetails({ account, onExportSeed }: { account: AccountDetail; onExportSeed: () => void }): ReactElement {
  const usable = !account.deletedAt;
  const isOwner = account.myRole === 'owner';
  const copy = (value: string | null, what: string): ReactElement | undefined =>
    value ? <CopyValueButton value={value} label={`Copy ${what}`} text="Copy" /> : undefined;

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Sign-in details
        </Title>
        <DetailList>
          <DetailRow label="Login URL" actions={copy(account.loginUrl, 'login URL')}>
            {account.loginUrl ? (
              <Anchor href={account.loginUrl} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
                {account.loginUrl}
              </Anchor>
            ) : (
              <DetailValue value={null} />
            )}
          </DetailRow>
          <DetailRow label="Username" actions={copy(account.username, 'username')}>
            <DetailValue value={account.username} />
          </DetailRow>
          <DetailRow label="Email" actions={copy(account.email, 'email')}>
            <DetailValue value={account.email} />
          </DetailRow>
          {account.phone && (
            <DetailRow label="Phone" actions={copy(account.phone, 'phone')}>
              <DetailValue value={account.phone} />
            </DetailRow>
          )}
          <PasswordRow account={account} usable={usable} />
          <DetailRow
            label="Latchkey Auth MFA code"
            actions={
              isOwner &&
              account.hasTotp &&
              usable && (
                <Button size="xs" variant="subtle" color="orange" onClick={onExportSeed}>
                  Export seed
                </Button>
              )
            }
          >
            {!account.hasTotp ? (
              <Text size="sm" c="dimmed">
                {isOwner ? 'No authenticator set up. Add its setup key or QR code with “Edit”.' : 'No authenticator set up.'}
              </Text>
            ) : usable ? (
              <TotpCodePanel accountId={account.id} />
            ) : (
              <Text size="sm" c="dimmed">
                Restore the account to get codes.
              </Text>
            )}
          </DetailRow>
          {isOwner && account.backupCodeCount > 0 && <BackupCodesRow accountId={account.id} count={account.backupCodeCount} usable={usable} />}
        </DetailList>
      </Stack>
    </Paper>
  );
}

function AboutSection({ account }: { account: AccountDetail }): ReactElement {
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          About this account
        </Title>
        <DetailList>
          <DetailRow label="Vault">
            <DetailValue value={account.vaultName} />
          </DetailRow>
          <DetailRow label="Added">
            <Text size="sm" title={formatDateTime(account.createdAt)}>
              {formatRelative(account.createdAt)}
            </Text>
          </DetailRow>
          <DetailRow label="Last changed">
            <Text size="sm" title={formatDateTime(account.updatedAt)}>
              {formatRelative(account.updatedAt)}
            </Text>
          </DetailRow>
          <DetailRow label="Password last changed">
            <Text size="sm" title={formatDateTime(account.lastPasswordChangeAt)}>
              {account.lastPasswordChangeAt ? formatRelative(account.lastPasswordChangeAt) : 'Never'}
            </Text>
          </DetailRow>
          {account.totp && (
            <DetailRow label="Authenticator">
              <Text size="sm">
                {[account.totp.issuer, `${account.totp.digits} digits`, `every ${account.totp.period} s`, account.totp.algorithm]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </DetailRow>
          )}
          {account.passwordRules && (
            <DetailRow label="Password rules">
              <DetailValue value={account.passwordRules} mono />
            </DetailRow>
          )}
        </DetailList>
      </Stack>
    </Paper>
  );
}
