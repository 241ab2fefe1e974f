import { Button, Code, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { retrievePassword } from '../../api/accounts.ts';
import { problemMessage } from '../../api/problem-messages.ts';
import type { AccountDetail } from '../../api/types.ts';
import { copyFetchedText } from '../../lib/clipboard.ts';
import { useTimedValue } from '../../lib/use-timed-value.ts';
import { DetailRow } from './detail-list.tsx';

/** How long a shown password stays on screen. */
const SHOW_SECONDS = 30;

const MESSAGES = {
  forbidden: 'Only the account’s Owners can see or copy its password.',
  not_found: 'This account has no password stored any more. Reload the page.',
};

/**
 * Owners: "Show" (masked by default, hides itself after 30 s) and "Copy" (straight to the clipboard).
 * Each is a fresh, audited request; the value never enters the query cache. Collaborators get no
 * password control at all — the server would refuse them anyway.
 */
export function PasswordRow({ account, usable }: { account: AccountDetail; usable: boolean }): ReactElement {
  const shown = useTimedValue<string>();
  const [busy, setBusy] = useState<'show' | 'copy' | null>(null);
  const isOwner = account.myRole === 'owner';

  if (!isOwner) {
    return (
      <DetailRow label="Password">
        <Text size="sm" c="dimmed">
          Only Owners can see this password
        </Text>
      </DetailRow>
    );
  }
  if (!account.hasPassword) {
    return (
      <DetailRow label="Password">
        <Text size="sm" c="dimmed">
          No password saved. Add one with “Edit”.
        </Text>
      </DetailRow>
    );
  }

  const fail = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: problemMessage(error, MESSAGES) });

  const show = (): void => {
    setBusy('show');
    retrievePassword(account.id, 'show')
      .then((password) => shown.show(password, SHOW_SECONDS))
      .catch(fail('Couldn’t show the password'))
      .finally(() => setBusy(null));
  };

  const copy = (): void => {
    setBusy('copy');
    copyFetchedText(() => retrievePassword(account.id, 'copy'))
      .then(() =>
        notifications.show({ color: 'teal', title: 'Password copied', message: 'Paste it where you sign in. Copies are recorded in Activity.' }),
      )
      .catch(fail('Couldn’t copy the password'))
      .finally(() => setBusy(null));
  };

  return (
    <DetailRow
      label="Password"
      actions={
        usable && (
          <>
            {shown.value === null ? (
              <Button size="xs" variant="light" onClick={show} loading={busy === 'show'} disabled={busy !== null} aria-label="Show password">
                Show
              </Button>
            ) : (
              <Button size="xs" variant="light" onClick={shown.hide} aria-label="Hide password">
                Hide
              </Button>
            )}
            <Button size="xs" variant="light" onClick={copy} loading={busy === 'copy'} disabled={busy !== null} aria-label="Copy password">
              Copy
            </Button>
          </>
        )
      }
    >
      {shown.value === null ? (
        <Text size="sm" ff="monospace" c="dimmed">
          <span aria-hidden="true">••••••••••••</span>
          <VisuallyHidden>Hidden</VisuallyHidden>
        </Text>
      ) : (
        <>
          <Code fz="sm" data-testid="password-value" style={{ overflowWrap: 'anywhere' }}>
            {shown.value}
          </Code>
          <Text size="xs" c="dimmed" mt={4}>
            Hides in {shown.remaining} s
          </Text>
        </>
      )}
    </DetailRow>
  );
}
