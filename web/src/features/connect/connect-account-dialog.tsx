import { Alert, Anchor, Button, Code, Group, List, Loader, NativeSelect, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { startManagedIdentity, useConnectCard, useHubCard, type HubCard, type ManagedIdentity } from '../../api/cards.ts';
import type { InboxMessage } from '../../api/inbox.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { AccountMessages } from '../inbox/account-messages.tsx';
import { AppLogo } from './app-logo.tsx';
import { ExistingAccountStep } from './existing-account-step.tsx';
import { joinStepsOf } from './steps/index.ts';
import { useVaultChoice } from './vault-choice.ts';

type Choice = 'managed' | 'existing';

type Step =
  | { kind: 'choose' }
  | { kind: 'resuming' }
  | { kind: 'create'; identity: ManagedIdentity }
  | { kind: 'add'; identity: ManagedIdentity }
  | { kind: 'existing' };

export const MANAGED_OPTION = 'I haven’t created the account and want to protect my contact information by using a Latchkey-managed identity';

export interface ConnectAccountDialogProps {
  card: HubCard;
  onClose: () => void;
  /** The card after "Add account" / "Connect account": status ready. */
  onConnected: (card: HubCard) => void;
  /** The dialog reopened after a join step's round trip (e.g. Facebook Login) with its outcome. */
  returned?: { step: string; outcome: string } | null;
}

/**
 * "Connect your account" (spec §5.9, §5.10; seed 000): choose a Latchkey-managed identity or an
 * existing account. The managed identity is generated once and kept, encrypted, as a draft on the
 * server: closing the dialog and opening the card again resumes at "Create <app name> account".
 *
 * The app's join steps (`card.joinSteps`, spec §5.12, §5.13) come from the step registry: a step
 * that blocks stands alone before the options, the others show beside them, and the card is kept
 * fresh while one of them is busy. The dialog itself knows no app.
 */
export function ConnectAccountDialog({ card: initial, onClose, onConnected, returned = null }: ConnectAccountDialogProps): ReactElement {
  const steps = joinStepsOf(initial.joinSteps);
  const card = useHubCard(initial, (c) => steps.some(({ step }) => step.busy(c)));
  const blocking = steps.find(({ step }) => step.blocks(card));
  const connectTitle = steps.map(({ step }) => step.connectTitle?.(card)).find(Boolean) ?? 'Connect your account';
  const [step, setStep] = useState<Step>(card.hasDraft ? { kind: 'resuming' } : { kind: 'choose' });
  const [choice, setChoice] = useState<Choice | null>(card.supportsManagedIdentity ? null : 'existing');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const appName = card.appName;
  const queryClient = useQueryClient();

  const start = (): void => {
    setStarting(true);
    setStartError(null);
    startManagedIdentity(queryClient, card.hubMemberId)
      .then((identity) => setStep({ kind: 'create', identity }))
      .catch((error: unknown) => {
        setStartError(error);
        setStep({ kind: 'choose' });
      })
      .finally(() => setStarting(false));
  };

  // Reopening a card with a kept draft: fetch the same identity again (no silent regeneration).
  const resumed = useRef(false);
  useEffect(() => {
    if (step.kind !== 'resuming' || resumed.current) return;
    resumed.current = true;
    start();
  });

  const title = {
    choose: blocking ? blocking.step.title(card) : connectTitle,
    resuming: `Create ${appName} account`,
    create: `Create ${appName} account`,
    add: 'Add your account to Latchkey',
    existing: 'Add your account to Latchkey',
  }[step.kind];

  return (
    <AppModal opened onClose={onClose} title={title} size={step.kind === 'create' ? 'xl' : 'lg'} closeOnClickOutside={false}>
      {step.kind === 'choose' && blocking && (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            <AppLogo svg={card.logo} size={32} />
            <Text size="sm">
              You’ve been given access to <b>{card.hubLabel}</b> in {appName}.
            </Text>
          </Group>
          <blocking.step.Component card={card} outcome={returned?.step === blocking.kind ? returned.outcome : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      )}
      {step.kind === 'choose' && !blocking && (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            <AppLogo svg={card.logo} size={32} />
            <Text size="sm">
              You’ve been given access to <b>{card.hubLabel}</b> in {appName}. Add your {appName} account to Latchkey so you can log in from
              here, and so your team can manage your access.
            </Text>
          </Group>
          {card.hint && (
            <Text size="sm" c="dimmed">
              {card.hint}.
            </Text>
          )}
          {steps.map(({ kind, step: joinStep }) => (
            <joinStep.Component key={kind} card={card} outcome={returned?.step === kind ? returned.outcome : null} />
          ))}
          <Radio.Group value={choice ?? ''} onChange={(value) => setChoice(value as Choice)} label="How do you want to connect?">
            <Stack gap="sm" mt="xs">
              {card.supportsManagedIdentity && <Radio value="managed" label={MANAGED_OPTION} description={managedDescription(card)} />}
              <Radio value="existing" label={`I already have a ${appName} account and want to add it to Latchkey`} description="Use the email and password of the account you created in the app." />
            </Stack>
          </Radio.Group>
          {Boolean(startError) && <ProblemAlert error={startError} title="Couldn’t create the managed identity" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button disabled={!choice} loading={starting} onClick={() => (choice === 'managed' ? start() : setStep({ kind: 'existing' }))}>
              Next
            </Button>
          </Group>
        </Stack>
      )}
      {step.kind === 'resuming' && (
        <Group gap="xs" py="lg" aria-busy="true">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Getting the identity we created for you…
          </Text>
        </Group>
      )}
      {step.kind === 'create' && (
        <CreateAccountStep card={card} identity={step.identity} onClose={onClose} onNext={() => setStep({ kind: 'add', identity: step.identity })} />
      )}
      {step.kind === 'add' && (
        <AddAccountStep card={card} identity={step.identity} onBack={() => setStep({ kind: 'create', identity: step.identity })} onConnected={onConnected} />
      )}
      {step.kind === 'existing' && <ExistingAccountStep card={card} onBack={() => setStep({ kind: 'choose' })} onConnected={onConnected} />}
    </AppModal>
  );
}

function managedDescription(card: HubCard): string {
  return card.phoneNeeded
    ? 'Latchkey generates a secure password and a Latchkey-managed phone number for the app’s verification codes, so your personal number stays private.'
    : 'Latchkey generates a secure password for you.';
}

function CopyRow({ label, value, testId, children }: { label: string; value: string; testId: string; children?: ReactNode }): ReactElement {
  return (
    <Group gap="sm" wrap="nowrap" justify="space-between" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" fw={500}>
          {label}
        </Text>
        <Code fz="md" data-testid={testId} style={{ overflowWrap: 'anywhere', background: 'none', padding: 0 }}>
          {value}
        </Code>
        {children}
      </Stack>
      <CopyValueButton value={value} label={`Copy ${label.toLowerCase()}`} text="Copy" />
    </Group>
  );
}

/** "Create <app name> account": what to paste into the app, where to go, and the live messages. */
function CreateAccountStep({ card, identity, onClose, onNext }: { card: HubCard; identity: ManagedIdentity; onClose: () => void; onNext: () => void }): ReactElement {
  const appName = identity.appName;
  const [latest, setLatest] = useState<InboxMessage | null>(null);
  return (
    <Stack gap="md">
      <Text size="sm">
        We generated a secure password{identity.phone ? ' and a Latchkey-managed phone number for MFA' : ''}. Copy {identity.phone ? 'them' : 'it'} and
        paste {identity.phone ? 'them' : 'it'} when you create your account in {appName}.
      </Text>
      <Stack gap={0}>
        <CopyRow label="Email" value={identity.email} testId="identity-email">
          <Text size="xs" c="dimmed">
            Your invite from {appName} went to this address.
          </Text>
        </CopyRow>
        <CopyRow label="Password" value={identity.password} testId="identity-password">
          <Text size="xs" c="dimmed">
            Meets {appName}’s password rules.
          </Text>
        </CopyRow>
        {identity.phone && (
          <CopyRow label="Phone number" value={identity.phone} testId="identity-phone">
            <Text size="xs" c="dimmed">
              Verification codes sent to this number show up below and in the Shared Inbox.
            </Text>
          </CopyRow>
        )}
      </Stack>
      <Alert color="blue" variant="light" title="NOTE">
        If you have already created the account in the app, update your profile information in the app with the password and phone number we
        provided.
      </Alert>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Create your account in {appName}
        </Text>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>
            Open the app by clicking the link in the invite email you received
            {card.inviteEmail ? ` at ${card.inviteEmail}` : ''}. You can also{' '}
            {identity.inviteUrl ? (
              <>
                <Anchor href={identity.inviteUrl} target="_blank" rel="noopener noreferrer">
                  open your invite
                </Anchor>{' '}
                or{' '}
              </>
            ) : null}
            <Anchor href={identity.loginUrl} target="_blank" rel="noopener noreferrer">
              open {appName}
            </Anchor>
            .
          </List.Item>
          <List.Item>Follow the instructions to create your account in the app using the password and phone number we provided.</List.Item>
          <List.Item>Come back here and click Next.</List.Item>
        </List>
      </Stack>
      <Alert color="orange" variant="light" title="IMPORTANT">
        Leave the dialog box open to complete the process to add and connect the account to Latchkey.
      </Alert>
      {identity.phone && (
        <AccountMessages
          accountId={identity.draftId}
          limit={3}
          compact
          onMessage={setLatest}
          title={
            <Text size="sm" fw={600}>
              Messages to {identity.phone}
            </Text>
          }
          empty={
            <Group gap="xs" wrap="nowrap">
              <Loader size="xs" type="dots" />
              <span>Waiting for a text message. When {appName} sends a verification code, it appears here at once.</span>
            </Group>
          }
        />
      )}
      {latest?.code && (
        <Text size="xs" c="dimmed" aria-live="polite">
          New code received. Paste it into {appName} to finish creating your account.
        </Text>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed" maw={360}>
          Closing keeps this password{identity.phone ? ' and number' : ''}: open the card again to continue.
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={onNext}>Next</Button>
        </Group>
      </Group>
    </Stack>
  );
}

function AddAccountStep({ card, identity, onBack, onConnected }: { card: HubCard; identity: ManagedIdentity; onBack: () => void; onConnected: (card: HubCard) => void }): ReactElement {
  const [label, setLabel] = useState(identity.label);
  const vaults = useVaultChoice();
  const [vaultId, setVaultId] = useState('');
  const connect = useConnectCard(card.hubMemberId);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    connect.mutate({ draftId: identity.draftId, label: label.trim(), ...(vaults.show && vaultId ? { vaultId } : {}) }, { onSuccess: onConnected });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">Check the details of your {identity.appName} account, then add it. You’ll find it on All accounts, ready to log in.</Text>
        <TextInput label="Account label in Latchkey" value={label} onChange={(event) => setLabel(event.currentTarget.value)} required maxLength={200} error={label.trim() ? undefined : connect.isError ? 'Give the account a label' : undefined} />
        <TextInput label="Email" value={identity.email} readOnly description={`The address your ${identity.appName} account uses.`} />
        <PasswordInput label="Password" value={identity.password} readOnly />
        {identity.phone && <TextInput label="Phone" value={identity.phone} readOnly description="Latchkey-managed: its codes arrive in the Shared Inbox." />}
        {vaults.show && <NativeSelect label="Vault" data={vaults.options} value={vaultId || vaults.options[0]?.value} onChange={(event) => setVaultId(event.currentTarget.value)} />}
        {connect.isError && <ProblemAlert error={connect.error} title="Couldn’t add the account" />}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onBack} disabled={connect.isPending}>
            Back
          </Button>
          <Button type="submit" loading={connect.isPending} disabled={!label.trim()}>
            Add account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
