import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  PasswordInput,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ChangeEvent, type ReactElement } from 'react';
import { useAccounts } from '../../api/accounts.ts';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import type { AppManifest, ConnectHubInput, LoginMethod, StartHubOAuthInput } from '../../api/hub-types.ts';
import { useApps, useConnectHub, useHubs, useStartHubOAuth } from '../../api/hubs.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { AppLogo } from './app-logo.tsx';
import { serverWords } from './server-words.ts';

const INTRO_HIDDEN_KEY = 'latchkey.connectHubIntroHidden';

type Step = 'intro' | 0 | 1 | 2;
type CredentialChoice = 'new' | 'saved';

interface Details {
  label: string;
  businessId: string;
  connectFields: Record<string, string>;
  loginMethod: LoginMethod;
  requestToSave: boolean;
}

const KIND_LABELS: Record<AppManifest['hubKind'], string> = { seat_based: 'Seat-based', paid_social: 'Paid social' };
const MECHANISM_LABELS: Record<AppManifest['mechanism'], string> = { api: 'API', oauth: 'OAuth', agent: 'Browser agent' };

const FIELD_LABELS: Record<string, string> = {
  label: 'Label in Latchkey',
  appKey: 'App',
  loginMethod: 'Login method',
  serviceCredential: 'Automation account',
  'serviceCredential.token': 'Token',
  'serviceCredential.label': 'Account label',
  'serviceCredential.accountId': 'Saved account',
};

