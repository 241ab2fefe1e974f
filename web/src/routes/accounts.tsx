import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState, type ReactElement } from 'react';
import { useAccounts } from '../api/accounts.ts';
import { useHubCards, type HubCard } from '../api/cards.ts';
import { useSession } from '../api/session.ts';
import type { AccountFilters } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { NextSteps } from '../components/next-steps.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { AccountCard } from '../features/accounts/account-card.tsx';
import { AccountFormModal } from '../features/accounts/account-form-modal.tsx';
import { PasswordGeneratorModal } from '../features/accounts/password-generator-modal.tsx';
import { HubSeatCard } from '../features/connect/hub-seat-card.tsx';
import { useSeatDialogs } from '../features/connect/seat-dialogs.tsx';
import { canCreateAccounts } from '../lib/permissions.ts';

type Show = '' | 'enabled' | 'disabled' | 'trash';

const SHOW_OPTIONS: { value: Show; label: string }[] = [
  { value: '', label: 'All accounts' },
  { value: 'enabled', label: 'Enabled' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'trash', label: 'Trash' },
];

function toFilters(q: string, show: Show): AccountFilters {
  const filters: AccountFilters = {};
  if (q) filters.q = q;
  if (show === 'trash') filters.deleted = true;
  else if (show) filters.status = show;
  return filters;
}

/** Hub seats shown with the current filters: search matches the app and hub; Disabled shows disabled seats; Trash none. */
function visibleSeats(cards: HubCard[], q: string, show: Show): HubCard[] {
  if (show === 'trash') return [];
  const needle = q.toLowerCase();
  return cards.filter(
    (card) =>
      (show === '' || (show === 'disabled') === (card.status === 'disabled')) &&
      (!needle || `${card.appName} ${card.hubLabel}`.toLowerCase().includes(needle)),
  );
}

