import { PasswordInput, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { GetInputPropsReturnType } from '@mantine/form';
import { passwordStrengthHint } from '../lib/password-policy.ts';

/** What Mantine's `form.getInputProps(field)` returns. */
export type InputBinding = GetInputPropsReturnType;

export interface NewPasswordFieldsProps {
  password: InputBinding;
  confirm: InputBinding;
  passwordValue: string;
  passwordLabel?: string;
  confirmLabel?: string;
}

/** New password + confirmation with a live length hint (minimum 12 characters). */
export function NewPasswordFields({
  password,
  confirm,
  passwordValue,
  passwordLabel = 'Password',
  confirmLabel = 'Confirm password',
}: NewPasswordFieldsProps): ReactElement {
  const hint = passwordStrengthHint(passwordValue);
  return (
    <Stack gap="sm">
      <PasswordInput
        {...password}
        label={passwordLabel}
        autoComplete="new-password"
        required
        description={
          <Text component="span" size="xs" c={hint.ok ? 'teal' : 'dimmed'} aria-live="polite">
            {hint.text}
          </Text>
        }
      />
      <PasswordInput {...confirm} label={confirmLabel} autoComplete="new-password" required />
    </Stack>
  );
}
