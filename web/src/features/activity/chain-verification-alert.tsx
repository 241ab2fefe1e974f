import { Alert } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ChainVerification } from '../../api/types.ts';

/** Result of walking the activity hash chain (spec §10.9). */
export function ChainVerificationAlert({ result, onClose }: { result: ChainVerification; onClose: () => void }): ReactElement {
  const plural = result.checked === 1 ? 'event' : 'events';
  if (result.ok) {
    return (
      <Alert color="teal" variant="light" role="status" title="Activity log verified" withCloseButton onClose={onClose}>
        All {result.checked} {plural} are intact: each one links to the one before it, so none was changed or removed.
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="alert" title="Activity log chain is broken" withCloseButton onClose={onClose}>
      The chain breaks at event #{result.firstBrokenSeq ?? '?'} (checked {result.checked} {plural}). That event or one
      right before it was altered or deleted outside Latchkey. Export the log now and compare it with your database
      backups to find what changed.
    </Alert>
  );
}