function CardsSkeleton(): ReactElement {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading accounts">
      {Array.from({ length: 6 }, (_, index) => (
        <Paper key={index} withBorder radius="md" p="md">
          <Group wrap="nowrap" align="flex-start">
            <Skeleton height={38} width={38} radius="md" />
            <Stack gap={8} style={{ flex: 1 }}>
              <Skeleton height={14} width="70%" />
              <Skeleton height={10} width="50%" />
              <Skeleton height={10} width="40%" />
            </Stack>
          </Group>
          <Skeleton height={18} width={120} mt="md" />
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** A join step's round trip (Facebook Login) comes back here: reopen the card's dialog with the outcome. */
export interface AccountsSearch {
  connect?: string;
  step?: string;
  outcome?: string;
}

export function AccountsPage({ search: returned = {}, onReturnHandled }: { search?: AccountsSearch; onReturnHandled?: () => void } = {}): ReactElement {
  const { member } = useSession();
  const canAdd = canCreateAccounts(member.role);
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<Show>('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const filters = toFilters(q, show);
  const accounts = useAccounts(filters);
  const cards = useHubCards();
  const seatDialogs = useSeatDialogs();
  const [adding, setAdding] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [lostReturn, setLostReturn] = useState(false);

  // Once the cards are here, hand the outcome to the card's dialog (or say the card is gone), then clear the address.
  const { connect: returnedCard, step: returnedStep, outcome: returnedOutcome } = returned;
  useEffect(() => {
    if (!returnedStep || !returnedOutcome || !cards.data) return;
    const card = returnedCard ? cards.data.find((c) => c.hubMemberId === returnedCard) : undefined;
    if (card) seatDialogs.onConnect(card, { step: returnedStep, outcome: returnedOutcome });
    else setLostReturn(true);
    onReturnHandled?.();
    // seatDialogs and onReturnHandled change every render; the address is what must be handled, once.
  }, [returnedCard, returnedStep, returnedOutcome, cards.data]);

  const seats = visibleSeats(cards.data ?? [], q, show);
  // A connected account is shown once: as its hub seat's card, which also offers "Log in".
  const seatAccounts = new Set(seats.map((card) => card.connectedAccountId).filter(Boolean));
  const list = (accounts.data ?? []).filter((account) => !seatAccounts.has(account.id));
  const filtered = Boolean(q || show);
  const clearFilters = (): void => {
    setSearch('');
    setShow('');
  };

  return (
    <>
      <PageHeader
        title="All accounts"
        description="Every app login you can use. Owners see and share passwords; Collaborators log in with the username and the codes Latchkey generates — no passwords in chat, no codes on someone’s personal phone."
        actions={
          <>
            <Button variant="default" onClick={() => setGenerating(true)}>
              Password generator
            </Button>
            {canAdd && <Button onClick={() => setAdding(true)}>Add account</Button>}
          </>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Search"
            placeholder="Label, username, email or URL"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={300}
            type="search"
          />
          <NativeSelect label="Filter" data={SHOW_OPTIONS} value={show} onChange={(event) => setShow(event.currentTarget.value as Show)} w={180} />
        </Group>
        {lostReturn && (
          <Alert color="orange" variant="light" withCloseButton onClose={() => setLostReturn(false)} role="alert">
            That sign-in was already used or does not belong to you. Open the card and try again.
          </Alert>
        )}
        {accounts.isError && <ProblemAlert error={accounts.error} title="Couldn’t load accounts" />}
        {accounts.isPending && <CardsSkeleton />}
        {cards.isError && <ProblemAlert error={cards.error} title="Couldn’t load your business hub seats" />}
        {accounts.isSuccess && !cards.isPending && list.length === 0 && seats.length === 0 && (
          <EmptyAccounts
            show={show}
            filtered={filtered}
            canAdd={canAdd}
            onAdd={() => setAdding(true)}
            onClear={clearFilters}
          />
        )}
        {list.length + seats.length > 0 && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" aria-label="Accounts" component="section">
              {seats.map((card) => (
                <HubSeatCard key={card.hubMemberId} card={card} onConnect={seatDialogs.onConnect} onLogIn={seatDialogs.onLogIn} onClaim={seatDialogs.onClaim} />
              ))}
              {list.map((account) => (
                <AccountCard key={account.id} account={account} />
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {list.length + seats.length === 1 ? '1 account' : `${list.length + seats.length} accounts`}
              {show === 'trash' ? ' in the trash' : ''}
            </Text>
          </>
        )}
      </Stack>
      {adding && <AccountFormModal onClose={() => setAdding(false)} />}
      {generating && <PasswordGeneratorModal onClose={() => setGenerating(false)} />}
      {seatDialogs.dialogs}
    </>
  );
}

interface EmptyAccountsProps {
  show: Show;
  filtered: boolean;
  canAdd: boolean;
  onAdd: () => void;
  onClear: () => void;
}

function EmptyAccounts({ show, filtered, canAdd, onAdd, onClear }: EmptyAccountsProps): ReactElement {
  if (show === 'trash' && !filtered) {
    return (
      <EmptyState title="The trash is empty" action={{ label: 'Show all accounts', onClick: onClear }}>
        Accounts you move to the trash wait here. Open one to restore it, with everyone’s access as before.
      </EmptyState>
    );
  }
  if (filtered) {
    return (
      <EmptyState title="No accounts match" action={{ label: 'Clear filters', onClick: onClear }}>
        Try another word — search looks at labels, usernames, emails and login URLs — or show all accounts.
      </EmptyState>
    );
  }
  if (canAdd) {
    return (
      <EmptyState title="No accounts yet" action={{ label: 'Add your first account', onClick: onAdd }}>
        <Text>
          Add the logins your team shares — an ad account, a business page, a tool — with their password and authenticator. Then share
          each one: Owners can see the password, Collaborators just log in with codes Latchkey generates.
        </Text>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No accounts shared with you yet" action={{ node: <NextSteps /> }}>
      <Text>
        When an Owner shares an account with you, it shows up here as a card with its username and sign-in codes. Ask the person who
        manages the app to share it with you or your team.
      </Text>
    </EmptyState>
  );
}
