import {
  Anchor,
  Button,
  Checkbox,
  Collapse,
  Divider,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { fieldErrorsByKey, hasCode } from '../../api/api-error.ts';
import { useCreateAccount, useUpdateAccount } from '../../api/accounts.ts';
import type { AccountDetail, AccountInput, CustomField } from '../../api/types.ts';
import { useVaults } from '../../api/vaults.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { monoInputStyles } from '../../lib/theme.ts';
import { validateTotpInput } from '../../lib/totp-input.ts';
import { isHttpUrl, normalizeLoginUrl } from '../../lib/urls.ts';
import { CustomFieldsEditor, newCustomFieldRow, type CustomFieldRow } from './custom-fields-editor.tsx';
import { PasswordGenerator } from './password-generator.tsx';
import { TotpKeyField } from './totp-key-field.tsx';

export interface AccountFormModalProps {
  /** The account to edit (Owner view); omitted to add a new one. */
  account?: AccountDetail;
  onClose: () => void;
}

interface FormValues {
  label: string;
  vaultId: string;
  loginUrl: string;
  username: string;
  email: string;
  phone: string;
  password: string;
  totp: string;
  removeTotp: boolean;
  backupCodes: string;
  removeBackupCodes: boolean;
  notes: string;
  customFields: CustomFieldRow[];
  passwordRules: string;
}

const FIELD_LABELS: Record<string, string> = {
  label: 'Account label',
  vaultId: 'Vault',
  loginUrl: 'Login URL',
  username: 'Username',
  email: 'Email',
  phone: 'Phone',
  password: 'Password',
  totp: 'Authenticator key',
  backupCodes: 'Backup codes',
  notes: 'Notes',
  passwordRules: 'Password rules',
};

const MESSAGES = {
  invalid_totp_secret: 'The authenticator key could not be read. Paste the setup key exactly as the app shows it, or the whole otpauth:// link, or upload the QR code.',
  invalid_password_rules: 'The saved password rules are not valid. Open “Generate”, fix the rules, and use a password from them.',
  conflict: 'That vault is disabled and takes no new accounts. Choose another vault.',
  forbidden: 'Your role can’t add or edit this account. Login-only members and guests add accounts through “Connect your account”; only an account’s Owners can edit it.',
};

const MAX_NOTES = 40_000;

function toRows(fields: CustomField[] | null | undefined): CustomFieldRow[] {
  return (fields ?? []).map((field) => newCustomFieldRow(field));
}

function splitCodes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((code) => code.trim())
    .filter(Boolean);
}

function cleanFields(rows: CustomFieldRow[]): CustomField[] {
  return rows
    .filter((row) => row.name.trim() || row.value.trim())
    .map((row) => ({ name: row.name.trim(), type: row.type, value: row.type === 'url' ? normalizeLoginUrl(row.value) : row.value }));
}

const emptyToNull = (value: string): string | null => (value.trim() ? value.trim() : null);