function introHidden(): boolean {
  try {
    return window.localStorage.getItem(INTRO_HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

function hideIntro(): void {
  try {
    window.localStorage.setItem(INTRO_HIDDEN_KEY, '1');
  } catch {
    // Private mode: the intro simply shows again next time.
  }
}

function patternError(value: string, pattern: string | undefined): boolean {
  if (!pattern || !value) return false;
  try {
    return !new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

function initialDetails(app: AppManifest | undefined): Details {
  return {
    label: app?.displayName ?? '',
    businessId: '',
    connectFields: {},
    loginMethod: app?.loginMethods.includes('username_password') ? 'username_password' : (app?.loginMethods[0] ?? 'sso'),
    requestToSave: true,
  };
}

/**
 * "Connect Business Hub" (spec §5.1): a first-time intro, then "Select app" → "Enter app details"
 * → "Select automation account" → "Connect app". The hub is created under validation; the page it
 * opens on follows validation and the first sync live. Apps with an authorisation page set up on
 * this Latchkey (Pinterest, TikTok; spec §5.3, §5.4) offer "Authorise with <provider>" instead: a
 * full-page trip to the provider, which sends the browser back to the new hub.
 */
export function ConnectHubModal({ onClose }: { onClose: () => void }): ReactElement {
  const navigate = useNavigate();
  const apps = useApps();
  const connect = useConnectHub();
  const startOAuth = useStartHubOAuth();
  /** Leaving for the provider's page: keep the button busy until the browser navigates. */
  const [leaving, setLeaving] = useState(false);
  const [step, setStep] = useState<Step>(() => (introHidden() ? 0 : 'intro'));
  const [dontShowAgain, setDontShowAgain] = useState(false);
  const [appKey, setAppKey] = useState<string>('');
  const [details, setDetails] = useState<Details>(() => initialDetails(undefined));
  /** Which app `details` holds defaults for; going back and forth keeps what was typed. */
  const [detailsFor, setDetailsFor] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [choice, setChoice] = useState<CredentialChoice>('new');
  const [accountId, setAccountId] = useState('');
  const [credentialLabel, setCredentialLabel] = useState('');
  const [token, setToken] = useState('');
  /** "Paste an access token instead" of authorising with the provider. */
  const [paste, setPaste] = useState(false);

  const catalog = apps.data ?? [];
  const chosenKey = appKey || (catalog.length === 1 ? (catalog[0]?.key ?? '') : '');
  const app = catalog.find((candidate) => candidate.key === chosenKey);

  const close = (): void => {
    connect.reset();
    startOAuth.reset();
    onClose();
  };

  const startWizard = (): void => {
    if (dontShowAgain) hideIntro();
    setStep(0);
  };

  const chooseApp = (key: string): void => {
    setAppKey(key);
    setErrors({});
  };

  const leaveAppStep = (): void => {
    if (!app) return;
    if (detailsFor !== app.key) {
      setDetails(initialDetails(app));
      setDetailsFor(app.key);
    }
    setStep(1);
  };

  const validateDetails = (): boolean => {
    if (!app) return false;
    const found: Record<string, string> = {};
    if (!details.label.trim()) found['label'] = 'Give the hub a name people recognise, e.g. “Acme – Sandbox”.';
    const id = details.businessId.trim();
    const field = app.businessIdField;
    if (field.required && !id) found['businessId'] = `Enter the ${field.label}. ${field.hint}`;
    else if (patternError(id, field.pattern)) found['businessId'] = `That ${field.label} doesn’t look right. ${field.hint}`;
    for (const extra of app.extraConnectFields) {
      const value = (details.connectFields[extra.key] ?? '').trim();
      if (extra.required && !value) found[`connectFields.${extra.key}`] = `Enter the ${extra.label}.${extra.hint ? ` ${extra.hint}` : ''}`;
      else if (patternError(value, extra.pattern)) found[`connectFields.${extra.key}`] = `That ${extra.label} doesn’t look right.${extra.hint ? ` ${extra.hint}` : ''}`;
    }
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  const validateCredential = (): boolean => {
    const found: Record<string, string> = {};
    if (choice === 'saved' && !accountId) found['serviceCredential.accountId'] = 'Choose the account Latchkey should use, or add a new one.';
    if (choice === 'new') {
      if (!token.trim()) found['serviceCredential.token'] = `Paste the ${app?.serviceCredential.label ?? 'token'}. ${app?.serviceCredential.hint ?? ''}`.trim();
    }
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  /** The hub details both ways of connecting send. */
  const hubDetails = (forApp: AppManifest): Omit<ConnectHubInput, 'serviceCredential'> => {
    const input: Omit<ConnectHubInput, 'serviceCredential'> = { appKey: forApp.key, label: details.label.trim(), loginMethod: details.loginMethod };
    if (details.businessId.trim()) input.businessId = details.businessId.trim();
    if (details.loginMethod === 'username_password') input.requestToSave = details.requestToSave;
    const fields = Object.fromEntries(Object.entries(details.connectFields).filter(([, value]) => value.trim()));
    if (Object.keys(fields).length) input.connectFields = fields;
    return input;
  };

  const showFieldErrors = (error: Error): void => {
    const byKey = fieldErrorsByKey(error);
    setErrors(byKey);
    if (Object.keys(byKey).some((key) => key === 'label' || key === 'businessId' || key.startsWith('connectFields'))) setStep(1);
  };

  const authorise = (): void => {
    if (!app) return;
    connect.reset();
    setErrors({});
    const input: StartHubOAuthInput = { ...hubDetails(app), serviceCredential: { label: credentialLabel.trim() || `${details.label.trim()} automation` } };
    startOAuth.mutate(input, {
      onSuccess: ({ authorizeUrl }) => {
        setLeaving(true);
        window.location.assign(authorizeUrl);
      },
      onError: showFieldErrors,
    });
  };

  const submit = (): void => {
    if (!app || !validateCredential()) return;
    startOAuth.reset();
    const input: ConnectHubInput = {
      ...hubDetails(app),
      serviceCredential:
        choice === 'saved'
          ? { accountId }
          : { label: credentialLabel.trim() || `${details.label.trim()} automation`, token: token.trim() },
    };

    connect.mutate(input, {
      onSuccess: (hub) => {
        notifications.show({
          color: 'teal',
          title: 'Business hub connected',
          message: `Latchkey is validating ${hub.label} and will then import its people. Follow it live on the hub’s page.`,
        });
        close();
        void navigate({ to: '/hubs/$hubId', params: { hubId: hub.id } });
      },
      onError: showFieldErrors,
    });
  };

  return (
    <AppModal opened onClose={close} title="Connect Business Hub" size="xl">
      {step === 'intro' ? (
        <Intro dontShowAgain={dontShowAgain} onDontShowAgain={setDontShowAgain} onStart={startWizard} onCancel={close} />
      ) : (
        <Stack gap="md">
          <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(index) => index < step && setStep(index as Step)}>
            <Stepper.Step label="Select app" />
            <Stepper.Step label="Enter app details" />
            <Stepper.Step label="Select automation account" />
          </Stepper>
          <ProblemAlert error={connect.error ?? startOAuth.error} title="Couldn’t connect the hub" messages={serverWords(connect.error ?? startOAuth.error)} fieldLabels={FIELD_LABELS} />
          {step === 0 && (
            <SelectAppStep
              apps={catalog}
              loading={apps.isPending}
              error={apps.error}
              value={chosenKey}
              onChange={chooseApp}
              onCancel={close}
              onNext={leaveAppStep}
            />
          )}
          {step === 1 && app && (
            <DetailsStep
              app={app}
              value={details}
              errors={errors}
              onChange={(next) => setDetails((current) => ({ ...current, ...next }))}
              onBack={() => setStep(0)}
              onNext={() => validateDetails() && setStep(2)}
            />
          )}
          {step === 2 && app && (
            <CredentialStep
              app={app}
              hubLabel={details.label.trim()}
              choice={choice}
              onChoice={setChoice}
              accountId={accountId}
              onAccountId={setAccountId}
              credentialLabel={credentialLabel}
              onCredentialLabel={setCredentialLabel}
              token={token}
              onToken={setToken}
              paste={paste}
              onPaste={(value) => {
                setPaste(value);
                setErrors({});
              }}
              errors={errors}
              pending={connect.isPending || startOAuth.isPending || leaving}
              onBack={() => setStep(1)}
              onSubmit={submit}
              onAuthorise={authorise}
            />
          )}
        </Stack>
      )}
    </AppModal>
  );
}

interface IntroProps {
  dontShowAgain: boolean;
  onDontShowAgain: (value: boolean) => void;
  onStart: () => void;
  onCancel: () => void;
}

function Intro({ dontShowAgain, onDontShowAgain, onStart, onCancel }: IntroProps): ReactElement {
  return (
    <Stack gap="sm">
      <Text size="sm">
        A business hub links this workspace to one collaboration space in an app, such as a Meta business portfolio or a TikTok
        Business Center. Once it is connected, Latchkey:
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>imports who holds a seat, their roles, assets and pending invites, and matches them to your members by email;</List.Item>
        <List.Item>invites, re-roles and removes people inside the app when you share or remove access here;</List.Item>
        <List.Item>logs every change as a job on the Automation page, with what to do when one fails.</List.Item>
      </List>
      <Text size="sm">
        You need the app’s business ID and an automation account or token with the app’s admin role. Nothing changes in the app until
        you act on it.
      </Text>
      <Checkbox label="Don’t show this again" checked={dontShowAgain} onChange={(event) => onDontShowAgain(event.currentTarget.checked)} />
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={onStart} data-autofocus>
          Get started
        </Button>
      </Group>
    </Stack>
  );
}

interface SelectAppStepProps {
  apps: AppManifest[];
  loading: boolean;
  error: Error | null;
  value: string;
  onChange: (key: string) => void;
  onCancel: () => void;
  onNext: () => void;
}

function SelectAppStep({ apps, loading, error, value, onChange, onCancel, onNext }: SelectAppStepProps): ReactElement {
  return (
    <Stack gap="sm">
      {error && <ProblemAlert error={error} title="Couldn’t load the app catalog" />}
      {loading && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} aria-busy="true" aria-label="Loading apps">
          <Skeleton height={76} />
          <Skeleton height={76} />
        </SimpleGrid>
      )}
      {!loading && !error && apps.length === 0 && (
        <Alert color="yellow" variant="light" title="No apps are installed">
          This Latchkey has no connectors installed. Ask the person who runs it to enable one (the Sandbox Business Center ships with
          every install).
        </Alert>
      )}
      {apps.length > 0 && (
        <Radio.Group value={value} onChange={onChange} label="Select app" description="The app whose collaboration space you want Latchkey to manage.">
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {apps.map((app) => (
              <Radio.Card key={app.key} value={app.key} radius="md" p="md" aria-label={app.displayName}>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator />
                  <AppLogo svg={app.logo} name={app.displayName} size={36} />
                  <Stack gap={2}>
                    <Text fw={600} size="sm">
                      {app.displayName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {KIND_LABELS[app.hubKind]} · {MECHANISM_LABELS[app.mechanism]}
                      {app.assetTypes.length > 0 ? ` · ${app.assetTypes.map((type) => type.label).join(', ')}` : ''}
                    </Text>
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>
      )}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={onNext} disabled={!value}>
          Next
        </Button>
      </Group>
    </Stack>
  );
}

interface DetailsStepProps {
  app: AppManifest;
  value: Details;
  errors: Record<string, string>;
  onChange: (next: Partial<Details>) => void;
  onBack: () => void;
  onNext: () => void;
}

function DetailsStep({ app, value, errors, onChange, onBack, onNext }: DetailsStepProps): ReactElement {
  const field = app.businessIdField;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onNext();
      }}
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <AppLogo svg={app.logo} name={app.displayName} size={32} />
          <Text fw={600}>{app.displayName}</Text>
        </Group>
        <TextInput
          label="Label in Latchkey"
          description="How the hub appears in Latchkey, e.g. “Acme – Sandbox”."
          required
          maxLength={200}
          data-autofocus
          value={value.label}
          onChange={(event) => onChange({ label: event.currentTarget.value })}
          error={errors['label']}
        />
        <TextInput
          label={field.label}
          description={field.hint}
          required={field.required}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          value={value.businessId}
          onChange={(event) => onChange({ businessId: event.currentTarget.value })}
          error={errors['businessId']}
        />
        {app.extraConnectFields.map((extra) => {
          const props = {
            label: extra.label,
            description: extra.hint,
            required: extra.required,
            autoComplete: 'off',
            value: value.connectFields[extra.key] ?? '',
            error: errors[`connectFields.${extra.key}`],
            onChange: (event: ChangeEvent<HTMLInputElement>) =>
              onChange({ connectFields: { ...value.connectFields, [extra.key]: event.currentTarget.value } }),
          };
          return extra.secret ? <PasswordInput key={extra.key} {...props} /> : <TextInput key={extra.key} {...props} />;
        })}
        <Radio.Group
          label="User management & login method"
          description="How people sign in to the app. Latchkey only stores usernames and passwords for the second."
          value={value.loginMethod}
          onChange={(method) => onChange({ loginMethod: method as LoginMethod })}
        >
          <Stack gap="xs" mt="xs">
            {app.loginMethods.includes('sso') && (
              <Radio value="sso" label="SSO" description="People sign in through your company’s identity provider; there is nothing to save." />
            )}
            {app.loginMethods.includes('username_password') && (
              <Radio value="username_password" label="Username and password" description="Each person has their own login for the app." />
            )}
          </Stack>
        </Radio.Group>
        {value.loginMethod === 'username_password' && (
          <Switch
            label="Request users to save their username and password in Latchkey"
            description={
              value.requestToSave
                ? 'Each person connects their app login in Latchkey, so they can log in here and lose it when access ends.'
                : 'People keep their logins to themselves; they show as “Managed outside Latchkey”.'
            }
            checked={value.requestToSave}
            onChange={(event) => onChange({ requestToSave: event.currentTarget.checked })}
          />
        )}
        <Group justify="space-between" mt="xs">
          <Button variant="default" onClick={onBack}>
            Back
          </Button>
          <Button type="submit">Next</Button>
        </Group>
      </Stack>
    </form>
  );
}

interface CredentialStepProps {
  app: AppManifest;
  hubLabel: string;
  choice: CredentialChoice;
  onChoice: (choice: CredentialChoice) => void;
  accountId: string;
  onAccountId: (id: string) => void;
  credentialLabel: string;
  onCredentialLabel: (label: string) => void;
  token: string;
  onToken: (token: string) => void;
  paste: boolean;
  onPaste: (paste: boolean) => void;
  errors: Record<string, string>;
  pending: boolean;
  onBack: () => void;
  onSubmit: () => void;
  onAuthorise: () => void;
}

function CredentialStep(props: CredentialStepProps): ReactElement {
  const { app, hubLabel, choice, onChoice, accountId, onAccountId, errors, pending } = props;
  const accounts = useAccounts({});
  const hubs = useHubs();
  const credential = app.serviceCredential;
  const connected = new Set((hubs.data ?? []).map((hub) => hub.serviceCredentialId).filter(Boolean));
  const owned = (accounts.data ?? []).filter((account) => account.myRole === 'owner' && !account.deletedAt && account.status === 'enabled');
  const option = (account: (typeof owned)[number]): { value: string; label: string; disabled: boolean } => ({
    value: account.id,
    label: connected.has(account.id) ? `${account.label} — Connected` : account.label,
    disabled: connected.has(account.id),
  });
  const ofApp = owned.filter((account) => account.appKey === app.key).map(option);
  const others = owned.filter((account) => account.appKey !== app.key).map(option);
  const usable = [...ofApp, ...others].filter((item) => !item.disabled).length;
  const kindWord = credential.kind === 'token' ? credential.label.toLowerCase() : 'account';
  const provider = app.oauth?.provider ?? app.displayName;
  const oauthReady = credential.kind === 'oauth' && app.oauth?.configured === true;
  const authorising = oauthReady && choice === 'new' && !props.paste;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (authorising) props.onAuthorise();
        else props.onSubmit();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Latchkey uses this {credential.label.toLowerCase()} to read {app.displayName} and make the changes you ask for. It needs the{' '}
          <strong>{credential.requiredNativeRole}</strong> role in the app. It is stored encrypted in your vault, and you become its Owner.
        </Text>
        {credential.kind === 'oauth' && !oauthReady && (
          <Alert color="blue" variant="light">
            {app.oauth
              ? `Authorising with ${provider} isn’t set up on this Latchkey, so paste an access token you generated in ${provider}. The person who runs Latchkey can register its ${provider} app to offer “Authorise with ${provider}”.`
              : `Paste an access token you generated in ${app.displayName}.`}
          </Alert>
        )}
        <Radio.Group label="Automation account" value={choice} onChange={(value) => onChoice(value as CredentialChoice)}>
          <Group gap="lg" mt="xs">
            <Radio value="new" label={`Add a new ${kindWord}`} />
            <Radio
              value="saved"
              label="Use a saved account"
              disabled={accounts.isSuccess && usable === 0}
              description={accounts.isSuccess && usable === 0 ? 'You own no free account yet' : undefined}
            />
          </Group>
        </Radio.Group>
        {choice === 'saved' ? (
          <NativeSelect
            label="Saved account"
            description="Accounts you own. One already linked to a hub shows “Connected” and can’t be picked."
            data={[
              { value: '', label: accounts.isPending ? 'Loading your accounts…' : 'Choose an account' },
              ...(ofApp.length ? [{ group: `${app.displayName} accounts`, items: ofApp }] : []),
              ...(others.length ? [{ group: 'Other accounts you own', items: others }] : []),
            ]}
            value={accountId}
            onChange={(event) => onAccountId(event.currentTarget.value)}
            error={errors['serviceCredential.accountId'] ?? (accounts.isError ? 'Your accounts couldn’t be loaded. Add a new one instead.' : undefined)}
            disabled={accounts.isPending}
          />
        ) : (
          <>
            <TextInput
              label="Account label"
              description="How the credential appears in your vault."
              placeholder={`${hubLabel || app.displayName} automation`}
              maxLength={200}
              value={props.credentialLabel}
              onChange={(event) => props.onCredentialLabel(event.currentTarget.value)}
              error={errors['serviceCredential.label']}
            />
            {authorising ? (
              <Stack gap={4}>
                <Text size="sm">
                  You’ll go to {provider} to sign in as an admin of the business and allow Latchkey. When {provider} sends you back, the hub
                  opens and Latchkey checks it. The access token goes straight into your vault.
                </Text>
                <Group>
                  <Button variant="subtle" size="compact-sm" onClick={() => props.onPaste(true)}>
                    Paste an access token instead
                  </Button>
                </Group>
              </Stack>
            ) : (
              <>
                <PasswordInput
                  label={credential.label}
                  description={credential.hint}
                  required
                  autoComplete="off"
                  maxLength={4000}
                  value={props.token}
                  onChange={(event) => props.onToken(event.currentTarget.value)}
                  error={errors['serviceCredential.token'] ?? errors['serviceCredential']}
                  data-autofocus
                />
                {oauthReady && (
                  <Group>
                    <Button variant="subtle" size="compact-sm" onClick={() => props.onPaste(false)}>
                      Authorise with {provider} instead
                    </Button>
                  </Group>
                )}
              </>
            )}
          </>
        )}
        <Text size="xs" c="dimmed">
          After you connect, Latchkey checks the business ID and this {kindWord}, then imports people, roles, assets and pending invites.
        </Text>
        <Group justify="space-between" mt="xs">
          <Button variant="default" onClick={props.onBack} disabled={pending}>
            Back
          </Button>
          <Button type="submit" loading={pending} disabled={pending}>
            {authorising ? `Authorise with ${provider}` : 'Connect app'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
