import { Badge, Group } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Account } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { ACCOUNT_ROLE_LABELS } from '../../lib/labels.ts';

/** Your role on the account: Owners manage it, Collaborators log in with it. */
export function AccountRoleChip({ role }: { role: Account['myRole'] }): ReactElement {
  return (
    <Badge color={role === 'owner' ? 'indigo' : 'cyan'} variant="light" radius="sm" tt="none">
      {ACCOUNT_ROLE_LABELS[role] ?? role}
    </Badge>
  );
}

/** Role, then only the chips that say something: disabled, in trash, authenticator set up. */
export function AccountChips({ account, showVault = false }: { account: Account; showVault?: boolean }): ReactElement {
  return (
    <Group gap={6} wrap="wrap">
      <AccountRoleChip role={account.myRole} />
      {account.deletedAt ? <StatusBadge status="trash" /> : account.status === 'disabled' && <StatusBadge status="disabled" />}
      {account.hasTotp && (
        <Badge color="teal" variant="outline" radius="sm" tt="none" title="Latchkey generates this account’s authenticator codes">
          MFA
        </Badge>
      )}
      {showVault && (
        <Badge color="gray" variant="outline" radius="sm" tt="none" title="Vault">
          {account.vaultName}
        </Badge>
      )}
    </Group>
  );
}
