import { Button, Group, NativeSelect, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useConnectableAccounts, useConnectCard, type HubCard } from '../../api/cards.ts';
import { useSession } from '../../api/session.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { useVaultChoice } from './vault-choice.ts';

/**
 * "I already have a <app name> account" (spec §5.10 step 3): pick a saved account of the app the
 * person owns and that is not linked to a hub, or enter the sign-in details of the one they created.
 */
export function ExistingAccountStep({ card, onBack, onConnected }: { card: HubCard; onBack: () => void; onConnected: (card: HubCard) => void }): ReactElement {
  const { member } = useSession();
  const saved = useConnectableAccounts(card.hubMemberId);
  const savedAccounts = saved.data ?? [];
  const [source, setSource] = useState<string | null>(null);
  // A saved account that can take the seat is the likely choice; "new" when there is none.
  const chosen = source ?? savedAccounts.find((a) => a.available)?.id ?? 'new';
  const [label, setLabel] = useState(`${card.appName} – ${member.firstName || member.email}`);
  const [email, setEmail] = useState(card.inviteEmail);
  const [password, setPassword] = useState('');
  const vaults = useVaultChoice();
  const [vaultId, setVaultId] = useState('');
  const connect = useConnectCard(card.hubMemberId);
  const fresh = chosen === 'new';
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!fresh) {
      connect.mutate({ accountId: chosen }, { onSuccess: onConnected });
      return;
    }
    connect.mutate({ label: label.trim(), email: email.trim(), password, ...(vaults.show && vaultId ? { vaultId } : {}) }, { onSuccess: onConnected });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          {savedAccounts.length > 0
            ? `Pick the ${card.appName} account you saved in Latchkey, or enter the sign-in details of the one you created from the invite.`
            : `Enter the sign-in details of the ${card.appName} account you created from the invite.`}{' '}
          Latchkey stores the password encrypted; you can log in from the card afterwards.
        </Text>
        {savedAccounts.length > 0 && (
          <Radio.Group value={chosen} onChange={setSource} label={`Your saved ${card.appName} accounts`}>
            <Stack gap="sm" mt="xs">
              {savedAccounts.map((a) => (
                <Radio
                  key={a.id}
                  value={a.id}
                  disabled={!a.available}
                  label={a.label}
                  description={[a.username ?? a.email, a.vaultName, a.reason].filter(Boolean).join(' · ')}
                />
              ))}
              <Radio value="new" label="Enter the sign-in details of another account" />
            </Stack>
          </Radio.Group>
        )}
        {fresh && (
          <>
            <TextInput label="Account label in Latchkey" value={label} onChange={(event) => setLabel(event.currentTarget.value)} required maxLength={200} />
            <TextInput label="Email" type="email" value={email} onChange={(event) => setEmail(event.currentTarget.value)} required autoComplete="off" />
            <PasswordInput label="Current password" value={password} onChange={(event) => setPassword(event.currentTarget.value)} required autoComplete="off" />
            {vaults.show && <NativeSelect label="Vault" data={vaults.options} value={vaultId || vaults.options[0]?.value} onChange={(event) => setVaultId(event.currentTarget.value)} />}
          </>
        )}
        {connect.isError && <ProblemAlert error={connect.error} title="Couldn’t connect the account" fieldLabels={{ email: 'Email', password: 'Current password', label: 'Account label in Latchkey' }} />}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onBack} disabled={connect.isPending}>
            Back
          </Button>
          <Button type="submit" loading={connect.isPending} disabled={fresh ? !label.trim() || !email.trim() || !password : false}>
            Connect account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
