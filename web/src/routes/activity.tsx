import { Button, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactElement } from 'react';
import { activityExportUrl, useActivity, useVerifyChain } from '../api/activity.ts';
import { useSession } from '../api/session.ts';
import type { ActivityFilters as Filters } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { ActivityFilters, EMPTY_FILTERS, type ActivityFilterValues } from '../features/activity/activity-filters.tsx';
import { ActivityTable } from '../features/activity/activity-table.tsx';
import { ChainVerificationAlert } from '../features/activity/chain-verification-alert.tsx';
import { isWorkspaceAdmin } from '../lib/permissions.ts';

function toApiFilters(values: ActivityFilterValues, search: string): Filters {
  return {
    type: values.type.trim() || undefined,
    actorId: values.actorId ?? undefined,
    from: values.from || undefined,
    to: values.to || undefined,
    q: search.trim() || undefined,
  };
}

export function ActivityPage(): ReactElement {
  const { member } = useSession();
  const isAdmin = isWorkspaceAdmin(member.role);
  const [values, setValues] = useState<ActivityFilterValues>(EMPTY_FILTERS);
  const [search] = useDebouncedValue(values.search, 300);
  const [type] = useDebouncedValue(values.type, 300);
  const filters = toApiFilters({ ...values, type }, search);
  const activity = useActivity(filters);
  const verify = useVerifyChain();

  const events = activity.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Activity"
        description={
          isAdmin
            ? 'Every change in this workspace, append-only and hash-chained so tampering shows. Filter it, export it, or verify the chain.'
            : 'Your own activity in this workspace: sign-ins and the changes you made.'
        }
        actions={
          <>
            <Button component="a" href={activityExportUrl(filters)} download variant="default">
              Export CSV
            </Button>
            {isAdmin && (
              <Button onClick={() => verify.mutate()} loading={verify.isPending} disabled={verify.isPending}>
                Verify chain
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        {verify.data && <ChainVerificationAlert result={verify.data} onClose={() => verify.reset()} />}
        {verify.isError && <ProblemAlert error={verify.error} title="Couldn’t verify the chain" />}
        <ActivityFilters value={values} onChange={setValues} showActor={isAdmin} />
        {activity.isError && <ProblemAlert error={activity.error} title="Couldn’t load activity" />}
        {activity.isPending && <TableSkeleton rows={8} />}
        {activity.isSuccess && events.length === 0 && (
          <EmptyState
            title={filtered ? 'No events match these filters' : 'No activity yet'}
            action={filtered ? { label: 'Clear filters', onClick: () => setValues(EMPTY_FILTERS) } : undefined}
          >
            {filtered
              ? 'Widen the date range, pick another event type or actor, or clear the filters.'
              : 'Sign-ins, invites, role changes and team changes appear here as they happen.'}
          </EmptyState>
        )}
        {events.length > 0 && <ActivityTable events={events} />}
        <LoadMore
          hasMore={activity.hasNextPage}
          loading={activity.isFetchingNextPage}
          onLoadMore={() => void activity.fetchNextPage()}
        />
      </Stack>
    </>
  );
}
