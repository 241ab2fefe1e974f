import { Button, Group } from '@mantine/core';
import type { ReactElement } from 'react';

export interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** Cursor pagination: one button that fetches the next page. */
export function LoadMore({ hasMore, loading, onLoadMore }: LoadMoreProps): ReactElement | null {
  if (!hasMore) return null;
  return (
    <Group justify="center" mt="md">
      <Button variant="default" onClick={onLoadMore} loading={loading} disabled={loading}>
        Load more
      </Button>
    </Group>
  );
}
