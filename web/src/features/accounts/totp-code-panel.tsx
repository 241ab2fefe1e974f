import { Button, Group, RingProgress, Stack, Text } from '@mantine/core';
import { useDocumentVisibility } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTotpCode } from '../../api/accounts.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** Stop fetching codes after this long on screen (spec §3.1 `codeVisibilityMinutes` default). */
const VISIBLE_MINUTES = 10;

/** `123456` → `123 456`, `12345678` → `1234 5678`: easier to read aloud and type. */
export function groupCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return code.length >= 6 ? `${code.slice(0, half)} ${code.slice(half)}` : code;
}

/**
 * "Latchkey Auth MFA code" (spec §5.14): computed on the server, so Collaborators get codes but never
 * the seed. Every read is audited, so nothing is fetched until "Show code"; then one request per
 * period — the countdown runs locally and asks again only when the code expires, and only while the
 * tab is visible. Leaving the page or "Hide code" drops the code.
 */
export function TotpCodePanel({ accountId }: { accountId: string }): ReactElement {
  const [shownAt, setShownAt] = useState<number | null>(null);
  const [expired, setExpired] = useState(false);
  const visible = useDocumentVisibility() === 'visible';
  const code = useTotpCode(accountId, shownAt !== null);
  const [now, setNow] = useState(() => Date.now());
  const queryClient = useQueryClient();
  const hide = useCallback(
    (afterTimeout: boolean) => {
      setShownAt(null);
      setExpired(afterTimeout);
      queryClient.removeQueries({ queryKey: queryKeys.totpCode(accountId) });
    },
    [queryClient, accountId],
  );

  useEffect(() => {
    if (shownAt === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [shownAt]);

  const data = code.data;
  const elapsed = data ? Math.floor((now - code.dataUpdatedAt) / 1000) : 0;
  const remaining = data ? Math.max(0, data.secondsLeft - elapsed) : 0;
  const { refetch, isFetching } = code;

  useEffect(() => {
    if (shownAt === null || !data || remaining > 0 || isFetching || !visible || code.isError) return;
    if (now - shownAt > VISIBLE_MINUTES * 60_000) {
      hide(true);
      return;
    }
    void refetch();
  }, [shownAt, data, remaining, isFetching, visible, now, refetch, code.isError, hide]);

  if (shownAt === null) {
    return (
      <Stack gap={4} align="flex-start">
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            setExpired(false);
            setNow(Date.now());
            setShownAt(Date.now());
          }}
        >
          Show code
        </Button>
        <Text size="xs" c="dimmed">
          {expired
            ? `Hidden after ${VISIBLE_MINUTES} minutes. Show the code again when you need it.`
            : 'Latchkey computes the current code. Each code you view is recorded in Activity.'}
        </Text>
      </Stack>
    );
  }

  if (code.isError) {
    return (
      <Stack gap="xs" align="flex-start">
        <ProblemAlert error={code.error} title="Couldn’t get the code" />
        <Button size="xs" variant="default" onClick={() => void refetch()}>
          Try again
        </Button>
      </Stack>
    );
  }

  if (!data) {
    return (
      <Text size="sm" c="dimmed" aria-busy="true">
        Getting the current code…
      </Text>
    );
  }

  const stale = remaining === 0;
  const percent = Math.round((remaining / data.period) * 100);
  return (
    <Group gap="sm" wrap="wrap" align="center">
      <RingProgress
        size={44}
        thickness={4}
        roundCaps
        sections={[{ value: percent, color: remaining <= 5 ? 'red' : 'indigo' }]}
        label={
          <Text ta="center" size="xs" fw={600} aria-hidden="true">
            {remaining}
          </Text>
        }
      />
      <Stack gap={0}>
        <Text
          ff="monospace"
          fz={26}
          fw={700}
          lh={1.1}
          c={stale ? 'dimmed' : undefined}
          style={{ whiteSpace: 'nowrap' }}
          data-testid="totp-code"
        >
          {groupCode(data.code)}
        </Text>
        <Text size="xs" c="dimmed" aria-live="off">
          {stale ? 'Getting the next code…' : `New code in ${remaining} s`}
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap">
        <CopyValueButton value={data.code} label="Copy code" text="Copy" />
        <Button size="xs" variant="subtle" color="gray" onClick={() => hide(false)}>
          Hide code
        </Button>
      </Group>
    </Group>
  );
}
