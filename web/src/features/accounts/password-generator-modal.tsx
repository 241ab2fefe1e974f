import { Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { AppModal } from '../../components/app-modal.tsx';
import { PasswordGenerator } from './password-generator.tsx';

/** The generator on its own, e.g. for a password you are about to set in an app by hand. */
export function PasswordGeneratorModal({ onClose }: { onClose: () => void }): ReactElement {
  return (
    <AppModal opened onClose={onClose} title="Password generator" size="lg">
      <Text size="sm" c="dimmed" mb="md">
        Make a strong password that fits an app’s rules. Nothing is saved: copy it, or add it to an account.
      </Text>
      <PasswordGenerator />
    </AppModal>
  );
}
