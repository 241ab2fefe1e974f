import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { hasCode } from '../../api/api-error.ts';
import { useClaimInvite, type ClaimAction } from '../../api/claims.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';

/**
 * What the dialog needs from a dashboard card (`GET /me/cards`). The dashboard's `HubCard`
 * fits as it is: pass the card with status `claim_your_invite` (or a `hub_only` card whose
 * menu offers "Claim your invite" again).
 */
export interface ClaimCard {
  hubMemberId: string;
  hubLabel: string;
  appName: string;
  /** The address the app will invite: the person's workspace email. */
  inviteEmail: string;
  status: string;
}

export interface ClaimDialogProps {
  card: ClaimCard;
  onClose: () => void;
  /** Called after the claim or the skip went through, before the dialog closes. */
  onDone?: (action: ClaimAction) => void;
}

type Step = 'offer' | 'review' | 'skip';

const TITLES: Record<Step, string> = { offer: 'Claim your invite', review: 'Review your email', skip: 'Skip for now?' };

/**
 * "Claim your invite" (spec §5.8): access to a hub that came through a collection waits for the
 * person. "Send email invite" → "Review your email" (the address the app will invite) → "Send
 * email invite" queues the invite. Owners may instead "Skip" → "Skip for now": they keep
 * oversight in Latchkey without a seat. Nobody can tell from the card whether the person is an
 * Owner, so "Skip" is offered until the server refuses it (403), and then withdrawn.
 */
export function ClaimDialog({ card, onClose, onDone }: ClaimDialogProps): ReactElement {
  const claim = useClaimInvite(card.hubMemberId);
  const [step, setStep] = useState<Step>('offer');
  const [skipRefused, setSkipRefused] = useState<string | null>(null);
  // A hub-only card already skipped: it only offers the claim again.
  const canSkip = card.status === 'claim_your_invite' && skipRefused === null;

  const go = (next: Step): void => {
    claim.reset();
    setStep(next);
  };

  const run = (action: ClaimAction): void => {
    claim.mutate(action, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: action === 'claim' ? 'Invite on its way' : 'Invite skipped',
          message:
            action === 'claim'
              ? `${card.appName} will email ${card.inviteEmail}. Accept it there, then connect your account from this card.`
              : `You oversee ${card.hubLabel} in Latchkey without a seat. Claim your invite from the card’s menu whenever you need one.`,
        });
        onDone?.(action);
        onClose();
      },
      onError: (error) => {
        if (action === 'skip' && hasCode(error, 'forbidden')) {
          setSkipRefused(error.detail || 'Only Owners can skip the invite and keep oversight without a seat.');
          setStep('offer');
          claim.reset();
        }
      },
    });
  };

  return (
    <AppModal opened onClose={onClose} title={TITLES[step]} size="md">
      <Stack gap="md">
        {step === 'offer' && (
          <>
            <Text size="sm">
              A collection gives you access to <b>{card.hubLabel}</b> in {card.appName}. Nothing has been sent yet: claim it and {card.appName}{' '}
              emails you an invite to join.
            </Text>
            {skipRefused && (
              <Alert color="gray" variant="light" title="Skipping is for Owners" role="status">
                {skipRefused} Send yourself the invite when you’re ready.
              </Alert>
            )}
            {canSkip && (
              <Text size="sm" c="dimmed">
                Owners who only oversee the hub can skip the invite and keep access to its people in Latchkey, without a seat in {card.appName}.
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="subtle" color="gray" onClick={onClose}>
                Not now
              </Button>
              {canSkip && (
                <Button variant="default" onClick={() => go('skip')}>
                  Skip
                </Button>
              )}
              <Button onClick={() => go('review')} data-autofocus>
                Send email invite
              </Button>
            </Group>
          </>
        )}

        {step === 'review' && (
          <>
            <Text size="sm">{card.appName} will send the invite to:</Text>
            <Code block fz="md" data-testid="claim-invite-email">
              {card.inviteEmail}
            </Code>
            <Text size="sm" c="dimmed">
              This is your email in this Latchkey workspace. Open the invite when it arrives, create or sign in to your {card.appName} account,
              then connect it from this card. If the address is wrong, ask a workspace admin to change it before you send.
            </Text>
          </>
        )}

        {step === 'skip' && (
          <Text size="sm">
            You keep oversight of {card.hubLabel} in Latchkey — its people, health and jobs — but get no seat in {card.appName}, so you can’t log
            in to it through Latchkey. You can claim the invite later from the card’s menu.
          </Text>
        )}

        {claim.isError && (
          <ProblemAlert error={claim.error} title={step === 'skip' ? 'Couldn’t skip the invite' : 'Couldn’t send the invite'} messages={serverWords(claim.error)} />
        )}

        {step !== 'offer' && (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => go('offer')} disabled={claim.isPending}>
              Back
            </Button>
            <Button loading={claim.isPending} onClick={() => run(step === 'skip' ? 'skip' : 'claim')} data-autofocus>
              {step === 'skip' ? 'Skip for now' : 'Send email invite'}
            </Button>
          </Group>
        )}
      </Stack>
    </AppModal>
  );
}
