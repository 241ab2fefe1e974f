import { Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { openCard, useClaimCard, type HubCard } from '../../api/cards.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { ConnectAccountDialog } from './connect-account-dialog.tsx';
import { LoginPanel } from './login-panel.tsx';

type Returned = { step: string; outcome: string } | null;
type Open = { kind: 'connect'; card: HubCard; returned: Returned } | { kind: 'connected'; card: HubCard } | { kind: 'login'; card: HubCard } | { kind: 'claim'; card: HubCard } | null;

export interface SeatDialogs {
  /** Opens "Connect your account"; `returned` carries a join step's round-trip outcome when the dialog reopens after it. */
  onConnect: (card: HubCard, returned?: Returned) => void;
  onLogIn: (card: HubCard) => void;
  onClaim: (card: HubCard) => void;
  dialogs: ReactElement | null;
}

/** The dialogs a hub seat's card opens: connect, the success box, the log-in panel, claim. */
export function useSeatDialogs(): SeatDialogs {
  const [open, setOpen] = useState<Open>(null);
  const queryClient = useQueryClient();
  const close = (): void => setOpen(null);
  // Every click on a card tells the server first (spec §5.13: TikTok sets up assets on the first one).
  // The dialog opens at once and follows the card, so a failed call only means no change to show.
  const opened = (card: HubCard): void => void openCard(queryClient, card.hubMemberId).catch(() => undefined);
  const logIn = (card: HubCard): void => {
    // The app in a new tab, what to type there in the side panel (spec §5.14).
    window.open(card.loginUrl, '_blank', 'noopener,noreferrer');
    opened(card);
    setOpen({ kind: 'login', card });
  };
  let dialogs: ReactElement | null = null;
  if (open?.kind === 'connect') {
    dialogs = <ConnectAccountDialog card={open.card} returned={open.returned} onClose={close} onConnected={(card) => setOpen({ kind: 'connected', card })} />;
  } else if (open?.kind === 'connected') {
    dialogs = <ConnectedMessage card={open.card} onClose={close} onLogIn={() => logIn(open.card)} />;
  } else if (open?.kind === 'login' && open.card.connectedAccountId) {
    dialogs = <LoginPanel accountId={open.card.connectedAccountId} appName={open.card.appName} loginUrl={open.card.loginUrl} onClose={close} />;
  } else if (open?.kind === 'claim') {
    dialogs = <ClaimDialog card={open.card} onClose={close} />;
  }
  const connect = (card: HubCard, returned: Returned = null): void => {
    opened(card);
    setOpen({ kind: 'connect', card, returned });
  };
  return { onConnect: connect, onLogIn: logIn, onClaim: (card) => setOpen({ kind: 'claim', card }), dialogs };
}

/** The success message box after "Add account" / "Connect account". */
function ConnectedMessage({ card, onClose, onLogIn }: { card: HubCard; onClose: () => void; onLogIn: () => void }): ReactElement {
  return (
    <AppModal opened onClose={onClose} title="Account connected" size="md">
      <Stack gap="md">
        <Text role="status">
          Your {card.appName} account is connected to Latchkey.
        </Text>
        <Text size="sm" c="dimmed">
          Its card on All accounts now offers “Log in”: {card.appName} opens in a new tab, with your username, password and codes beside it.
          {card.state === 'onboarded' ? '' : ` Latchkey confirms your membership of ${card.hubLabel} with ${card.appName} in the background.`}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onLogIn}>
            Log in
          </Button>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

/**
 * "Claim your invite" (spec §5.8): a seat offered through a collection waits for the person's
 * go-ahead. "Send email invite" → "Review your email" → "Send email invite"; Owners may instead
 * "Skip" → "Skip for now" and keep oversight without a seat.
 */
function ClaimDialog({ card, onClose }: { card: HubCard; onClose: () => void }): ReactElement {
  const [step, setStep] = useState<'offer' | 'review' | 'skip'>('offer');
  const claim = useClaimCard(card.hubMemberId);
  const title = { offer: 'Claim your invite', review: 'Review your email', skip: 'Skip the invite?' }[step];
  return (
    <AppModal opened onClose={onClose} title={title} size="md">
      <Stack gap="md">
        {step === 'offer' && (
          <>
            <Text size="sm">
              You have access to <b>{card.hubLabel}</b> in {card.appName} through a collection. Claim it and {card.appName} sends you an invite
              to join.
            </Text>
            <Text size="sm" c="dimmed">
              Hub owners who only oversee the hub can skip the invite and keep access to its members in Latchkey, without a seat in {card.appName}.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStep('skip')}>
                Skip
              </Button>
              <Button onClick={() => setStep('review')}>Send email invite</Button>
            </Group>
          </>
        )}
        {step === 'review' && (
          <>
            <Text size="sm">{card.appName} will send the invite to this address:</Text>
            <Text fw={600} data-testid="claim-email">
              {card.inviteEmail}
            </Text>
            <Text size="sm" c="dimmed">
              Open the invite when it arrives, create your account in {card.appName}, then connect it from this card.
            </Text>
          </>
        )}
        {step === 'skip' && (
          <Text size="sm">
            You keep oversight of {card.hubLabel} in Latchkey without a seat in {card.appName}. You can still claim the invite later from this card’s
            menu.
          </Text>
        )}
        {claim.isError && <ProblemAlert error={claim.error} title={step === 'skip' ? 'Couldn’t skip the invite' : 'Couldn’t send the invite'} />}
        {step !== 'offer' && (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('offer')} disabled={claim.isPending}>
              Back
            </Button>
            <Button loading={claim.isPending} onClick={() => claim.mutate(step === 'skip' ? 'skip' : 'claim', { onSuccess: onClose })}>
              {step === 'skip' ? 'Skip for now' : 'Send email invite'}
            </Button>
          </Group>
        )}
      </Stack>
    </AppModal>
  );
}