/** Add an account, or edit one you own. Secrets are write-only here: leaving them empty keeps what is stored. */
export function AccountFormModal({ account, onClose }: AccountFormModalProps): ReactElement {
  const editing = Boolean(account);
  const navigate = useNavigate();
  const vaults = useVaults();
  const create = useCreateAccount();
  const update = useUpdateAccount(account?.id ?? '');
  const mutation = editing ? update : create;
  const [generatorOpen, setGeneratorOpen] = useState(false);
  const [generated, setGenerated] = useState(false);

  const usableVaults = (vaults.data ?? []).filter((vault) => !vault.disabled || vault.id === account?.vaultId);
  const defaultVault = usableVaults.find((vault) => vault.isDefault) ?? usableVaults[0];

  const initial: FormValues = {
    label: account?.label ?? '',
    vaultId: account?.vaultId ?? '',
    loginUrl: account?.loginUrl ?? '',
    username: account?.username ?? '',
    email: account?.email ?? '',
    phone: account?.phone ?? '',
    password: '',
    totp: '',
    removeTotp: false,
    backupCodes: '',
    removeBackupCodes: false,
    notes: account?.notes ?? '',
    customFields: toRows(account?.customFields),
    passwordRules: account?.passwordRules ?? '',
  };

  const form = useForm<FormValues>({
    initialValues: initial,
    validate: {
      label: (value) => (value.trim() ? null : 'Give the account a label people recognise, e.g. “Meta Business – Acme”.'),
      loginUrl: (value) =>
        !value.trim() || isHttpUrl(normalizeLoginUrl(value)) ? null : 'Enter the web address of the sign-in page, e.g. https://business.facebook.com.',
      email: (value) => (!value.trim() || /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address like name@company.com, or leave it empty.'),
      phone: (value) =>
        !value.trim() || /^\+?[0-9 ()-]{4,20}$/.test(value.trim()) ? null : 'Use digits, spaces and an optional leading +, e.g. +1 415 555 0100.',
      totp: (value, values) => (values.removeTotp ? null : validateTotpInput(value)),
      backupCodes: (value) => {
        const codes = splitCodes(value);
        if (codes.length > 100) return 'Up to 100 backup codes fit. Keep the unused ones.';
        return codes.some((code) => code.length > 100) ? 'Each line holds one code of up to 100 characters.' : null;
      },
      notes: (value) => (value.length > MAX_NOTES ? `Notes hold up to ${MAX_NOTES.toLocaleString()} characters.` : null),
      customFields: {
        name: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          const row = values.customFields[index];
          return row && row.value.trim() && !value.trim() ? 'Name this field, e.g. “Business ID”.' : null;
        },
        value: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          const row = values.customFields[index];
          if (!row || row.type !== 'url' || !value.trim()) return null;
          return isHttpUrl(normalizeLoginUrl(value)) ? null : 'Enter a web address, e.g. https://example.com.';
        },
      },
    },
  });

  const close = (): void => {
    mutation.reset();
    onClose();
  };

  const buildCreate = (values: FormValues): AccountInput => {
    const input: AccountInput = { label: values.label.trim() };
    const vaultId = values.vaultId || defaultVault?.id;
    if (vaultId && usableVaults.length > 1) input.vaultId = vaultId;
    if (values.loginUrl.trim()) input.loginUrl = normalizeLoginUrl(values.loginUrl);
    if (values.username.trim()) input.username = values.username.trim();
    if (values.email.trim()) input.email = values.email.trim();
    if (values.phone.trim()) input.phone = values.phone.trim();
    if (values.password) input.password = values.password;
    if (values.totp.trim()) input.totp = values.totp.trim();
    const codes = splitCodes(values.backupCodes);
    if (codes.length) input.backupCodes = codes;
    if (values.notes.trim()) input.notes = values.notes;
    const fields = cleanFields(values.customFields);
    if (fields.length) input.customFields = fields;
    if (values.passwordRules.trim()) input.passwordRules = values.passwordRules.trim();
    return input;
  };

  /** Only what changed, so an edit never rewrites (or re-versions) a secret nobody touched. */
  const buildUpdate = (values: FormValues): AccountInput => {
    const input: AccountInput = {};
    if (values.label.trim() !== initial.label) input.label = values.label.trim();
    if (values.vaultId && values.vaultId !== initial.vaultId) input.vaultId = values.vaultId;
    const loginUrl = values.loginUrl.trim() ? normalizeLoginUrl(values.loginUrl) : '';
    if (loginUrl !== initial.loginUrl) input.loginUrl = loginUrl || null;
    for (const key of ['username', 'email', 'phone'] as const) {
      if (values[key].trim() !== initial[key]) input[key] = emptyToNull(values[key]);
    }
    if (values.password) input.password = values.password;
    if (values.removeTotp) input.totp = null;
    else if (values.totp.trim()) input.totp = values.totp.trim();
    if (values.removeBackupCodes) input.backupCodes = null;
    else if (splitCodes(values.backupCodes).length) input.backupCodes = splitCodes(values.backupCodes);
    if (values.notes !== initial.notes) input.notes = values.notes.trim() ? values.notes : null;
    const fields = cleanFields(values.customFields);
    if (JSON.stringify(fields) !== JSON.stringify(cleanFields(initial.customFields))) input.customFields = fields.length ? fields : null;
    if (values.passwordRules.trim() !== initial.passwordRules) input.passwordRules = emptyToNull(values.passwordRules);
    return input;
  };

  const submit = form.onSubmit((values) => {
    const onError = (error: Error): void => {
      const errors = fieldErrorsByKey(error);
      // The server names exactly what is wrong with a key (bad character, too short…): show it at the field.
      if (hasCode(error, 'invalid_totp_secret') && error.detail) errors['totp'] = error.detail;
      form.setErrors(errors);
    };
    if (account) {
      const input = buildUpdate(values);
      if (Object.keys(input).length === 0) {
        close();
        return;
      }
      update.mutate(input, {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Changes saved', message: input.password ? `${saved.label} has a new password version.` : `${saved.label} is up to date.` });
          close();
        },
        onError,
      });
      return;
    }
    create.mutate(buildCreate(values), {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', title: 'Account added', message: `${saved.label} is in ${saved.vaultName}. Share it with the people who need it.` });
        close();
        void navigate({ to: '/accounts/$accountId', params: { accountId: saved.id } });
      },
      onError,
    });
  });

  const useGenerated = (password: string, rules: string | null): void => {
    form.setFieldValue('password', password);
    if (rules) form.setFieldValue('passwordRules', rules);
    setGenerated(true);
    setGeneratorOpen(false);
  };

  const backupCount = account?.backupCodeCount ?? 0;

  return (
    <AppModal opened onClose={close} title={account ? `Edit ${account.label}` : 'Add account'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} title={editing ? 'Couldn’t save the changes' : 'Couldn’t add the account'} messages={MESSAGES} fieldLabels={FIELD_LABELS} />
          <TextInput
            label="Account label"
            description="How the account appears on cards, e.g. “Meta Business – Acme”."
            required
            data-autofocus
            maxLength={200}
            {...form.getInputProps('label')}
          />
          {usableVaults.length > 1 && (
            <NativeSelect
              label="Vault"
              data={usableVaults.map((vault) => ({ value: vault.id, label: vault.isDefault ? `${vault.name} (default)` : vault.name }))}
              value={form.values.vaultId || defaultVault?.id || ''}
              onChange={(event) => form.setFieldValue('vaultId', event.currentTarget.value)}
              error={form.errors['vaultId']}
            />
          )}
          <TextInput
            label="Login URL"
            description="The app’s sign-in page. Leave empty for accounts without one."
            placeholder="https://business.facebook.com"
            type="url"
            autoComplete="off"
            {...form.getInputProps('loginUrl')}
          />
          <Group grow align="flex-start">
            <TextInput label="Username" autoComplete="off" maxLength={320} {...form.getInputProps('username')} />
            <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
          </Group>
          <TextInput label="Phone" type="tel" autoComplete="off" placeholder="+1 415 555 0100" maw={280} {...form.getInputProps('phone')} />

          <Divider label="Secrets (stored encrypted)" labelPosition="left" mt="xs" />
          <Stack gap={6}>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <PasswordInput
                label="Password"
                description={
                  generated
                    ? 'Generated. It is saved when you save the account; copy it into the app too.'
                    : editing
                      ? account?.hasPassword
                        ? 'Leave empty to keep the current password. A new one becomes a new version.'
                        : 'No password is stored yet.'
                      : undefined
                }
                autoComplete="new-password"
                maxLength={1000}
                style={{ flex: 1 }}
                {...form.getInputProps('password')}
                onChange={(event) => {
                  form.setFieldValue('password', event.currentTarget.value);
                  setGenerated(false);
                }}
              />
              <Button variant={generatorOpen ? 'light' : 'default'} onClick={() => setGeneratorOpen((open) => !open)} aria-expanded={generatorOpen}>
                Generate
              </Button>
            </Group>
            <Collapse expanded={generatorOpen} keepMounted={false}>
              <Paper withBorder p="sm" radius="md">
                <PasswordGenerator initialRules={form.values.passwordRules || null} onUse={useGenerated} />
              </Paper>
            </Collapse>
            {form.values.passwordRules && (
              <Text size="xs" c="dimmed">
                Password rules saved with this account: <code>{form.values.passwordRules}</code>{' '}
                <Anchor component="button" type="button" size="xs" onClick={() => form.setFieldValue('passwordRules', '')}>
                  Forget them
                </Anchor>
              </Text>
            )}
          </Stack>

          <TotpKeyField
            value={form.values.totp}
            onChange={(value) => form.setFieldValue('totp', value)}
            error={form.errors['totp']}
            disabled={form.values.removeTotp}
            description={
              editing && account?.hasTotp
                ? 'An authenticator is set up. Paste a new setup key or link, or upload a new QR code, to replace it.'
                : undefined
            }
          />
          {editing && account?.hasTotp && (
            <Checkbox
              label="Remove the authenticator from this account"
              {...form.getInputProps('removeTotp', { type: 'checkbox' })}
            />
          )}

          <Textarea
            label="Backup codes"
            description={
              editing && backupCount > 0
                ? `${backupCount} saved. Paste a new set, one per line, to replace them; leave empty to keep them.`
                : 'The one-time recovery codes the app gave you, one per line.'
            }
            autosize
            minRows={2}
            maxRows={8}
            spellCheck={false}
            styles={monoInputStyles}
            disabled={form.values.removeBackupCodes}
            {...form.getInputProps('backupCodes')}
          />
          {editing && backupCount > 0 && (
            <Checkbox label="Remove the saved backup codes" {...form.getInputProps('removeBackupCodes', { type: 'checkbox' })} />
          )}

          <Textarea
            label="Notes"
            description="Only Owners see notes."
            autosize
            minRows={2}
            maxRows={10}
            {...form.getInputProps('notes')}
          />
          <CustomFieldsEditor
            rows={form.values.customFields}
            onChange={(rows) => form.setFieldValue('customFields', rows)}
            errorOf={(index, field) => form.errors[`customFields.${index}.${field}`]}
          />

          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={mutation.isPending}>
              {editing ? 'Save changes' : 'Add account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
