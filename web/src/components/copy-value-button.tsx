import { Button, CopyButton, type ButtonProps } from '@mantine/core';
import type { ReactElement } from 'react';

export interface CopyValueButtonProps {
  value: string;
  /** Accessible name, e.g. "Copy secret"; also the visible text unless `text` is given. */
  label: string;
  /** Shorter visible text when the row already says what is copied, e.g. "Copy" next to "Username". */
  text?: string;
  variant?: ButtonProps['variant'];
}

/** Mantine CopyButton with a visible "Copied" confirmation. */
export function CopyValueButton({ value, label, text, variant = 'light' }: CopyValueButtonProps): ReactElement {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Button size="xs" variant={variant} color={copied ? 'teal' : undefined} onClick={copy} aria-label={label}>
          {copied ? 'Copied' : (text ?? label)}
        </Button>
      )}
    </CopyButton>
  );
}
