import { Button, CopyButton } from '@mantine/core';
import type { ReactElement } from 'react';

export interface CopyValueButtonProps {
  value: string;
  /** Accessible name and visible text, e.g. "Copy secret". */
  label: string;
}

/** Mantine CopyButton with a visible "Copied" confirmation. */
export function CopyValueButton({ value, label }: CopyValueButtonProps): ReactElement {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Button size="xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy} aria-label={label}>
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}
