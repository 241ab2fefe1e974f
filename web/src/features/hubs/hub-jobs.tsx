import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import type { Hub } from '../../api/hub-types.ts';
import { useJobs } from '../../api/jobs.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TableSkeleton } from '../../components/table-skeleton.tsx';
import { JobDrawer } from '../automation/job-drawer.tsx';
import { JobsTable } from '../automation/jobs-table.tsx';
import { useJobNames } from '../automation/use-job-names.ts';

/** The hub's own Automation log (spec §6.2: Owners and Managers), live through the page's job stream. */
export function HubJobs({ hub }: { hub: Hub }): ReactElement {
  const jobs = useJobs({ hubId: hub.id });
  const names = useJobNames();
  const [open, setOpen] = useState<string | null>(null);
  const rows = jobs.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Validations, syncs, invites and removals on this hub, newest first.
        </Text>
        <Anchor size="sm" renderRoot={(props) => <Link to="/automation" search={{ hubId: hub.id }} {...props} />}>
          Open in Automation
        </Anchor>
      </Group>
      {jobs.isError && <ProblemAlert error={jobs.error} title="Couldn’t load this hub’s jobs" />}
      {jobs.isPending && <TableSkeleton rows={3} />}
      {jobs.isSuccess && rows.length === 0 && (
        <EmptyState title="No jobs yet">Jobs for this hub — its validation, syncs, invites and removals — appear here as they run.</EmptyState>
      )}
      {rows.length > 0 && <JobsTable jobs={rows} names={names} showTarget={false} onOpen={(job) => setOpen(job.id)} />}
      <LoadMore hasMore={jobs.hasNextPage} loading={jobs.isFetchingNextPage} onLoadMore={() => void jobs.fetchNextPage()} />
      <JobDrawer jobId={open} names={names} onOpen={setOpen} onClose={() => setOpen(null)} />
    </Stack>
  );
}
