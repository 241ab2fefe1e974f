import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactElement, type ReactNode } from 'react';
import { useAccounts } from '../../api/accounts.ts';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import type { AppManifest, Hub, HubSettingsInput, LoginMethod } from '../../api/hub-types.ts';
import { useCreateServiceAccount, useDeleteHub, useHubSync, useHubs, useUpdateHub } from '../../api/hubs.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { serverWords } from './server-words.ts';

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }): ReactElement {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

/** The Settings tab, for hub Owners (spec §6.2): details, sync, service account, delete. */
export function HubSettings({ hub, app, onReplaceCredential }: { hub: Hub; app: AppManifest | undefined; onReplaceCredential?: boolean }): ReactElement {
  return (
    <Stack gap="md">
      <DetailsSection hub={hub} app={app} />
      <ServiceAccountSection hub={hub} app={app} highlight={Boolean(onReplaceCredential)} />
      <SyncSection hub={hub} />
      <DeleteSection hub={hub} />
    </Stack>
  );
}

function DetailsSection({ hub, app }: { hub: Hub; app: AppManifest | undefined }): ReactElement {
  const update = useUpdateHub(hub.id);
  const [label, setLabel] = useState(hub.label);
  const [businessId, setBusinessId] = useState(hub.businessId ?? '');
  const [loginMethod, setLoginMethod] = useState<LoginMethod>(hub.loginMethod);
  const [requestToSave, setRequestToSave] = useState(hub.requestToSave);
  const [safeguard, setSafeguard] = useState<number | string>(hub.syncSafeguardPct);
  const [dailySync, setDailySync] = useState(hub.dailySync);
  const [reinvites, setReinvites] = useState<number | string>(hub.autoReinviteMax);
  const [assetsOnAcceptance, setAssetsOnAcceptance] = useState(hub.assetsOnAcceptance);
  const errors = fieldErrorsByKey(update.error);
  const idLabel = app?.businessIdField.label ?? 'Business ID';
  const methods = app?.loginMethods ?? ['sso', 'username_password'];
  const safeguardNumber = typeof safeguard === 'number' ? safeguard : Number.parseInt(safeguard, 10);
  const safeguardError = !Number.isInteger(safeguardNumber) || safeguardNumber < 1 || safeguardNumber > 100 ? 'Enter a whole percentage from 1 to 100.' : undefined;
  const reinvitesNumber = typeof reinvites === 'number' ? reinvites : Number.parseInt(reinvites, 10);
  const reinvitesError = !Number.isInteger(reinvitesNumber) || reinvitesNumber < 0 || reinvitesNumber > 10 ? 'Enter a whole number from 0 (off) to 10.' : undefined;
  // Only apps whose join step holds assets back (TikTok's first card open, Meta's profile) need the switch.
  const assetsWait = (app?.joinSteps ?? []).length > 0 && (app?.assetTypes.length ?? 0) > 0;

  const changes: HubSettingsInput = {};
  if (label.trim() && label.trim() !== hub.label) changes.label = label.trim();
  if (businessId.trim() !== (hub.businessId ?? '')) changes.businessId = businessId.trim();
  if (loginMethod !== hub.loginMethod) changes.loginMethod = loginMethod;
  if (requestToSave !== hub.requestToSave) changes.requestToSave = requestToSave;
  if (!safeguardError && safeguardNumber !== hub.syncSafeguardPct) changes.syncSafeguardPct = safeguardNumber;
  if (dailySync !== hub.dailySync) changes.dailySync = dailySync;
  if (!reinvitesError && reinvitesNumber !== hub.autoReinviteMax) changes.autoReinviteMax = reinvitesNumber;
  if (assetsOnAcceptance !== hub.assetsOnAcceptance) changes.assetsOnAcceptance = assetsOnAcceptance;
  const dirty = Object.keys(changes).length > 0;

  const save = (): void => {
    if (!label.trim() || safeguardError || reinvitesError) return;
    update.mutate(changes, {
      onSuccess: (saved) =>
        notifications.show({
          color: 'teal',
          title: 'Settings saved',
          message: changes.businessId !== undefined ? `${saved.label} is being validated again with the new ${idLabel}.` : `${saved.label} is up to date.`,
        }),
    });
  };

  return (
    <Section title="Hub details" description="Changing the business ID re-validates the hub before the next sync.">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Stack gap="sm" maw={560}>
          <ProblemAlert error={update.error} title="Couldn’t save the settings" messages={serverWords(update.error)} />
          <TextInput
            label="Label in Latchkey"
            required
            maxLength={200}
            value={label}
            onChange={(event) => setLabel(event.currentTarget.value)}
            error={!label.trim() ? 'Give the hub a label.' : errors['label']}
          />
          <TextInput
            label={idLabel}
            description={app?.businessIdField.hint}
            maxLength={200}
            spellCheck={false}
            autoComplete="off"
            value={businessId}
            onChange={(event) => setBusinessId(event.currentTarget.value)}
            error={errors['businessId']}
          />
          <Radio.Group label="User management & login method" value={loginMethod} onChange={(value) => setLoginMethod(value as LoginMethod)}>
            <Group gap="lg" mt="xs">
              {methods.includes('sso') && <Radio value="sso" label="SSO" />}
              {methods.includes('username_password') && <Radio value="username_password" label="Username and password" />}
            </Group>
          </Radio.Group>
          {loginMethod === 'username_password' && (
            <Switch
              label="Request users to save their username and password in Latchkey"
              checked={requestToSave}
              onChange={(event) => setRequestToSave(event.currentTarget.checked)}
            />
          )}
          <NumberInput
            label="Sync safeguard"
            description="A sync that would remove more than this share of people or assets stops and waits for your review."
            min={1}
            max={100}
            suffix=" %"
            allowDecimal={false}
            value={safeguard}
            onChange={setSafeguard}
            error={safeguardError ?? errors['syncSafeguardPct']}
            styles={{ wrapper: { maxWidth: 160 } }}
          />
          <Switch
            label="Daily sync"
            description="Check the app for changes once a day, on top of the syncs you start."
            checked={dailySync}
            onChange={(event) => setDailySync(event.currentTarget.checked)}
          />
          <NumberInput
            label="Automatic re-invites"
            description={`When an invite to ${hub.appName} lapses before it is accepted, Latchkey sends a new one and tells the person, up to this many times. 0 turns it off; “Resend invite” always works.`}
            min={0}
            max={10}
            allowDecimal={false}
            value={reinvites}
            onChange={setReinvites}
            error={reinvitesError ?? errors['autoReinviteMax']}
            styles={{ wrapper: { maxWidth: 160 } }}
          />
          {assetsWait && (
            <Switch
              label="Assign assets as soon as the invite is accepted"
              description={`Otherwise ${hub.appName} assets are assigned when the person finishes the join step on their card.`}
              checked={assetsOnAcceptance}
              onChange={(event) => setAssetsOnAcceptance(event.currentTarget.checked)}
            />
          )}
          <Group>
            <Button type="submit" loading={update.isPending} disabled={!dirty || update.isPending || Boolean(safeguardError) || Boolean(reinvitesError)}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ServiceAccountSection({ hub, app, highlight }: { hub: Hub; app: AppManifest | undefined; highlight: boolean }): ReactElement {
  const accounts = useAccounts({});
  const hubs = useHubs();
  const update = useUpdateHub(hub.id);
  const create = useCreateServiceAccount();
  const [mode, setMode] = useState<'new' | 'saved'>('new');
  const [accountId, setAccountId] = useState('');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState(false);
  const credentialWord = app?.serviceCredential.label ?? 'Service token';
  const current = (accounts.data ?? []).find((account) => account.id === hub.serviceCredentialId);
  const connected = new Set((hubs.data ?? []).map((item) => item.serviceCredentialId).filter(Boolean));
  const owned = (accounts.data ?? []).filter((account) => account.myRole === 'owner' && !account.deletedAt && account.status === 'enabled' && account.id !== hub.serviceCredentialId);
  const options = owned.map((account) => ({ value: account.id, label: connected.has(account.id) ? `${account.label} — Connected` : account.label, disabled: connected.has(account.id) }));
  const pending = create.isPending || update.isPending;

  const replace = (): void => {
    setTouched(true);
    const done = (): void => {
      notifications.show({ color: 'teal', title: 'Service account replaced', message: `Latchkey is validating ${hub.label} with the new credential.` });
      setSecret('');
      setLabel('');
      setTouched(false);
    };
    if (mode === 'saved') {
      if (!accountId) return;
      update.mutate({ serviceCredentialAccountId: accountId }, { onSuccess: done });
      return;
    }
    if (!secret.trim()) return;
    create.mutate(
      { label: label.trim() || `${hub.label} automation`, appKey: hub.appKey, secret: secret.trim() },
      { onSuccess: (account) => update.mutate({ serviceCredentialAccountId: account.id }, { onSuccess: done }) },
    );
  };

  return (
    <Section
      title="Service account"
      description={`Latchkey reads ${hub.appName} and makes changes with this credential. It needs the ${app?.serviceCredential.requiredNativeRole ?? 'admin'} role in the app. Replacing it re-validates the hub.`}
    >
      <Text size="sm">
        Current:{' '}
        {current ? (
          <Anchor size="sm" renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId: current.id }} {...props} />}>
            {current.label}
          </Anchor>
        ) : hub.serviceCredentialId ? (
          'an account you can’t open'
        ) : (
          <strong>none — add one below</strong>
        )}
      </Text>
      <Stack gap="sm" maw={560}>
        <ProblemAlert
          error={create.error ?? update.error}
          title="Couldn’t replace the service account"
          messages={serverWords(create.error ?? update.error)}
        />
        <Radio.Group label="Replace with" value={mode} onChange={(value) => setMode(value as 'new' | 'saved')}>
          <Group gap="lg" mt="xs">
            <Radio value="new" label={`A new ${credentialWord.toLowerCase()}`} />
            <Radio value="saved" label="A saved account" disabled={accounts.isSuccess && options.every((option) => option.disabled)} />
          </Group>
        </Radio.Group>
        {mode === 'saved' ? (
          <NativeSelect
            label="Saved account"
            data={[{ value: '', label: accounts.isPending ? 'Loading your accounts…' : 'Choose an account' }, ...options]}
            value={accountId}
            onChange={(event) => setAccountId(event.currentTarget.value)}
            error={touched && !accountId ? 'Choose an account you own.' : undefined}
          />
        ) : (
          <>
            <TextInput
              label="Account label"
              placeholder={`${hub.label} automation`}
              maxLength={200}
              value={label}
              onChange={(event) => setLabel(event.currentTarget.value)}
            />
            <PasswordInput
              label={credentialWord}
              description={app?.serviceCredential.hint}
              autoComplete="off"
              maxLength={1000}
              value={secret}
              onChange={(event) => setSecret(event.currentTarget.value)}
              error={touched && !secret.trim() ? `Paste the new ${credentialWord.toLowerCase()}.` : undefined}
              data-autofocus={highlight || undefined}
            />
          </>
        )}
        <Group>
          <Button onClick={replace} loading={pending} disabled={pending}>
            Replace service account
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

function SyncSection({ hub }: { hub: Hub }): ReactElement {
  const sync = useHubSync(hub.id);
  return (
    <Section
      title="Sync"
      description={`Reads ${hub.appName}’s people, roles, assets and invites and matches them to your members. It also runs ${hub.dailySync ? 'every day' : 'only when you start it (daily sync is off)'}.`}
    >
      <ProblemAlert error={sync.error} title="Couldn’t start the sync" messages={serverWords(sync.error)} />
      <Group gap="md">
        <Button
          variant="default"
          onClick={() => sync.mutate('sync', { onSuccess: () => notifications.show({ color: 'teal', message: `Syncing ${hub.label}…` }) })}
          loading={sync.isPending || hub.syncing}
          disabled={sync.isPending || hub.syncing}
        >
          Sync
        </Button>
        <Text size="sm" c="dimmed" title={formatDateTime(hub.lastSyncedAt)}>
          {hub.lastSyncedAt ? `Last synced ${formatRelative(hub.lastSyncedAt)}` : 'Not synced yet'}
        </Text>
      </Group>
    </Section>
  );
}

function DeleteSection({ hub }: { hub: Hub }): ReactElement {
  const [confirming, setConfirming] = useState(false);
  return (
    <Section title="Delete from Latchkey" description={`Removes the hub from Latchkey only. Nothing changes inside ${hub.appName}.`}>
      <Group>
        <Button variant="outline" color="red" onClick={() => setConfirming(true)}>
          Delete from Latchkey
        </Button>
      </Group>
      {confirming && <DeleteHubModal hub={hub} onClose={() => setConfirming(false)} />}
    </Section>
  );
}

function DeleteHubModal({ hub, onClose }: { hub: Hub; onClose: () => void }): ReactElement {
  const remove = useDeleteHub(hub.id);
  const navigate = useNavigate();
  const confirm = (): void => {
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Hub deleted from Latchkey', message: `${hub.label} is gone from Latchkey. Nothing changed in ${hub.appName}.` });
        onClose();
        void navigate({ to: '/hubs' });
      },
    });
  };
  return (
    <AppModal opened onClose={onClose} title={`Delete ${hub.label} from Latchkey?`}>
      <Stack gap="sm">
        <ProblemAlert error={remove.error} title="Couldn’t delete the hub" messages={serverWords(remove.error)} />
        <Text size="sm">
          <strong>Nothing changes inside {hub.appName}:</strong> everyone keeps their seat, role and assets there, and pending invites stay
          open.
        </Text>
        <Text size="sm">
          In Latchkey, the hub, its list of people and everyone’s access to it through Latchkey go away. The service account and
          connected accounts stay in their vaults.
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Delete from Latchkey
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
