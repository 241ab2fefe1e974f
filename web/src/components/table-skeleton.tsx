import { Skeleton, Stack } from '@mantine/core';
import type { ReactElement } from 'react';

/** Placeholder rows while a table loads, so the layout doesn't jump. */
export function TableSkeleton({ rows = 5 }: { rows?: number }): ReactElement {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading">
      <Skeleton height={32} />
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} height={40} />
      ))}
    </Stack>
  );
}
