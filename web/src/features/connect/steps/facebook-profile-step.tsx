import { Alert, Button, Group, Loader, Paper, Radio, Stack, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { startFacebookProfile, usePickInvitation, type HubCard } from '../../../api/cards.ts';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { AssetProgress, assetSetupBusy } from './asset-progress.tsx';
import type { JoinStepDefinition, JoinStepProps } from './types.ts';

/** What Facebook Login's round trip can come back with (the callback's `outcome`), in words. */
const outcomes: Record<string, string> = {
  denied: 'You cancelled the Facebook login. Continue with Facebook to try again.',
  expired: 'The Facebook login took too long. Continue with Facebook to try again.',
  failed: 'Facebook did not confirm your profile. Continue with Facebook to try again.',
  invalid: 'That Facebook login was already used or does not belong to you. Continue with Facebook to start again.',
};

/** Facebook Login was switched off after this page loaded: the card now offers picking the invitation. */
const startProblems = { oauth_not_configured: 'Facebook Login isn’t set up on this Latchkey any more. Reload the page to pick your pending invitation by e-mail instead.' };

function ContinueWithFacebook({ card, label = 'Continue with Facebook' }: { card: HubCard; label?: string }): ReactElement {
  const [going, setGoing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = (): void => {
    setGoing(true);
    setError(null);
    // The browser leaves for Facebook and comes back to the dashboard with this dialog reopened.
    startFacebookProfile(card.hubMemberId)
      .then((url) => window.location.assign(url))
      .catch((e: unknown) => {
        setError(e);
        setGoing(false);
      });
  };
  return (
    <Stack gap="xs">
      {Boolean(error) && <ProblemAlert error={error} title="Couldn’t start the Facebook login" messages={startProblems} />}
      <Group>
        <Button color="#0866ff" loading={going} onClick={go}>
          {label}
        </Button>
      </Group>
    </Stack>
  );
}

/** Without Facebook Login on this Latchkey: "pick your pending invitation by e-mail" (spec §5.12, last line). */
function PickInvitation({ card, again = false }: { card: HubCard; again?: boolean }): ReactElement {
  const [picked, setPicked] = useState(again ? card.inviteEmail : '');
  const pick = usePickInvitation(card.hubMemberId);
  return (
    <Stack gap="xs">
      {!again && (
        <Radio.Group value={picked} onChange={setPicked} label="Your pending invitation" description={`Pick the e-mail address your invitation from ${card.appName} went to.`}>
          <Stack gap={6} mt={6}>
            <Radio value={card.inviteEmail} label={card.inviteEmail} />
          </Stack>
        </Radio.Group>
      )}
      {pick.isError && <ProblemAlert error={pick.error} title="Couldn’t pick the invitation" />}
      <Group>
        <Button disabled={!picked} loading={pick.isPending} onClick={() => pick.mutate(picked)} variant={again ? 'light' : 'filled'} size={again ? 'xs' : 'sm'}>
          {again ? 'Check again' : 'Continue'}
        </Button>
      </Group>
    </Stack>
  );
}

function FacebookProfile({ card, outcome }: JoinStepProps): ReactElement {
  const viaLogin = card.profileMethod !== 'pick_invitation';
  if (!card.profileName) {
    return (
      <Stack gap="sm" data-testid="join-step" data-step="facebook_profile">
        <Text size="sm">
          {viaLogin
            ? `Log in to Facebook with the profile that joined ${card.businessName}. Latchkey finds you in the business with it, then sets up your access to its assets.`
            : `Facebook Login is not set up on this Latchkey. Pick your pending invitation to ${card.businessName}; the next invite check confirms that you joined.`}
        </Text>
        {card.hint && (
          <Text size="sm" c="dimmed">
            {card.hint}.
          </Text>
        )}
        {outcome && outcomes[outcome] && (
          <Alert color="orange" variant="light" role="alert">
            {outcomes[outcome]}
          </Alert>
        )}
        {viaLogin ? <ContinueWithFacebook card={card} /> : <PickInvitation card={card} />}
      </Stack>
    );
  }
  return (
    <Paper withBorder radius="md" p="sm" data-testid="join-step" data-step="facebook_profile">
      <Stack gap="xs">
        <Text size="sm">
          {viaLogin ? 'Facebook profile' : 'Invitation'}: <b data-testid="profile-name">{card.profileName}</b>
        </Text>
        {outcome && outcome !== 'bound' && outcomes[outcome] && (
          <Alert color="orange" variant="light" role="alert">
            {outcomes[outcome]}
          </Alert>
        )}
        {!card.joined && card.assetSetup === 'running' && (
          <Group gap="xs" wrap="nowrap" aria-live="polite">
            <Loader size="xs" />
            <Text size="sm">Looking for your profile in {card.businessName}…</Text>
          </Group>
        )}
        {!card.joined && card.assetSetup !== 'running' && (
          <Alert color="yellow" variant="light" role="status">
            <Stack gap="xs">
              <Text size="sm">We couldn't find your profile in {card.businessName} yet. Accept the invite from Meta first.</Text>
              {viaLogin ? <ContinueWithFacebook card={card} label="Try again" /> : <PickInvitation card={card} again />}
            </Stack>
          </Alert>
        )}
        {card.joined && <AssetProgress card={card} />}
      </Stack>
    </Paper>
  );
}

/**
 * `facebook_profile` (Meta, spec §5.12): "Connect your Facebook profile" comes before the connect
 * options. Once a profile is bound the dialog shows it with the asset progress, and the options
 * become "Connect your Facebook account".
 */
export const facebookProfileStep: JoinStepDefinition = {
  blocks: (card) => card.nextStep === 'facebook_profile',
  title: () => 'Connect your Facebook profile',
  connectTitle: () => 'Connect your Facebook account',
  // While the check looks for the person in the business, or their assets are being granted.
  busy: (card) => card.profileName !== null && card.assetSetup === 'running' && (!card.joined || assetSetupBusy(card)),
  Component: FacebookProfile,
};
